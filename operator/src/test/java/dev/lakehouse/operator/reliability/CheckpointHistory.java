package dev.lakehouse.operator.reliability;

import dev.lakehouse.api.run.Checkpoint;
import dev.lakehouse.api.run.IngestionRun;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every version of every IngestionRun's {@code status.checkpoint}, as a watch sees them in order: a
 * checkpoint that moves backwards or disappears, even for one version, is a lost checkpoint.
 */
final class CheckpointHistory implements Watcher<IngestionRun>, AutoCloseable {
  private final Map<String, Integer> highest = new ConcurrentHashMap<>();
  private final Map<String, Integer> versions = new ConcurrentHashMap<>();
  private final List<String> regressions = new ArrayList<>();
  private final Watch watch;
  private volatile String closedWith;

  CheckpointHistory(KubernetesClient client, String namespace) {
    this.watch = client.resources(IngestionRun.class).inNamespace(namespace).watch(this);
  }

  @Override
  public synchronized void eventReceived(Action action, IngestionRun run) {
    if (action == Action.DELETED) {
      return;
    }
    String name = run.getMetadata().getName();
    Checkpoint checkpoint = run.getStatus() == null ? null : run.getStatus().checkpoint;
    Integer committed = checkpoint == null ? null : checkpoint.batchesCommitted;
    Integer before = highest.get(name);
    versions.merge(name, 1, Integer::sum);
    if (before != null && (committed == null || committed < before)) {
      regressions.add(
          name
              + ": resourceVersion "
              + run.getMetadata().getResourceVersion()
              + " has "
              + (committed == null ? "no checkpoint" : committed + " batches committed")
              + " after "
              + before);
      return;
    }
    if (committed != null) {
      highest.put(name, committed);
    }
  }

  @Override
  public void onClose(WatcherException cause) {
    closedWith = cause.getMessage();
  }

  synchronized List<String> regressions() {
    return List.copyOf(regressions);
  }

  synchronized List<String> regressionsOf(String run) {
    return regressions.stream().filter(r -> r.startsWith(run + ":")).toList();
  }

  /** Versions of the run the watch saw. */
  int versionsOf(String run) {
    return versions.getOrDefault(run, 0);
  }

  /** Why the watch ended early, or null: then some versions may have been missed. */
  String closedWith() {
    return closedWith;
  }

  @Override
  public void close() {
    watch.close();
  }
}
