package dev.lakehouse.operator.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lakehouse.api.run.IngestionRun;
import dev.lakehouse.api.run.IngestionRunStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.net.HttpURLConnection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

/**
 * Writes an IngestionRun's status without ever losing the checkpoint the job pod writes: the new
 * status is computed from the run as read (checkpoint included, untouched) and written with that
 * read's resourceVersion, so a checkpoint saved in between makes the write fail with a conflict
 * instead of being overwritten. On a conflict it reads the run again and decides again, so a
 * decision is never based on a status older than the one it replaces.
 */
public final class RunStatusWriter {
  static final int MAX_ATTEMPTS = 8;

  /** The fields the operator owns: all but the checkpoint. */
  static final List<String> OPERATOR_FIELDS =
      List.of(
          "observedGeneration",
          "phase",
          "conditions",
          "progress",
          "attempts",
          "infrastructureFailures",
          "applicationFailures",
          "jobName",
          "startTime",
          "completionTime",
          "nextRetryTime",
          "message",
          "history");

  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  private final KubernetesClient client;

  public RunStatusWriter(KubernetesClient client) {
    this.client = client;
  }

  /**
   * The outcome: the decision, the run it was decided from, and whether the status changed (only
   * then are its events recorded, so a decision retried after a conflict is reported once).
   */
  public record Written(IngestionRun run, RunDecision decision, boolean changed) {}

  /**
   * Decides from {@code cached}, and on a conflict from a fresh read, until a decision is written
   * (or needs no write). Returns empty when the run is gone or keeps changing under it.
   */
  public Optional<Written> decideAndWrite(
      IngestionRun cached, Function<IngestionRun, RunDecision> decide) {
    IngestionRun run = cached;
    for (int attempt = 1; ; attempt++) {
      RunDecision decision = decide.apply(run);
      if (sameOwnedFields(run.getStatus(), decision.status())) {
        return Optional.of(new Written(run, decision, false));
      }
      try {
        replaceStatus(run, decision.status());
        return Optional.of(new Written(run, decision, true));
      } catch (KubernetesClientException e) {
        if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
          throw e;
        }
        if (attempt >= MAX_ATTEMPTS) {
          // A pod checkpointing in a burst keeps winning: decide again shortly.
          return Optional.empty();
        }
        pause(attempt);
      }
      run =
          client
              .resources(IngestionRun.class)
              .inNamespace(cached.getMetadata().getNamespace())
              .withName(cached.getMetadata().getName())
              .get();
      if (run == null) {
        return Optional.empty();
      }
    }
  }

  /** A PUT of the status subresource, locked to the resourceVersion the decision was made from. */
  private void replaceStatus(IngestionRun run, IngestionRunStatus status) {
    IngestionRun updated = JSON.clone(run);
    updated.setStatus(status);
    client.resource(updated).updateStatus();
  }

  private static void pause(int attempt) {
    try {
      Thread.sleep(ThreadLocalRandom.current().nextLong(5, 20L * attempt));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static ObjectNode ownedFields(IngestionRunStatus status) {
    JsonNode all = JSON.convertValue(status, JsonNode.class);
    ObjectNode owned = JsonNodeFactory.instance.objectNode();
    for (String field : OPERATOR_FIELDS) {
      JsonNode value = all == null ? null : all.get(field);
      if (value == null || value.isNull()) {
        owned.putNull(field);
      } else {
        owned.set(field, value);
      }
    }
    return owned;
  }

  static boolean sameOwnedFields(IngestionRunStatus before, IngestionRunStatus after) {
    return ownedFields(before == null ? new IngestionRunStatus() : before)
        .equals(ownedFields(after));
  }
}
