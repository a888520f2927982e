package dev.lakehouse.jobs.pod;

import dev.lakehouse.api.job.JobConfig;
import dev.lakehouse.api.job.JobExitCode;
import dev.lakehouse.checkpoint.CheckpointStore;
import dev.lakehouse.checkpoint.KubernetesCheckpointStore;
import dev.lakehouse.jobs.engine.ConsoleProgress;
import dev.lakehouse.jobs.engine.IngestionEngine;
import dev.lakehouse.jobs.engine.SparkSessions;
import dev.lakehouse.jobs.engine.SparkSettings;
import dev.lakehouse.jobs.engine.Storage;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;

/**
 * {@code lakehouse job --config FILE}: what a jobs-image pod runs. It does the task of the {@link
 * JobConfig} the operator mounted, then exits with a {@link JobExitCode} and, on failure, leaves
 * one line for the operator in the {@link TerminationLog}.
 */
public final class JobCommand {
  /** Where a task's checkpoints go; the IngestionRun's status in a pod. */
  @FunctionalInterface
  public interface CheckpointStores {
    CheckpointStore open(JobConfig config);
  }

  private final Map<String, String> env;
  private final CheckpointStores stores;
  private final Function<SparkSettings, SparkSession> sessions;
  private final PrintStream out;
  private final PrintStream err;

  public JobCommand(
      Map<String, String> env,
      CheckpointStores stores,
      Function<SparkSettings, SparkSession> sessions,
      PrintStream out,
      PrintStream err) {
    this.env = Map.copyOf(env);
    this.stores = stores;
    this.sessions = sessions;
    this.out = out;
    this.err = err;
  }

  /** The command as a pod runs it: its environment, the run's status as the checkpoint store. */
  public static JobCommand inPod(PrintStream out, PrintStream err) {
    return new JobCommand(
        System.getenv(),
        config -> KubernetesCheckpointStore.inCluster(config.runName),
        SparkSessions::start,
        out,
        err);
  }

  /** Runs {@code --config FILE}; returns the process exit code. */
  public int run(List<String> args) {
    try {
      execute(configFile(args));
      return JobExitCode.SUCCEEDED.code();
    } catch (VirtualMachineError e) {
      throw e; // out of memory: the JVM's own exit code (3) says it better than anything here
    } catch (Throwable e) { // Scala throws checked exceptions undeclared: read the cause chain
      return failed(e).code();
    }
  }

  void execute(Path file) throws Exception {
    JobConfig config = JobConfigFile.read(file);
    SparkSettings settings = PodSparkSettings.of(config, env);
    String label = config.runName != null ? config.runName : config.dataset.table.qualifiedName();
    out.printf("[%s] %s: starting Spark (%s)%n", label, config.task, master(settings));
    try (SparkSession spark = sessions.apply(settings)) {
      Storage storage = Storage.s3(config.storage.bucket);
      switch (config.task) {
        case ingest -> ingest(spark, config, storage);
        case dropTable -> new TableDropper(spark, out).drop(config.dataset.table, storage);
      }
    }
  }

  private void ingest(SparkSession spark, JobConfig config, Storage storage) throws Exception {
    long started = System.nanoTime();
    var progress = new ConsoleProgress(out);
    var request =
        new IngestionEngine.Request(
            config.runName, config.runId, config.datasetName, config.dataset, config.run, storage);
    var done = new IngestionEngine(spark, progress).ingest(request, stores.open(config));
    progress.succeeded(request, done, started);
  }

  private JobExitCode failed(Throwable e) {
    JobExitCode code = FailureClassifier.classify(e);
    List<String> secrets = secrets();
    String message = TerminationLog.redact(FailureClassifier.message(e), secrets);
    err.printf("error (exit %d, %s): %s%n", code.code(), code, message);
    if (code == JobExitCode.UNEXPECTED) {
      StringWriter trace = new StringWriter();
      e.printStackTrace(new PrintWriter(trace));
      err.print(TerminationLog.redact(trace.toString(), secrets));
    }
    TerminationLog.fromEnvironment(env).write(message, secrets);
    return code;
  }

  private List<String> secrets() {
    return Stream.of(JobConfig.S3_ACCESS_KEY_ENV, JobConfig.S3_SECRET_KEY_ENV)
        .map(env::get)
        .filter(v -> v != null && !v.isBlank())
        .toList();
  }

  private static Path configFile(List<String> args) throws JobConfigException {
    if (args.size() == 2 && args.get(0).equals("--config")) {
      return Path.of(args.get(1));
    }
    throw new JobConfigException(
        "usage: lakehouse job --config FILE (got "
            + (args.isEmpty() ? "no arguments" : String.join(" ", args))
            + ")");
  }

  private static String master(SparkSettings settings) {
    return settings.asMap().get("spark.master");
  }
}
