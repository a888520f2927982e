package dev.lakehouse.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrinoJavaTest {
  @TempDir Path jvms;

  @Test
  void readsTheFeatureVersionOfEveryNumberingScheme() {
    assertThat(TrinoJava.featureVersion("\"25.0.3\"")).hasValue(25);
    assertThat(TrinoJava.featureVersion("\"24\"")).hasValue(24);
    assertThat(TrinoJava.featureVersion("\"26-ea\"")).hasValue(26);
    assertThat(TrinoJava.featureVersion("\"17.0.15\"")).hasValue(17);
    assertThat(TrinoJava.featureVersion("\"1.8.0_292\"")).hasValue(8);
    assertThat(TrinoJava.featureVersion("\"\"")).isEmpty();
    assertThat(TrinoJava.featureVersion("unknown")).isEmpty();
  }

  @Test
  void readsTheReleaseFileOfAJdkWithAJavaBinary() throws IOException {
    assertThat(TrinoJava.version(jdk("temurin-25", "25.0.3"))).hasValue(25);
    Path noBinary = Files.createDirectories(jvms.resolve("jre-without-bin"));
    Files.writeString(noBinary.resolve("release"), "JAVA_VERSION=\"25\"\n");
    assertThat(TrinoJava.version(noBinary)).isEqualTo(OptionalInt.empty());
    assertThat(TrinoJava.version(jvms.resolve("missing"))).isEmpty();
  }

  @Test
  void picksTheNewestJdkThatIsNewEnough() throws IOException {
    Path java17 = jdk("java-17-openjdk", "17.0.15");
    Path java24 = jdk("jdk-24", "24.0.2");
    Path java25 = jdk("temurin-25-jdk", "25.0.3");
    Path notAJdk = Files.createDirectories(jvms.resolve("default-java-docs"));

    assertThat(TrinoJava.choose(TrinoJava.ENV, null, List.of(java17, java24, notAJdk, java25), 24))
        .isEqualTo(java25);
    assertThat(TrinoJava.choose(TrinoJava.ENV, null, List.of(java17, java24), 24))
        .isEqualTo(java24);
  }

  @Test
  void anExplicitChoiceWinsOverNewerOnes() throws IOException {
    Path java24 = jdk("jdk-24", "24.0.2");
    Path java25 = jdk("temurin-25-jdk", "25.0.3");

    assertThat(TrinoJava.choose(TrinoJava.ENV, java24, List.of(java25), 24)).isEqualTo(java24);
    // Pointing at the binary is accepted too.
    assertThat(TrinoJava.choose(TrinoJava.ENV, java24.resolve("bin/java"), List.of(), 24))
        .isEqualTo(java24);
  }

  @Test
  void refusesAnExplicitJdkThatIsTooOld() throws IOException {
    Path java17 = jdk("java-17-openjdk", "17.0.15");
    Path java25 = jdk("temurin-25-jdk", "25.0.3");

    assertThatThrownBy(() -> TrinoJava.choose(TrinoJava.ENV, java17, List.of(java25), 24))
        .isInstanceOf(ServerStartException.class)
        .hasMessageContaining("TRINO_JAVA_HOME=" + java17 + " is Java 17")
        .hasMessageContaining("Java 24 or newer");
  }

  @Test
  void explainsHowToProvideAJdkWhenNoneIsNewEnough() throws IOException {
    Path java17 = jdk("java-17-openjdk", "17.0.15");

    assertThatThrownBy(() -> TrinoJava.choose(TrinoJava.ENV, null, List.of(java17), 24))
        .isInstanceOf(ServerStartException.class)
        .hasMessageContaining("Trino needs Java 24 or newer and none was found")
        .hasMessageContaining(java17 + " (Java 17)")
        .hasMessageContaining("set TRINO_JAVA_HOME");
  }

  @Test
  void listsJdkFoldersAndMacOsBundles() throws IOException {
    Path linux = jdk("temurin-25-jdk", "25.0.3");
    Path bundle = jvms.resolve("temurin-24.jdk");
    Path macHome = jdkAt(bundle.resolve("Contents/Home"), "24.0.1");
    Files.writeString(jvms.resolve(".jinfo"), "not a folder");

    assertThat(TrinoJava.installedUnder(jvms)).containsExactlyInAnyOrder(linux, macHome);
    assertThat(TrinoJava.installedUnder(jvms.resolve("absent"))).isEmpty();
  }

  private Path jdk(String name, String version) throws IOException {
    return jdkAt(jvms.resolve(name), version);
  }

  private static Path jdkAt(Path home, String version) throws IOException {
    Path java = Files.createDirectories(home.resolve("bin")).resolve("java");
    Files.writeString(java, "#!/bin/sh\n");
    Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.writeString(
        home.resolve("release"),
        "IMPLEMENTOR=\"Test\"\nJAVA_VERSION=\""
            + version
            + "\"\nJAVA_VERSION_DATE=\"2026-01-01\"\n");
    return home;
  }
}
