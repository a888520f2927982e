package dev.lakehouse.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServerClasspathTest {
  @Test
  void s3proxyIsOneSelfContainedJar() {
    assertThat(names(ServerClasspath.of("s3proxy")))
        .containsExactly("s3proxy-4.1.0-jar-with-dependencies.jar");
  }

  @Test
  void metastoreClasspathHasTheAddedJarsAndNoneOfTheExcludedOnes() {
    List<String> jars = names(ServerClasspath.of("metastore"));

    assertThat(jars)
        .contains(
            "hive-standalone-metastore-3.1.3.jar",
            "hadoop-common-3.3.4.jar",
            "hadoop-aws-3.3.4.jar",
            "aws-java-sdk-s3-1.12.262.jar",
            "aws-java-sdk-dynamodb-1.12.262.jar",
            "log4j-slf4j-impl-2.17.1.jar",
            "slf4j-api-1.7.36.jar")
        .anyMatch(jar -> jar.startsWith("postgresql-42.7."))
        .noneMatch(jar -> jar.startsWith("hadoop-hdfs"))
        .noneMatch(jar -> jar.startsWith("s3proxy"))
        .noneMatch(jar -> jar.startsWith("aws-java-sdk-bundle"))
        .noneMatch(jar -> jar.startsWith("slf4j-reload4j") || jar.startsWith("slf4j-log4j12"))
        .noneMatch(jar -> jar.startsWith("reload4j") || jar.startsWith("log4j-1.2.17"));
  }

  @Test
  void postgresSchemaScriptsAreBundled() {
    assertThat(
            getClass()
                .getResource(
                    "metastore-home/scripts/metastore/upgrade/postgres/hive-schema-3.1.0.postgres.sql"))
        .isNotNull();
  }

  private static List<String> names(List<Path> classpath) {
    return classpath.stream().map(path -> path.getFileName().toString()).toList();
  }
}
