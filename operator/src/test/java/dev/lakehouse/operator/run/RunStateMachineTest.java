package dev.lakehouse.operator.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.api.common.ConditionTypes;
import dev.lakehouse.api.common.Conditions;
import dev.lakehouse.api.dataset.Dataset;
import dev.lakehouse.api.lakehouse.Lakehouse;
import dev.lakehouse.api.lakehouse.LakehouseStatus;
import dev.lakehouse.api.run.IngestionRun;
import dev.lakehouse.api.run.IngestionRunSpec;
import dev.lakehouse.api.run.IngestionRunStatus;
import dev.lakehouse.api.run.RunPhase;
import dev.lakehouse.operator.dataset.Datasets;
import dev.lakehouse.operator.k8s.EventReason;
import dev.lakehouse.operator.lakehouse.Lakehouses;
import dev.lakehouse.operator.run.RunDecision.Action;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The run's state machine on deadlines and scheduling, one row per situation: the run as it was,
 * what the cluster shows, and the phase, reason, action and conditions that must follow.
 */
class RunStateMachineTest {
  static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");
  static final RunStateMachine MACHINE = new RunStateMachine(Clock.fixed(NOW, ZoneOffset.UTC));

  /** One row: a name, the run, what was seen, and what the decision must show. */
  record Row(String name, IngestionRun run, RunObservation seen, Consumer<RunDecision> expect) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Arguments> rows() {
    return Stream.of(
            new Row(
                "the first attempt sets the deadline from the default timeout",
                run(RunPhase.Pending, s -> {}, spec -> {}),
                seen(Optional.empty(), List.of()),
                d -> {
                  assertThat(d.status().phase).isEqualTo(RunPhase.Running);
                  assertThat(d.status().deadline).isEqualTo(at(Duration.ofHours(12)));
                  assertThat(d.action()).isEqualTo(Action.LAUNCH);
                }),
            new Row(
                "spec.timeout sets the deadline",
                run(RunPhase.Pending, s -> {}, spec -> spec.timeout = "1h30m"),
                seen(Optional.empty(), List.of()),
                d -> assertThat(d.status().deadline).isEqualTo(at(Duration.ofMinutes(90)))),
            new Row(
                "a running attempt past the deadline fails the run and stops its Job",
                running(Duration.ofSeconds(-1)),
                seen(Optional.of(job(null)), List.of(pod("True", null, null))),
                d -> {
                  assertThat(d.status().phase).isEqualTo(RunPhase.Failed);
                  assertThat(lastReason(d)).isEqualTo("Timeout");
                  assertThat(d.action()).isEqualTo(Action.STOP);
                  assertThat(condition(d, ConditionTypes.FAILED).getReason()).isEqualTo("Timeout");
                  assertThat(d.status().message)
                      .startsWith(
                          "timed out: not finished by its deadline " + at(Duration.ofSeconds(-1)))
                      .contains("spec.timeout 12h")
                      .contains("0 batches committed stay committed");
                  assertThat(reasons(d)).containsExactly(EventReason.RunTimedOut);
                }),
            new Row(
                "the Job controller's DeadlineExceeded is the same timeout, whatever our clock says",
                running(Duration.ofSeconds(30)),
                seen(Optional.of(job("DeadlineExceeded")), List.of()),
                d -> {
                  assertThat(lastReason(d)).isEqualTo("Timeout");
                  assertThat(d.action()).isEqualTo(Action.NONE);
                }),
            new Row(
                "a Job that succeeded at its deadline still succeeds",
                running(Duration.ofSeconds(-1)),
                seen(Optional.of(succeededJob()), List.of()),
                d -> assertThat(d.status().phase).isEqualTo(RunPhase.Succeeded)),
            new Row(
                "a retry due after the deadline is not started",
                run(
                    RunPhase.Retrying,
                    s -> {
                      s.attempts = 1;
                      s.deadline = at(Duration.ofSeconds(-1));
                      s.nextRetryTime = at(Duration.ofSeconds(30));
                    },
                    spec -> {}),
                seen(Optional.empty(), List.of()),
                d -> {
                  assertThat(lastReason(d)).isEqualTo("Timeout");
                  assertThat(d.action()).isEqualTo(Action.NONE);
                  assertThat(d.status().attempts).isEqualTo(1);
                }),
            new Row(
                "a retry waits at most until the deadline",
                run(
                    RunPhase.Retrying,
                    s -> {
                      s.attempts = 1;
                      s.deadline = at(Duration.ofSeconds(20));
                      s.nextRetryTime = at(Duration.ofMinutes(5));
                    },
                    spec -> {}),
                seen(Optional.empty(), List.of()),
                d -> assertThat(d.requeueAfter()).isEqualTo(Duration.ofSeconds(21))),
            new Row(
                "a run started before deadlines existed gets one from its start time",
                run(
                    RunPhase.Running,
                    s -> {
                      s.attempts = 1;
                      s.jobName = "r-1";
                      s.startTime = at(Duration.ofHours(-13));
                    },
                    spec -> {}),
                seen(Optional.of(job(null)), List.of(pod("True", null, null))),
                d -> {
                  assertThat(lastReason(d)).isEqualTo("Timeout");
                  assertThat(d.status().deadline).isEqualTo(at(Duration.ofHours(-1)));
                }),
            new Row(
                "an unschedulable pod reports PodScheduled False with the scheduler's words",
                running(Duration.ofHours(1)),
                seen(
                    Optional.of(job(null)),
                    List.of(
                        pod(
                            "False",
                            "Unschedulable",
                            "0/3 nodes are available: 3 Insufficient cpu."))),
                d -> {
                  assertThat(d.status().phase).isEqualTo(RunPhase.Running);
                  Condition scheduled = condition(d, ConditionTypes.POD_SCHEDULED);
                  assertThat(scheduled.getStatus()).isEqualTo("False");
                  assertThat(scheduled.getReason()).isEqualTo("Unschedulable");
                  assertThat(scheduled.getMessage())
                      .isEqualTo(
                          "the pod cannot be scheduled: 0/3 nodes are available: 3 Insufficient cpu.");
                  assertThat(d.status().message).contains("cannot be scheduled: 0/3 nodes");
                  assertThat(reasons(d)).containsExactly(EventReason.PodUnschedulable);
                  assertThat(d.requeueAfter()).isEqualTo(RunStateMachine.RUNNING_RECHECK);
                }),
            new Row(
                "a scheduled pod reports PodScheduled True",
                running(Duration.ofHours(1)),
                seen(Optional.of(job(null)), List.of(pod("True", null, null))),
                d -> {
                  assertThat(condition(d, ConditionTypes.POD_SCHEDULED).getStatus())
                      .isEqualTo("True");
                  assertThat(reasons(d)).isEmpty();
                }),
            new Row(
                "a running attempt is checked again at its deadline",
                running(Duration.ofSeconds(10)),
                seen(Optional.of(job(null)), List.of(pod("True", null, null))),
                d -> assertThat(d.requeueAfter()).isEqualTo(Duration.ofSeconds(11))),
            new Row(
                "a resume does not count the time suspended: the next attempt sets a new deadline",
                run(
                    RunPhase.Suspended,
                    s -> {
                      s.attempts = 1;
                      s.startTime = at(Duration.ofHours(-20));
                      s.deadline = at(Duration.ofHours(-8));
                    },
                    spec -> spec.suspend = false),
                seen(Optional.empty(), List.of()),
                d -> {
                  assertThat(d.status().phase).isEqualTo(RunPhase.Running);
                  assertThat(d.status().attempts).isEqualTo(2);
                  assertThat(d.status().deadline).isEqualTo(at(Duration.ofHours(12)));
                }))
        .map(Arguments::of);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void decides(Row row) {
    row.expect().accept(MACHINE.next(row.run(), row.seen()));
  }

  static IngestionRun run(
      RunPhase phase, Consumer<IngestionRunStatus> status, Consumer<IngestionRunSpec> spec) {
    var run = new IngestionRun();
    run.setMetadata(
        new ObjectMetaBuilder().withName("r").withNamespace("data").withGeneration(1L).build());
    run.setSpec(new IngestionRunSpec());
    run.getSpec().dataset = "events";
    spec.accept(run.getSpec());
    if (phase != RunPhase.Pending) {
      run.setStatus(new IngestionRunStatus());
      run.getStatus().phase = phase;
      status.accept(run.getStatus());
    }
    return run;
  }

  static IngestionRun running(Duration untilDeadline) {
    return run(
        RunPhase.Running,
        s -> {
          s.attempts = 1;
          s.jobName = "r-1";
          s.startTime = at(Duration.ofHours(-1));
          s.deadline = at(untilDeadline);
        },
        spec -> {});
  }

  static RunObservation seen(Optional<Job> job, List<Pod> pods) {
    Dataset dataset = Datasets.bronze("events", "data");
    Lakehouse lakehouse = Lakehouses.demo("demo", "data");
    lakehouse.setStatus(new LakehouseStatus());
    List<Condition> conditions = new ArrayList<>();
    for (String type : List.of(ConditionTypes.STORAGE_READY, ConditionTypes.METASTORE_READY)) {
      conditions =
          Conditions.set(
              conditions, type, true, "Ready", "ready", 1L, Clock.fixed(NOW, ZoneOffset.UTC));
    }
    lakehouse.getStatus().conditions = conditions;
    return new RunObservation(
        Optional.of(dataset), Optional.of(lakehouse), Optional.empty(), job, pods);
  }

  /** The attempt's Job, active, or failed with this reason. */
  static Job job(String failedReason) {
    var job = new JobBuilder().withNewMetadata().withName("r-1").endMetadata().withNewStatus();
    if (failedReason != null) {
      job.addNewCondition()
          .withType("Failed")
          .withStatus("True")
          .withReason(failedReason)
          .endCondition();
    }
    return job.endStatus().build();
  }

  static Job succeededJob() {
    return new JobBuilder()
        .withNewMetadata()
        .withName("r-1")
        .endMetadata()
        .withNewStatus()
        .withSucceeded(1)
        .endStatus()
        .build();
  }

  /** The attempt's pod as the scheduler left it. */
  static Pod pod(String scheduled, String reason, String message) {
    return new PodBuilder()
        .withNewMetadata()
        .withName("r-1-abcde")
        .withCreationTimestamp(at(Duration.ofMinutes(-5)))
        .endMetadata()
        .withNewStatus()
        .withPhase("Pending")
        .addNewCondition()
        .withType("PodScheduled")
        .withStatus(scheduled)
        .withReason(reason)
        .withMessage(message)
        .endCondition()
        .endStatus()
        .build();
  }

  static String at(Duration fromNow) {
    return RunStateMachine.time(NOW.plus(fromNow));
  }

  static String lastReason(RunDecision d) {
    var history = d.status().history;
    return history.get(history.size() - 1).reason;
  }

  static Condition condition(RunDecision d, String type) {
    return Conditions.find(d.status().conditions, type).orElseThrow();
  }

  static List<EventReason> reasons(RunDecision d) {
    return d.events().stream().map(RunDecision.Note::reason).toList();
  }
}
