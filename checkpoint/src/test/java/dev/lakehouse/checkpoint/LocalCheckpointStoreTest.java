package dev.lakehouse.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakehouse.api.run.Checkpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalCheckpointStoreTest {
  @TempDir Path dir;

  @Test
  void aMissingFileIsNoCheckpoint() {
    assertThat(new LocalCheckpointStore(dir.resolve("state/run.json")).load()).isEmpty();
  }

  @Test
  void saveThenLoadRoundTripsEveryField() {
    LocalCheckpointStore store = new LocalCheckpointStore(dir.resolve("state/run.json"));
    Checkpoint saved = KubernetesCheckpointStoreTest.full(3);

    store.save(saved);

    assertThat(store.load().orElseThrow()).usingRecursiveComparison().isEqualTo(saved);
    assertThat(new LocalCheckpointStore(store.file()).load().orElseThrow())
        .as("a new process reads the same")
        .usingRecursiveComparison()
        .isEqualTo(saved);
    assertThat(dir.resolve("state/run.json.tmp")).doesNotExist();
  }

  @Test
  void checkpointsAdvanceAndAStaleSaveIsIgnored() {
    LocalCheckpointStore store = new LocalCheckpointStore(dir.resolve("run.json"));
    store.save(KubernetesCheckpointStoreTest.full(1));
    store.save(KubernetesCheckpointStoreTest.full(5));

    store.save(KubernetesCheckpointStoreTest.full(4));

    Checkpoint loaded = store.load().orElseThrow();
    assertThat(loaded.batchesCommitted).isEqualTo(5);
    assertThat(loaded.deltaVersion).isEqualTo(105L);
  }

  @Test
  void aCorruptFileFailsNamingTheFile() throws Exception {
    Path file = dir.resolve("run.json");
    Files.writeString(file, "{\"batchesCommitted\": 3,");
    LocalCheckpointStore store = new LocalCheckpointStore(file);

    assertThatThrownBy(store::load)
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining(file.toString());
    assertThatThrownBy(() -> store.save(KubernetesCheckpointStoreTest.full(4)))
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining(file.toString());
    assertThat(Files.readString(file)).as("left for a human to look at").contains("3,");
  }
}
