package dev.lakehouse.jobs.image;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.api.job.JobConfig;
import dev.lakehouse.jobs.generate.RaygunGenerator;
import dev.lakehouse.testing.Dockerfile;
import dev.lakehouse.testing.DockerfileContext;
import dev.lakehouse.testing.DockerfileStaging;
import dev.lakehouse.testing.DockerfileStaging.Artifact;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The jobs image as far as it can be checked without Docker, after {@code package} staged
 * target/image/: the Dockerfile's base is pinned and every COPY source exists and is not empty in
 * the build context (.dockerignore applied); /opt/spark/jars gets exactly the runtime classpath the
 * tests ran on plus the jobs jar, one version of each artifact; and the staged launcher runs the
 * command line from the staged jars.
 */
class DockerfileIT {
  static final Path CONTEXT = Path.of("");
  static final Path STAGED = Path.of("target", "image");
  static final Dockerfile DOCKERFILE = Dockerfile.read(Path.of("Dockerfile"));

  static String property(String name) {
    String value = System.getProperty(name);
    assertThat(value)
        .as("system property %s (set by the failsafe configuration)", name)
        .isNotBlank();
    return value;
  }

  @Test
  void theBaseIsSparksJava17ImageOnATagOfTheSparkLineTheJarsAreFrom() {
    List<Dockerfile.Image> bases = DOCKERFILE.baseImages();

    assertThat(bases).hasSize(1);
    Dockerfile.Image base = bases.get(0);
    assertThat(base.pinned()).as("%s is pinned", base.reference()).isTrue();
    assertThat(base.name()).isEqualTo("apache/spark");
    assertThat(base.tag()).endsWith("-scala2.12-java17-ubuntu");
    // Its entrypoint starts the executors Spark asks for, against the jars below: same 3.5 line.
    String sparkVersion = artifact("org.apache.spark", "spark-core_2.12").version();
    assertThat(minorLine(base.tag())).isEqualTo(minorLine(sparkVersion));
  }

  @Test
  void everyCopySourceIsInTheBuildContextAndNotEmpty() {
    assertThat(DOCKERFILE.copies()).isNotEmpty();
    assertThat(DockerfileContext.of(CONTEXT.toAbsolutePath()).copyProblems(DOCKERFILE)).isEmpty();
  }

  @Test
  void theLauncherAndTheJarsLandWhereThePodsLookForThem() {
    assertThat(destinationOf("target/image/bin/lakehouse")).isEqualTo(JobConfig.LAUNCHER);
    assertThat(Files.isExecutable(STAGED.resolve("bin/lakehouse"))).isTrue();
    assertThat(destinationOf("target/image/jars/" + property("lakehouse.image.module-jar")))
        .isEqualTo("/opt/spark/jars/" + property("lakehouse.image.module-jar"));
  }

  @Test
  void sparkJarsAreExactlyTheTestedClasspathPlusTheJobsJarInOneVersionEach() throws IOException {
    List<Artifact> resolved = resolved();
    String moduleJar = property("lakehouse.image.module-jar");
    List<String> expected = new ArrayList<>(resolved.stream().map(Artifact::fileName).toList());
    expected.add(moduleJar);

    assertThat(DockerfileStaging.fileNames(STAGED.resolve("jars")))
        .containsExactlyInAnyOrderElementsOf(expected);
    assertThat(DockerfileStaging.versionConflicts(resolved)).isEmpty();
    assertThat(
            Files.mismatch(STAGED.resolve("jars").resolve(moduleJar), Path.of("target", moduleJar)))
        .as("the staged jobs jar is this build's")
        .isEqualTo(-1L);
    assertThat(resolved)
        .extracting(Artifact::key)
        .contains("io.delta:delta-spark_2.12", "dev.lakehouse:lakehouse-s3");
    // S3A must match the Hadoop client Spark runs on; the base image's own Hadoop is replaced.
    assertThat(artifact("org.apache.hadoop", "hadoop-aws").version())
        .isEqualTo(artifact("org.apache.hadoop", "hadoop-client-api").version())
        .isEqualTo(artifact("org.apache.hadoop", "hadoop-client-runtime").version());
    // Spark's Kubernetes scheduler brings its own fabric8: no other fabric8 line may sneak in.
    assertThat(
            resolved.stream()
                .filter(
                    a ->
                        a.groupId().equals("io.fabric8")
                            && a.artifactId().startsWith("kubernetes-"))
                .map(Artifact::version)
                .collect(Collectors.toSet()))
        .hasSize(1);
    // One SLF4J binding: Spark's, to the Log4j 2 the pods' log4j2.properties configures.
    assertThat(DockerfileStaging.slf4jBindings(resolved)).containsExactly("log4j-slf4j2-impl");
  }

  @Test
  void theStagedLauncherRunsTheCommandLineFromTheStagedJars(@TempDir Path temp) throws Exception {
    // The launcher with the image's paths pointed at the staged folders, run as the pod runs it.
    Path launcher = temp.resolve("lakehouse");
    String script =
        Files.readString(STAGED.resolve("bin/lakehouse"))
            .replace("/opt/spark/jars", STAGED.resolve("jars").toAbsolutePath().toString())
            .replace("/opt/lakehouse", STAGED.toAbsolutePath().toString());
    Files.writeString(launcher, script);
    Path home = temp.resolve("home");
    RaygunGenerator.write(home.resolve("buckets/lakehouse/landing/raygun"), 1, 40, 42);

    Result help = launch(launcher, temp, "--help");
    assertThat(help.code()).as(help.output()).isZero();
    assertThat(help.output()).contains("lakehouse upload <dir>");

    // Spark, Delta and the engine, loaded from /opt/spark/jars in directory order as in the image.
    Result run =
        launch(
            launcher,
            temp,
            "run",
            "-f",
            Path.of("..", "examples", "raygun").toAbsolutePath().toString(),
            "--home",
            home.toString());
    assertThat(run.code()).as(run.output()).isZero();
    assertThat(run.output()).contains("[top-ips]").contains("[raygun-errors-1]");
  }

  record Result(int code, String output) {}

  static Result launch(Path launcher, Path workDir, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("sh", launcher.toString()));
    command.addAll(List.of(args));
    Path log = workDir.resolve("launcher.log");
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(workDir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    Map<String, String> env = builder.environment();
    env.put("JAVA_HOME", System.getProperty("java.home"));
    // As in a pod: the heap from JAVA_TOOL_OPTIONS, which the launcher must not override.
    env.put("JAVA_TOOL_OPTIONS", "-Xmx1g -XX:+ExitOnOutOfMemoryError");
    env.put("SPARK_LOCAL_IP", "127.0.0.1");
    Process process = builder.start();
    if (!process.waitFor(5, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new AssertionError(
          "the launcher did not finish in 5 minutes: " + Files.readString(log));
    }
    return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
  }

  static List<Artifact> resolved() {
    return DockerfileStaging.readList(Path.of("target", "image-dependencies.txt"));
  }

  static Artifact artifact(String groupId, String artifactId) {
    return resolved().stream()
        .filter(a -> a.groupId().equals(groupId) && a.artifactId().equals(artifactId))
        .findFirst()
        .orElseThrow(() -> new AssertionError(groupId + ":" + artifactId + " is not staged"));
  }

  static String minorLine(String version) {
    String[] parts = version.split("[.-]");
    return parts[0] + "." + parts[1];
  }

  /** Where a staged file ends up in the image, from the COPY whose source folder holds it. */
  static String destinationOf(String staged) {
    for (Dockerfile.Copy copy : DOCKERFILE.copies()) {
      for (String source : copy.contextSources()) {
        String folder = source.endsWith("/") ? source : source + "/";
        if (staged.startsWith(folder)) {
          String destination =
              copy.destination().endsWith("/") ? copy.destination() : copy.destination() + "/";
          return destination + staged.substring(folder.length());
        }
      }
    }
    throw new AssertionError("no COPY takes " + staged);
  }
}
