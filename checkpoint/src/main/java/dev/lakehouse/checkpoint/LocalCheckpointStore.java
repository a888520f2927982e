package dev.lakehouse.checkpoint;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.lakehouse.api.run.Checkpoint;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/** A checkpoint in a JSON file, replaced atomically so a crash leaves the old or the new one. */
public final class LocalCheckpointStore implements CheckpointStore {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final Path file;

  public LocalCheckpointStore(Path file) {
    this.file = file;
  }

  public Path file() {
    return file;
  }

  @Override
  public Optional<Checkpoint> load() {
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(JSON.readValue(file.toFile(), Checkpoint.class));
    } catch (IOException e) {
      throw new CheckpointException(
          "cannot read the checkpoint " + file + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void save(Checkpoint checkpoint) {
    Optional<Checkpoint> stored = load();
    if (stored.isPresent() && committed(stored.get()) > committed(checkpoint)) {
      return;
    }
    try {
      Path directory = file.toAbsolutePath().getParent();
      if (directory != null) {
        Files.createDirectories(directory);
      }
      Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
      JSON.writeValue(temporary.toFile(), checkpoint);
      try {
        Files.move(
            temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new CheckpointException(
          "cannot write the checkpoint " + file + ": " + e.getMessage(), e);
    }
  }

  static int committed(Checkpoint checkpoint) {
    return checkpoint.batchesCommitted == null ? 0 : checkpoint.batchesCommitted;
  }
}
