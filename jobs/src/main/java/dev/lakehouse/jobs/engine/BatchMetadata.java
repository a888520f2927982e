package dev.lakehouse.jobs.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Optional;

/**
 * What one batch commit wrote, stored in the Delta commit itself (commitInfo.userMetadata): a run
 * that crashed between a commit and its checkpoint recovers the counters from here.
 */
public record BatchMetadata(
    String runId, int batch, long files, long bytes, long rows, long rejected) {
  private static final ObjectMapper JSON = new ObjectMapper();
  static final String MARKER = "lakehouse-batch";

  public String toJson() {
    try {
      return JSON.writeValueAsString(new Envelope(MARKER, this));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  public static Optional<BatchMetadata> fromJson(String text) {
    if (text == null || !text.contains(MARKER)) {
      return Optional.empty();
    }
    try {
      return Optional.ofNullable(JSON.readValue(text, Envelope.class).batch());
    } catch (JsonProcessingException e) {
      return Optional.empty();
    }
  }

  /** The JSON shape, tagged so other writers' metadata is never mistaken for ours. */
  record Envelope(String kind, BatchMetadata batch) {}
}
