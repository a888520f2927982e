package dev.lakehouse.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The in-cluster configuration, from a pod's environment and mounted service account. */
class KubernetesCheckpointStoreConfigTest {
  @TempDir Path serviceAccount;

  @BeforeEach
  void mountServiceAccount() throws Exception {
    try (InputStream ca = getClass().getResourceAsStream("/serviceaccount/ca.crt")) {
      Files.copy(ca, serviceAccount.resolve("ca.crt"), StandardCopyOption.REPLACE_EXISTING);
    }
    Files.writeString(serviceAccount.resolve("namespace"), "lakehouse\n");
    Files.writeString(serviceAccount.resolve("token"), "first-token\n");
  }

  @Test
  void readsThePodEnvironment() {
    KubernetesCheckpointStore.Config config =
        KubernetesCheckpointStore.Config.inCluster(
            "run-1",
            Map.of("KUBERNETES_SERVICE_HOST", "10.96.0.1", "KUBERNETES_SERVICE_PORT", "6443"),
            serviceAccount);

    assertThat(config.apiServer()).isEqualTo(URI.create("https://10.96.0.1:6443"));
    assertThat(config.namespace()).isEqualTo("lakehouse");
    assertThat(config.runName()).isEqualTo("run-1");
    assertThat(config.sslContext()).isNotNull();
    assertThat(config.bearerToken().get()).isEqualTo("first-token");
    assertThat(config.toString()).doesNotContain("first-token");
  }

  @Test
  void theTokenIsReReadSoARotatedTokenIsUsed() throws Exception {
    KubernetesCheckpointStore.Config config =
        KubernetesCheckpointStore.Config.inCluster(
            "run-1", Map.of("KUBERNETES_SERVICE_HOST", "10.96.0.1"), serviceAccount);

    Files.writeString(serviceAccount.resolve("token"), "rotated-token");

    assertThat(config.bearerToken().get()).isEqualTo("rotated-token");
    assertThat(config.apiServer()).isEqualTo(URI.create("https://10.96.0.1:443"));
  }

  @Test
  void anIpv6ServiceHostIsBracketed() {
    KubernetesCheckpointStore.Config config =
        KubernetesCheckpointStore.Config.inCluster(
            "run-1",
            Map.of("KUBERNETES_SERVICE_HOST", "fd00:10:96::1", "KUBERNETES_SERVICE_PORT", "443"),
            serviceAccount);

    assertThat(config.apiServer().toString()).isEqualTo("https://[fd00:10:96::1]:443");
    assertThat(config.apiServer().getHost()).isEqualTo("[fd00:10:96::1]");
  }

  @Test
  void outsideAPodItSaysSo() {
    assertThatThrownBy(
            () -> KubernetesCheckpointStore.Config.inCluster("run-1", Map.of(), serviceAccount))
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining("run-1")
        .hasMessageContaining("KUBERNETES_SERVICE_HOST");
  }

  @Test
  void aMissingTokenFailsAtOnce() throws Exception {
    Files.delete(serviceAccount.resolve("token"));

    assertThatThrownBy(
            () ->
                KubernetesCheckpointStore.Config.inCluster(
                    "run-1", Map.of("KUBERNETES_SERVICE_HOST", "10.96.0.1"), serviceAccount))
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining("token");
  }

  @Test
  void aBadCaFailsNamingTheFile() throws Exception {
    Files.writeString(serviceAccount.resolve("ca.crt"), "not a certificate");

    assertThatThrownBy(
            () ->
                KubernetesCheckpointStore.Config.inCluster(
                    "run-1", Map.of("KUBERNETES_SERVICE_HOST", "10.96.0.1"), serviceAccount))
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining(serviceAccount.resolve("ca.crt").toString());
  }

  @Test
  void aTrailingSlashOfTheApiServerIsDropped() {
    KubernetesCheckpointStore.Config config =
        new KubernetesCheckpointStore.Config(
            URI.create("http://localhost:8080/"), "ns", "run", () -> "t", null);

    assertThat(config.apiServer()).isEqualTo(URI.create("http://localhost:8080"));
  }
}
