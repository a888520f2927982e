package dev.lakehouse.operator.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class TableDropTest {
  @Test
  void theBackOffDoublesUpToTenMinutes() {
    assertThat(TableDrop.backoff(1)).isEqualTo(Duration.ofSeconds(30));
    assertThat(TableDrop.backoff(2)).isEqualTo(Duration.ofSeconds(60));
    assertThat(TableDrop.backoff(5)).isEqualTo(Duration.ofMinutes(8));
    assertThat(TableDrop.backoff(6)).isEqualTo(Duration.ofMinutes(10));
    assertThat(TableDrop.backoff(1000)).isEqualTo(Duration.ofMinutes(10));
  }

  @Test
  void theTerminationMessageComesFromTheJobOrFromKubernetes() {
    assertThat(TableDrop.terminationMessage(List.of(terminated(2, "metastore unreachable\n"))))
        .contains("metastore unreachable");
    assertThat(TableDrop.terminationMessage(List.of(terminated(137, null))))
        .contains("exit code 137 (Error)");
    Pod evicted =
        new PodBuilder()
            .withNewStatus()
            .withMessage("The node was low on memory.")
            .endStatus()
            .build();
    assertThat(TableDrop.terminationMessage(List.of(evicted)))
        .contains("The node was low on memory.");
    assertThat(TableDrop.terminationMessage(List.of(new Pod()))).isEmpty();
  }

  private static Pod terminated(int code, String message) {
    return new PodBuilder()
        .withNewStatus()
        .addNewContainerStatus()
        .withName("job")
        .withNewState()
        .withNewTerminated()
        .withExitCode(code)
        .withReason("Error")
        .withMessage(message)
        .endTerminated()
        .endState()
        .endContainerStatus()
        .endStatus()
        .build();
  }
}
