package dev.lakehouse.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakehouse.testing.Dockerfile.Copy;
import dev.lakehouse.testing.Dockerfile.Image;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DockerfileTest {
  @Test
  void joinsContinuationLinesAndDropsCommentsInsideThem() {
    Dockerfile file =
        Dockerfile.parse(
            """
            # a comment
            FROM eclipse-temurin:17.0.20.1_1-jre-noble

            RUN apt-get update \\
                # a comment inside the instruction
                && apt-get install -y curl \\

                && rm -rf /var/lib/apt/lists/*
            COPY --chown=185:185 \\
                target/image/jars/ \\
                /opt/spark/jars/
            USER 185
            """);

    assertThat(file.instructions())
        .extracting(Dockerfile.Instruction::keyword)
        .containsExactly("FROM", "RUN", "COPY", "USER");
    var run = file.instructions("RUN").get(0);
    assertThat(run.line()).isEqualTo(4);
    assertThat(run.arguments().split("\\s+"))
        .containsExactly(
            "apt-get",
            "update",
            "&&",
            "apt-get",
            "install",
            "-y",
            "curl",
            "&&",
            "rm",
            "-rf",
            "/var/lib/apt/lists/*");
    Copy copy = file.copies().get(0);
    assertThat(copy.line()).isEqualTo(9);
    assertThat(copy.flags()).containsExactly("--chown=185:185");
    assertThat(copy.flag("chown")).contains("185:185");
    assertThat(copy.sources()).containsExactly("target/image/jars/");
    assertThat(copy.destination()).isEqualTo("/opt/spark/jars/");
    assertThat(copy.contextSources()).containsExactly("target/image/jars/");
  }

  @Test
  void copiesFromAnotherStageOrByUrlReadNothingFromTheContext() {
    Dockerfile file =
        Dockerfile.parse(
            """
            FROM --platform=$BUILDPLATFORM maven:3.9.11-eclipse-temurin-17 AS build
            COPY pom.xml src/ /build/
            FROM build AS test
            FROM eclipse-temurin:17.0.20.1_1-jre-noble
            COPY --from=build --chown=10001 /build/target/app.jar /app/
            ADD https://example.org/a.tar.gz /tmp/
            ADD --chmod=644 ["conf/a b.properties", "/etc/app/"]
            COPY --link lib/ lib2/ /opt/lib/
            """);

    assertThat(file.baseImages())
        .extracting(Image::reference)
        .containsExactly(
            "maven:3.9.11-eclipse-temurin-17", "eclipse-temurin:17.0.20.1_1-jre-noble");
    List<Copy> copies = file.copies();
    assertThat(copies)
        .extracting(Copy::keyword)
        .containsExactly("COPY", "COPY", "ADD", "ADD", "COPY");
    assertThat(copies.get(0).sources()).containsExactly("pom.xml", "src/");
    assertThat(copies.get(1).from()).contains("build");
    assertThat(copies.get(1).flag("chown")).contains("10001");
    assertThat(copies.get(1).contextSources()).isEmpty();
    assertThat(copies.get(2).contextSources()).isEmpty();
    assertThat(copies.get(3).sources()).containsExactly("conf/a b.properties");
    assertThat(copies.get(3).destination()).isEqualTo("/etc/app/");
    assertThat(copies.get(4).flag("link")).contains("");
    assertThat(copies.get(4).contextSources()).containsExactly("lib/", "lib2/");
  }

  @Test
  void anEscapeDirectiveChangesTheContinuationCharacter() {
    Dockerfile file =
        Dockerfile.parse(
            """
            # escape=`
            FROM mcr.microsoft.com/windows/servercore:ltsc2022
            COPY C:\\src\\app `
                C:\\app\\
            """);

    Copy copy = file.copies().get(0);
    assertThat(copy.sources()).containsExactly("C:\\src\\app");
    assertThat(copy.destination()).isEqualTo("C:\\app\\");
  }

  @Test
  void refusesWhatItCannotReadCorrectly() {
    assertThatThrownBy(() -> Dockerfile.parse("FROM a:1\nCOPY <<EOF /x\nhello\nEOF\n"))
        .hasMessageContaining("line 2: heredocs are not supported");
    assertThatThrownBy(() -> Dockerfile.parse("FROM a:1\nCOPY /x\n").copies())
        .hasMessageContaining("line 2: COPY needs at least one source and a destination");
    assertThatThrownBy(() -> Dockerfile.parse("FROM a:1\nRUN true \\\n"))
        .hasMessageContaining("ends with a line continuation");
    // Not JSON: Docker reads it in shell form, and so does the parser (a test then finds no
    // source named ["a",).
    assertThat(Dockerfile.parse("FROM a:1\nCOPY [\"a\", b] /x\n").copies().get(0).sources())
        .containsExactly("[\"a\",", "b]");
  }

  @Test
  void anImageIsPinnedByATagOtherThanLatestOrByADigest() {
    assertThat(Image.parse("apache/spark:3.5.8-scala2.12-java17-ubuntu").pinned()).isTrue();
    assertThat(Image.parse("busybox@sha256:abc123").pinned()).isTrue();
    assertThat(Image.parse("busybox:latest").pinned()).isFalse();
    assertThat(Image.parse("busybox:latest@sha256:abc123").pinned()).isFalse();
    assertThat(Image.parse("busybox").pinned()).isFalse();
    assertThat(Image.parse("${BASE}").pinned()).isFalse();
    assertThat(Image.parse("eclipse-temurin:${JAVA}-jre").pinned()).isFalse();

    Image withPort = Image.parse("localhost:5000/team/app");
    assertThat(withPort.name()).isEqualTo("localhost:5000/team/app");
    assertThat(withPort.tag()).isNull();
    assertThat(withPort.pinned()).isFalse();
    Image full = Image.parse("registry.example:5000/team/app:1.2@sha256:ff");
    assertThat(full.name()).isEqualTo("registry.example:5000/team/app");
    assertThat(full.tag()).isEqualTo("1.2");
    assertThat(full.digest()).isEqualTo("sha256:ff");
  }

  @Test
  void theContextSendsWhatDockerignoreLeavesIn(@TempDir Path dir) throws Exception {
    Files.createDirectories(dir.resolve("src/main"));
    Files.writeString(dir.resolve("src/main/A.java"), "class A {}");
    Files.createDirectories(dir.resolve("target/image/jars"));
    Files.writeString(dir.resolve("target/image/jars/a.jar"), "jar");
    Files.writeString(dir.resolve("target/image/jars/.hidden"), "x");
    Files.writeString(dir.resolve("target/other.jar"), "jar");
    Files.writeString(dir.resolve("pom.xml"), "<project/>");

    var context =
        DockerfileContext.of(
            dir, "# only what the build staged\n*\n!target/image/**\ntarget/image/**/.*\n");

    assertThat(context.excluded("pom.xml")).isTrue();
    assertThat(context.excluded("src/main/A.java")).isTrue();
    assertThat(context.excluded("target/other.jar")).isTrue();
    assertThat(context.excluded("target/image/jars/a.jar")).isFalse();
    assertThat(context.excluded("target/image/jars/.hidden")).isTrue();
    assertThat(context.files("target/image/jars/"))
        .containsExactly(dir.resolve("target/image/jars/a.jar"));
    assertThat(context.files("src")).isEmpty();
    assertThat(context.files("target/image/missing")).isEmpty();

    // A folder excluded as a whole keeps everything under it out, whatever the file names.
    var folder = DockerfileContext.of(dir, "target\n");
    assertThat(folder.excluded("target/image/jars/a.jar")).isTrue();
    assertThat(folder.excluded("src/main/A.java")).isFalse();
    // Without a .dockerignore everything goes.
    assertThat(DockerfileContext.of(dir).files(".")).hasSize(5);
  }

  @Test
  void copySourcesMustSendFilesWithFixedNames(@TempDir Path dir) throws Exception {
    Files.createDirectories(dir.resolve("target/image/jars"));
    Files.writeString(dir.resolve("target/image/jars/a.jar"), "jar");
    Files.writeString(dir.resolve("target/image/empty.txt"), "");
    var context = DockerfileContext.of(dir);

    assertThat(context.copyProblems(Dockerfile.parse("FROM x:1\nCOPY target/image/jars/ /a/\n")))
        .isEmpty();
    assertThat(
            context.copyProblems(
                Dockerfile.parse(
                    "FROM x:1\nCOPY target/image/missing/ /a/\nCOPY target/*.jar /b/\n"
                        + "COPY target/image/empty.txt /c/\nCOPY target/app-1.2.jar /d/\n")))
        .containsExactly(
            "line 2: target/image/missing/ sends no file",
            "line 3: target/*.jar is a glob or names a version",
            "line 3: target/*.jar sends no file",
            "line 4: target/image/empty.txt: target/image/empty.txt is empty",
            "line 5: target/app-1.2.jar is a glob or names a version",
            "line 5: target/app-1.2.jar sends no file");
  }

  @Test
  void dockerignoreGlobsFollowDockersRules(@TempDir Path dir) {
    var context = DockerfileContext.of(dir, "**/*.log\n/tmp?\n*.md\n!README.md\n");

    assertThat(context.excluded("a.log")).isTrue();
    assertThat(context.excluded("x/y/a.log")).isTrue();
    assertThat(context.excluded("tmp1")).isTrue();
    assertThat(context.excluded("tmp12")).isFalse();
    assertThat(context.excluded("NOTES.md")).isTrue();
    assertThat(context.excluded("docs/NOTES.md")).isFalse();
    assertThat(context.excluded("README.md")).isFalse();
  }

  @Test
  void stagingReadsMavensDependencyListAndFindsArtifactsInTwoVersions(@TempDir Path dir)
      throws Exception {
    Path list = dir.resolve("deps.txt");
    Files.writeString(
        list,
        """

        The following files have been resolved:
           org.slf4j:slf4j-api:jar:2.0.17:compile -- module org.slf4j [auto]
           io.netty:netty-transport-native-epoll:jar:linux-x86_64:4.1.96.Final:compile -- module x
           io.netty:netty-transport-native-epoll:jar:linux-aarch_64:4.1.96.Final:compile
           io.fabric8:kubernetes-client:jar:6.7.2:compile
           io.fabric8:kubernetes-client:jar:7.5.2:runtime
           ch.qos.logback:logback-classic:jar:1.5.18:runtime -- module ch.qos.logback.classic
        """);

    var artifacts = DockerfileStaging.readList(list);

    assertThat(artifacts)
        .extracting(DockerfileStaging.Artifact::fileName)
        .containsExactly(
            "slf4j-api-2.0.17.jar",
            "netty-transport-native-epoll-4.1.96.Final-linux-x86_64.jar",
            "netty-transport-native-epoll-4.1.96.Final-linux-aarch_64.jar",
            "kubernetes-client-6.7.2.jar",
            "kubernetes-client-7.5.2.jar",
            "logback-classic-1.5.18.jar");
    assertThat(DockerfileStaging.slf4jBindings(artifacts)).containsExactly("logback-classic");
    assertThat(DockerfileStaging.versionConflicts(artifacts))
        .containsOnlyKeys("io.fabric8:kubernetes-client")
        .containsEntry(
            "io.fabric8:kubernetes-client", new java.util.TreeSet<>(Set.of("6.7.2", "7.5.2")));
  }
}
