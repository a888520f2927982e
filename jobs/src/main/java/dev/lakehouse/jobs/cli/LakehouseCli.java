package dev.lakehouse.jobs.cli;

import dev.lakehouse.jobs.Messages;
import dev.lakehouse.jobs.bench.IngestBenchmark;
import dev.lakehouse.jobs.engine.RunFailure;
import dev.lakehouse.jobs.engine.SparkSettings;
import dev.lakehouse.jobs.generate.GenerateCommand;
import dev.lakehouse.jobs.local.LazySparkSession;
import dev.lakehouse.jobs.local.LocalLayout;
import dev.lakehouse.jobs.local.LocalRunner;
import dev.lakehouse.jobs.manifest.ManifestException;
import dev.lakehouse.jobs.manifest.ManifestSet;
import dev.lakehouse.jobs.pod.JobCommand;
import dev.lakehouse.jobs.upload.UploadCommand;
import dev.lakehouse.jobs.upload.UploadFailure;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@code lakehouse} command: {@code run -f <file-or-folder>} runs manifests on this machine,
 * {@code generate} writes sample data, {@code upload} copies files into a bucket, {@code job
 * --config FILE} is what a jobs-image pod runs. Errors are one line saying what to fix.
 */
public final class LakehouseCli {
  static final int OK = 0;
  static final int FAILED = 1;
  static final int USAGE = 2;

  static final String USAGE_TEXT =
      """
      usage: lakehouse run -f <file-or-folder> [-f ...] [--home DIR]
             lakehouse generate raygun|pokemon|iot --out DIR [--files N] [--seed S]
             lakehouse upload <dir> s3://<bucket>/<prefix> --endpoint URL [--region REGION]
             lakehouse job --config FILE
             lakehouse bench ingest [--files N] [--batch-size N] [--work DIR] [--only a,b,...]

        run        runs Dataset, IngestionRun and Query manifests locally (Spark local mode, Delta
                   tables under <home>/buckets/<bucket>/warehouse, checkpoints under <home>/state);
                   a rerun resumes unfinished runs and skips finished ones. --home defaults to .lakehouse
        generate   writes deterministic sample data shaped like the examples' sources
        upload     copies every file under <dir> to <prefix>/<relative path> in the bucket of any S3
                   endpoint (path-style), with the credentials of AWS_ACCESS_KEY_ID and
                   AWS_SECRET_ACCESS_KEY; --region defaults to us-east-1
        bench      measures ingestion on generated Raygun-shaped files (default 20000, batches of
                   5000): the engine, its rerun and a resume after a kill at half way, against
                   plain Spark (best and default form), the replaced loop and the JSON-parse
                   ceiling, each in its own JVM; contenders: parse, engine, rerun, plain-best,
                   resume, plain-default, loop. Report in <work>/report.md (work: .lakehouse-bench)
        job        the entry point of a jobs-image pod: does the task (ingest, dropTable) of the
                   job.json the operator mounts, exits with 0, 10 (configuration), 11 (data
                   rejected) or 12 (a service failed) and leaves one line in the termination log
      """;

  private LakehouseCli() {}

  public static void main(String[] args) {
    int code = run(args, System.out, System.err);
    System.exit(code);
  }

  public static int run(String[] args, PrintStream out, PrintStream err) {
    return run(args, out, err, System.getenv());
  }

  /** With the environment upload reads its credentials from. */
  public static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env) {
    if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
      out.print(USAGE_TEXT);
      return args.length == 0 ? USAGE : OK;
    }
    try {
      return switch (args[0]) {
        case "run" -> runManifests(List.of(args).subList(1, args.length), out);
        case "job" -> JobCommand.inPod(out, err).run(List.of(args).subList(1, args.length));
        case "generate" -> {
          out.println(
              GenerateCommand.run(List.of(args).subList(1, args.length).toArray(String[]::new)));
          yield OK;
        }
        case "bench" -> {
          out.println(IngestBenchmark.run(List.of(args).subList(1, args.length), out));
          yield OK;
        }
        case "upload" -> {
          out.println(UploadCommand.run(List.of(args).subList(1, args.length), env));
          yield OK;
        }
        default -> {
          err.println("error: unknown command \"" + args[0] + "\"\n" + USAGE_TEXT);
          yield USAGE;
        }
      };
    } catch (ManifestException | IllegalArgumentException e) {
      err.println("error: " + e.getMessage());
      return USAGE;
    } catch (RunFailure | UploadFailure e) {
      err.println("error: " + e.getMessage());
      return FAILED;
    } catch (Exception e) {
      err.println(
          "error: " + e.getClass().getSimpleName() + ": " + Messages.firstLine(e.getMessage()));
      return FAILED;
    }
  }

  private static int runManifests(List<String> args, PrintStream out) throws Exception {
    List<Path> files = new ArrayList<>();
    Path home = Path.of(".lakehouse");
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if ((arg.equals("-f") || arg.equals("--file")) && i + 1 < args.size()) {
        files.add(Path.of(args.get(++i)));
      } else if (arg.equals("--home") && i + 1 < args.size()) {
        home = Path.of(args.get(++i));
      } else {
        throw new IllegalArgumentException(
            "run: unexpected argument \"" + arg + "\"\n" + USAGE_TEXT);
      }
    }
    if (files.isEmpty()) {
      throw new IllegalArgumentException("run needs -f <file-or-folder>\n" + USAGE_TEXT);
    }
    ManifestSet manifests = ManifestSet.load(files);
    var layout = new LocalLayout(home);
    var settings =
        new SparkSettings("local[*]")
            .loopback()
            .inMemoryCatalog(layout.sparkWarehouse().toUri().toString());
    try (var spark = new LazySparkSession(settings)) {
      new LocalRunner(spark, layout, out).run(manifests);
    }
    return OK;
  }
}
