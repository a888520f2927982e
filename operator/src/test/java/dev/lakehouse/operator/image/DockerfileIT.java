package dev.lakehouse.operator.image;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.testing.Dockerfile;
import dev.lakehouse.testing.DockerfileContext;
import dev.lakehouse.testing.DockerfileStaging;
import dev.lakehouse.testing.DockerfileStaging.Artifact;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * The operator image as far as it can be checked without Docker, after {@code package} staged
 * target/image/lib: a pinned base, every COPY source present and not empty in the build context,
 * exactly the runtime classpath plus the operator jar (one version of each artifact, one fabric8
 * HTTP client, one SLF4J binding), a numeric non-root user, and an entry point naming a class of
 * that jar.
 */
class DockerfileIT {
  static final Path LIB = Path.of("target", "image", "lib");
  static final Dockerfile DOCKERFILE = Dockerfile.read(Path.of("Dockerfile"));
  static final String MAIN_CLASS = "dev.lakehouse.operator.LakehouseOperator";

  @Test
  void theBaseIsAPinnedJava17Runtime() {
    List<Dockerfile.Image> bases = DOCKERFILE.baseImages();

    assertThat(bases).hasSize(1);
    assertThat(bases.get(0).pinned()).as("%s is pinned", bases.get(0).reference()).isTrue();
    assertThat(bases.get(0).name()).isEqualTo("eclipse-temurin");
    assertThat(bases.get(0).tag()).startsWith("17.").contains("-jre");
  }

  @Test
  void everyCopySourceIsInTheBuildContextAndNotEmpty() {
    assertThat(DOCKERFILE.copies()).isNotEmpty();
    assertThat(DockerfileContext.of(Path.of("").toAbsolutePath()).copyProblems(DOCKERFILE))
        .isEmpty();
  }

  @Test
  void libIsExactlyTheRuntimeClasspathPlusTheOperatorJar() throws IOException {
    List<Artifact> resolved =
        DockerfileStaging.readList(Path.of("target", "image-dependencies.txt"));
    String operatorJar = System.getProperty("lakehouse.image.module-jar");
    assertThat(operatorJar).as("set by the failsafe configuration").isNotBlank();
    List<String> expected = new ArrayList<>(resolved.stream().map(Artifact::fileName).toList());
    expected.add(operatorJar);

    assertThat(DockerfileStaging.fileNames(LIB)).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(DockerfileStaging.versionConflicts(resolved)).isEmpty();
    // Two HTTP clients of equal priority and fabric8 picks one at random.
    assertThat(resolved)
        .filteredOn(a -> a.artifactId().startsWith("kubernetes-httpclient-"))
        .extracting(Artifact::artifactId)
        .containsExactly("kubernetes-httpclient-jdk");
    // One SLF4J binding: logback, which logback.xml configures.
    assertThat(DockerfileStaging.slf4jBindings(resolved)).containsExactly("logback-classic");
    assertThat(Files.mismatch(LIB.resolve(operatorJar), Path.of("target", operatorJar)))
        .as("the staged operator jar is this build's")
        .isEqualTo(-1L);
    try (JarFile jar = new JarFile(LIB.resolve(operatorJar).toFile())) {
      assertThat(jar.getEntry(MAIN_CLASS.replace('.', '/') + ".class")).isNotNull();
    }
  }

  @Test
  void itRunsTheOperatorAsANumericNonRootUserOnPort8080() {
    List<Dockerfile.Instruction> users = DOCKERFILE.instructions("USER");
    assertThat(users).isNotEmpty();
    String user = users.get(users.size() - 1).arguments();
    assertThat(user).matches("\\d+(:\\d+)?");
    assertThat(Long.parseLong(user.split(":")[0])).isPositive();

    assertThat(DOCKERFILE.instructions("EXPOSE"))
        .extracting(Dockerfile.Instruction::arguments)
        .containsExactly("8080");
    assertThat(DOCKERFILE.instructions("ENTRYPOINT"))
        .extracting(Dockerfile.Instruction::arguments)
        .containsExactly("[\"java\", \"-cp\", \"/opt/lakehouse/lib/*\", \"" + MAIN_CLASS + "\"]");
    assertThat(DOCKERFILE.copies().get(0).destination()).isEqualTo("/opt/lakehouse/lib/");
  }
}
