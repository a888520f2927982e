package dev.lakehouse.operator.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.RuntimeInfo;
import io.javaoperatorsdk.operator.health.EventSourceHealthIndicator;
import io.javaoperatorsdk.operator.health.InformerHealthIndicator;
import io.javaoperatorsdk.operator.health.InformerWrappingEventSourceHealthIndicator;
import io.javaoperatorsdk.operator.health.Status;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The probe answers for each state JOSDK can report; an informer that stopped watching cannot be
 * provoked on the mock API server (fabric8 keeps reconnecting a broken watch), so it is faked here.
 */
class HealthChecksTest {
  final KubernetesClient client =
      new KubernetesClientBuilder()
          .withConfig(new ConfigBuilder().withMasterUrl("http://127.0.0.1:1").build())
          .build();
  final Operator operator = new Operator(o -> o.withKubernetesClient(client));

  @AfterEach
  void close() {
    client.close();
  }

  @Test
  void beforeStartAndWhileStoppingJosdkIsNotAskedAndTheProbesSaySo() {
    // Building JOSDK's RuntimeInfo waits for the lock start() and stop() hold: never then.
    var health =
        new HealthChecks(
            () -> {
              throw new AssertionError("RuntimeInfo read outside start..stop");
            },
            Leadership.single());

    assertThat(health.liveness()).isEqualTo(new HealthChecks.Answer(200, "ok: starting"));
    assertThat(health.readiness())
        .isEqualTo(
            new HealthChecks.Answer(503, "not ready: starting, informers are not synced yet"));

    health.stopping();
    assertThat(health.liveness()).isEqualTo(new HealthChecks.Answer(200, "ok: stopping"));
    assertThat(health.readiness()).isEqualTo(new HealthChecks.Answer(503, "not ready: stopping"));
  }

  @Test
  void startedAndHealthy() {
    var health = started(new HealthChecks(() -> runtime(Map.of()), Leadership.single()));

    assertThat(health.liveness())
        .isEqualTo(new HealthChecks.Answer(200, "ok: every event source is healthy"));
    assertThat(health.readiness())
        .isEqualTo(new HealthChecks.Answer(200, "ready: informers synced, reconciling"));
  }

  @Test
  void anInformerThatStoppedWatchingFailsLivenessAndSaysWhere() {
    var jobs =
        informer(Map.of("data", namespace(true, true, false), "etl", namespace(true, true, true)));
    var health =
        started(
            new HealthChecks(
                () -> runtime(Map.of("ingestionrunreconciler", Map.of("JobInformer", jobs))),
                Leadership.single()));

    assertThat(health.liveness())
        .isEqualTo(
            new HealthChecks.Answer(
                500,
                "unhealthy event sources: ingestionrunreconciler/JobInformer (namespace data not"
                    + " watching)"));
    assertThat(health.readiness().status()).isEqualTo(200);
  }

  @Test
  void aStandbyIsReadyAndALostLeaseEndsTheProcessOnce() {
    var exits = new AtomicInteger();
    var leadership = Leadership.elected(exits::incrementAndGet);
    var health = started(new HealthChecks(() -> runtime(Map.of()), leadership));
    var callbacks = leadership.callbacks();

    callbacks.onNewLeader("lakehouse-operator-7d9f-abcde");
    assertThat(leadership.leads()).isFalse();
    assertThat(health.readiness())
        .isEqualTo(
            new HealthChecks.Answer(
                200,
                "ready: standby, informers synced, waiting for the leader lease held by"
                    + " lakehouse-operator-7d9f-abcde"));

    callbacks.onNewLeader("me");
    callbacks.onStartLeading();
    assertThat(leadership.leads()).isTrue();
    assertThat(health.readiness())
        .isEqualTo(
            new HealthChecks.Answer(200, "ready: informers synced, reconciling as the leader"));

    callbacks.onStopLeading();
    callbacks.onStopLeading();
    assertThat(exits).hasValue(1);
    assertThat(health.liveness().status()).isEqualTo(500);
    assertThat(health.readiness().status()).isEqualTo(503);
  }

  @Test
  void aDeliberateStopIsNoLostLease() {
    var exits = new AtomicInteger();
    var leadership = Leadership.elected(exits::incrementAndGet);
    leadership.callbacks().onStartLeading();

    leadership.releasing();
    leadership.callbacks().onStopLeading();

    assertThat(exits).hasValue(0);
    assertThat(leadership.lost()).isFalse();
  }

  private static HealthChecks started(HealthChecks health) {
    health.started();
    return health;
  }

  private RuntimeInfo runtime(
      Map<String, Map<String, InformerWrappingEventSourceHealthIndicator>> unhealthy) {
    return new RuntimeInfo(operator) {
      @Override
      public boolean isStarted() {
        return true;
      }

      @Override
      public boolean allEventSourcesAreHealthy() {
        return unhealthy.isEmpty();
      }

      @Override
      @SuppressWarnings({"unchecked", "rawtypes"})
      public Map<String, Map<String, EventSourceHealthIndicator>> unhealthyEventSources() {
        return (Map) unhealthy;
      }

      @Override
      public Map<String, Map<String, InformerWrappingEventSourceHealthIndicator>>
          unhealthyInformerWrappingEventSourceHealthIndicator() {
        return unhealthy;
      }
    };
  }

  @SuppressWarnings("rawtypes")
  private static InformerWrappingEventSourceHealthIndicator informer(
      Map<String, InformerHealthIndicator> byNamespace) {
    return () -> byNamespace;
  }

  private static InformerHealthIndicator namespace(
      boolean running, boolean synced, boolean watching) {
    return new InformerHealthIndicator() {
      @Override
      public boolean hasSynced() {
        return synced;
      }

      @Override
      public boolean isWatching() {
        return watching;
      }

      @Override
      public boolean isRunning() {
        return running;
      }

      @Override
      public Status getStatus() {
        return running && synced && watching ? Status.HEALTHY : Status.UNHEALTHY;
      }

      @Override
      public String getTargetNamespace() {
        return "data";
      }
    };
  }
}
