package dev.lakehouse.operator.monitoring;

import io.javaoperatorsdk.operator.RuntimeInfo;
import io.javaoperatorsdk.operator.api.reconciler.Constants;
import io.javaoperatorsdk.operator.health.InformerWrappingEventSourceHealthIndicator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Liveness and readiness of the operator process from what JOSDK reports. The operator counts as
 * started once {@code Operator.start()} returned: its informers synced. With leader election a
 * standby replica syncs its informers too (JOSDK 5 starts them on every replica and only event
 * processing waits for the lease), so a standby is ready and a rollout of several replicas
 * proceeds.
 *
 * <p>JOSDK's {@code RuntimeInfo} is read only between start and stop: building one takes the lock
 * JOSDK holds while informers sync and while controllers stop, so a probe would hang exactly then.
 */
public final class HealthChecks {
  /** An HTTP status and the one line that says why. */
  public record Answer(int status, String reason) {}

  private enum State {
    STARTING,
    STARTED,
    STOPPING
  }

  private final Supplier<RuntimeInfo> runtime;
  private final Leadership leadership;
  private volatile State state = State.STARTING;

  /**
   * @param runtime JOSDK's view of the operator, {@code Operator::getRuntimeInfo}
   */
  public HealthChecks(Supplier<RuntimeInfo> runtime, Leadership leadership) {
    this.runtime = runtime;
    this.leadership = leadership;
  }

  /** {@code Operator.start()} returned. */
  public void started() {
    state = State.STARTED;
  }

  /** {@code Operator.stop()} follows. */
  public void stopping() {
    state = State.STOPPING;
  }

  /** 200 while the process works; 500 once an event source is unhealthy or the lease was lost. */
  public Answer liveness() {
    if (leadership.lost()) {
      return new Answer(500, "unhealthy: lost the leader lease, the process is stopping");
    }
    if (state != State.STARTED) {
      return new Answer(200, "ok: " + state.name().toLowerCase(Locale.ROOT));
    }
    RuntimeInfo info = runtime.get();
    if (info.allEventSourcesAreHealthy()) {
      return new Answer(200, "ok: every event source is healthy");
    }
    return new Answer(500, "unhealthy event sources: " + unhealthy(info));
  }

  /** 200 once informers synced (leader or standby), 503 before and while stopping. */
  public Answer readiness() {
    if (leadership.lost()) {
      return new Answer(503, "not ready: lost the leader lease, the process is stopping");
    }
    if (state == State.STARTING) {
      return new Answer(503, "not ready: starting, informers are not synced yet");
    }
    if (state == State.STOPPING) {
      return new Answer(503, "not ready: stopping");
    }
    if (leadership.standsBy()) {
      return new Answer(
          200,
          "ready: standby, informers synced, waiting for the leader lease"
              + leadership.leader().map(l -> " held by " + l).orElse(""));
    }
    return new Answer(
        200,
        "ready: informers synced, reconciling" + (leadership.isElected() ? " as the leader" : ""));
  }

  /** controller/event source, and for informers which namespace is not synced or not watching. */
  private static String unhealthy(RuntimeInfo runtime) {
    Map<String, String> byName = new TreeMap<>();
    runtime
        .unhealthyEventSources()
        .forEach(
            (controller, sources) ->
                sources.keySet().forEach(source -> byName.put(controller + "/" + source, "")));
    runtime
        .unhealthyInformerWrappingEventSourceHealthIndicator()
        .forEach(
            (controller, sources) ->
                sources.forEach(
                    (source, indicator) ->
                        byName.put(controller + "/" + source, informerProblems(indicator))));
    List<String> parts = new ArrayList<>();
    byName.forEach((name, problems) -> parts.add(problems.isEmpty() ? name : name + problems));
    return String.join(", ", parts);
  }

  private static String informerProblems(InformerWrappingEventSourceHealthIndicator<?> indicator) {
    List<String> problems = new ArrayList<>();
    indicator
        .informerHealthIndicators()
        .forEach(
            (namespace, informer) -> {
              List<String> wrong = new ArrayList<>();
              if (!informer.isRunning()) {
                wrong.add("not running");
              }
              if (!informer.hasSynced()) {
                wrong.add("not synced");
              }
              if (!informer.isWatching()) {
                wrong.add("not watching");
              }
              if (!wrong.isEmpty()) {
                problems.add(namespaceLabel(namespace) + " " + String.join(" and ", wrong));
              }
            });
    return problems.isEmpty() ? "" : " (" + String.join("; ", problems) + ")";
  }

  private static String namespaceLabel(String namespace) {
    return namespace == null
            || namespace.isEmpty()
            || Constants.WATCH_ALL_NAMESPACES.equals(namespace)
        ? "all namespaces"
        : "namespace " + namespace;
  }
}
