package dev.lakehouse.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TrinoConfigRendererTest {
  private static final long GIB = 1024L * 1024 * 1024;

  private final TrinoSettings coordinator =
      TrinoSettings.builder()
          .role(TrinoRole.COORDINATOR)
          .discoveryUri("http://demo-trino:8080")
          .workers(3)
          .memory(TrinoMemory.forContainerLimit(4 * GIB))
          .metastoreUri("thrift://demo-metastore:9083")
          .s3(S3Settings.of("http://demo-minio:9000", "us-east-1", true))
          .build();

  @ParameterizedTest(name = "{0} MiB limit: heap {1}M, code cache {2}M")
  @CsvSource({
    // limit, heap, code cache, query memory per node
    "2048, 1280, 256, 384",
    "3072, 2304, 256, 691",
    "4096, 3276, 256, 982",
    "8192, 6553, 512, 1965",
    "65536, 52428, 512, 15728",
  })
  void theHeapLeavesRoomForTheJvmsNativeMemory(
      long limitMiB, long heapMiB, long codeCacheMiB, long perNodeMiB) {
    TrinoMemory memory = TrinoMemory.forContainerLimit(limitMiB * 1024 * 1024);

    assertThat(memory.heapMebibytes()).isEqualTo(heapMiB);
    assertThat(memory.codeCacheMebibytes()).isEqualTo(codeCacheMiB);
    assertThat(memory.queryMaxMemoryPerNodeMebibytes()).isEqualTo(perNodeMiB);
    // At least 512 MiB (or a tenth) of native memory besides heap and code cache, at most 80%.
    assertThat(limitMiB - heapMiB - codeCacheMiB)
        .isGreaterThanOrEqualTo(Math.max(512, limitMiB / 10));
    assertThat(heapMiB).isLessThanOrEqualTo(limitMiB * 8 / 10);
  }

  @Test
  void theJvmConfigCarriesTheDerivedSizes() {
    assertThat(TrinoConfigRenderer.render(coordinator).get(TrinoConfigRenderer.JVM))
        .contains("-Xmx3276M\n")
        .contains("-Xms3276M\n")
        .contains("-XX:ReservedCodeCacheSize=256M\n");
  }

  @Test
  void refusesALimitTooSmallForTrino() {
    assertThatThrownBy(() -> TrinoMemory.forContainerLimit(1536L * 1024 * 1024))
        .hasMessageContaining("at least 2Gi");
  }

  @Test
  void coordinatorWithWorkersDoesNotScheduleOnItself() throws IOException {
    Properties config = load(TrinoConfigRenderer.render(coordinator), TrinoConfigRenderer.CONFIG);

    assertThat(config)
        .containsEntry("coordinator", "true")
        .containsEntry("node-scheduler.include-coordinator", "false")
        .containsEntry("discovery.uri", "http://demo-trino:8080")
        .containsEntry("query.max-memory-per-node", "982MB")
        .containsEntry("query.max-memory", "2946MB")
        .containsEntry(
            "internal-communication.shared-secret", "${ENV:LAKEHOUSE_TRINO_SHARED_SECRET}");
  }

  @Test
  void coordinatorWithoutWorkersRunsTasks() throws IOException {
    TrinoSettings alone =
        TrinoSettings.builder()
            .discoveryUri("http://localhost:8080")
            .workers(0)
            .memory(TrinoMemory.forContainerLimit(2 * GIB))
            .metastoreUri("thrift://localhost:9083")
            .s3(S3Settings.of("http://localhost:9000", "us-east-1", true))
            .build();

    assertThat(load(TrinoConfigRenderer.render(alone), TrinoConfigRenderer.CONFIG))
        .containsEntry("node-scheduler.include-coordinator", "true");
  }

  @Test
  void workerDrainsForTheGracePeriod() throws IOException {
    TrinoSettings worker = coordinator.withRole(TrinoRole.WORKER, coordinator.memory());
    Properties config = load(TrinoConfigRenderer.render(worker), TrinoConfigRenderer.CONFIG);

    assertThat(config)
        .containsEntry("coordinator", "false")
        .containsEntry("shutdown.grace-period", "60s")
        .doesNotContainKey("node-scheduler.include-coordinator");
  }

  @Test
  void deltaCatalogPointsAtMetastoreAndS3WithoutSecrets() throws IOException {
    Map<String, String> files = TrinoConfigRenderer.render(coordinator);
    Properties catalog = load(files, "catalog/lakehouse.properties");

    assertThat(catalog)
        .containsEntry("connector.name", "delta_lake")
        .containsEntry("hive.metastore.uri", "thrift://demo-metastore:9083")
        .containsEntry("fs.native-s3.enabled", "true")
        .containsEntry("s3.endpoint", "http://demo-minio:9000")
        .containsEntry("s3.path-style-access", "true")
        .containsEntry("s3.aws-access-key", "${ENV:LAKEHOUSE_S3_ACCESS_KEY}")
        .containsEntry("s3.aws-secret-key", "${ENV:LAKEHOUSE_S3_SECRET_KEY}");
  }

  @Test
  void accessControlMakesTheQueryUserReadOnlyAndLetsAdminDrainWorkers() throws IOException {
    Map<String, String> files = TrinoConfigRenderer.render(coordinator);

    assertThat(load(files, TrinoConfigRenderer.ACCESS_CONTROL))
        .containsEntry("access-control.name", "file")
        .containsEntry("security.config-file", "/etc/trino/rules.json");
    assertThat(files.get(TrinoConfigRenderer.RULES))
        .contains(
            "{\"user\": \"lakehouse-query\", \"catalog\": \"lakehouse\", \"allow\": \"read-only\"}")
        .contains("{\"user\": \"admin\", \"allow\": [\"read\", \"write\"]}")
        .contains("{\"user\": \"lakehouse-query\", \"privileges\": []}");
  }

  @Test
  void additionalConfigIsAppended() throws IOException {
    TrinoSettings tuned =
        TrinoSettings.builder()
            .discoveryUri("http://demo-trino:8080")
            .memory(TrinoMemory.forContainerLimit(2 * GIB))
            .metastoreUri("thrift://m:9083")
            .s3(S3Settings.of("http://s3:9000", "us-east-1", true))
            .additionalConfig(Map.of("query.max-run-time", "1h"))
            .build();

    assertThat(load(TrinoConfigRenderer.render(tuned), TrinoConfigRenderer.CONFIG))
        .containsEntry("query.max-run-time", "1h");
  }

  private static Properties load(Map<String, String> files, String name) throws IOException {
    assertThat(files).containsKey(name);
    Properties properties = new Properties();
    properties.load(new StringReader(files.get(name)));
    return properties;
  }
}
