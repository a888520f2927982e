package dev.lakehouse.operator.run;

import dev.lakehouse.api.dataset.Dataset;
import dev.lakehouse.api.lakehouse.Lakehouse;
import dev.lakehouse.api.run.IngestionRun;
import dev.lakehouse.api.run.IngestionRunStatus;
import dev.lakehouse.api.run.RunPhase;
import dev.lakehouse.operator.OperatorSettings;
import dev.lakehouse.operator.k8s.EventReason;
import dev.lakehouse.operator.k8s.EventRecorder;
import dev.lakehouse.operator.k8s.Labels;
import dev.lakehouse.operator.k8s.ObjectApplier;
import dev.lakehouse.operator.lakehouse.LakehouseModel;
import dev.lakehouse.operator.run.RunDecision.Action;
import dev.lakehouse.operator.run.RunStatusWriter.Written;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs an IngestionRun: decides the next step from the run and what the cluster shows ({@link
 * RunStateMachine}), writes the status without touching the pod's checkpoint ({@link
 * RunStatusWriter}), then starts or stops the attempt's Job.
 */
public class IngestionRunReconciler implements Reconciler<IngestionRun> {
  private static final Logger LOG = LoggerFactory.getLogger(IngestionRunReconciler.class);

  private final OperatorSettings settings;
  private final EventRecorder events;
  private final ObjectApplier applier;
  private final RunStateMachine machine;
  private final Clock clock;

  public IngestionRunReconciler(
      OperatorSettings settings, EventRecorder events, ObjectApplier applier, Clock clock) {
    this.settings = settings;
    this.events = events;
    this.applier = applier;
    this.machine = new RunStateMachine(clock);
    this.clock = clock;
  }

  @Override
  public List<EventSource<?, IngestionRun>> prepareEventSources(
      EventSourceContext<IngestionRun> context) {
    return IngestionRunInformers.create(context);
  }

  @Override
  public UpdateControl<IngestionRun> reconcile(IngestionRun run, Context<IngestionRun> context) {
    if (finished(run) && observed(run)) {
      return UpdateControl.noUpdate();
    }
    Optional<Written> written =
        new RunStatusWriter(context.getClient())
            .decideAndWrite(run, current -> machine.next(current, observe(current, context)));
    if (written.isEmpty()) {
      return UpdateControl.<IngestionRun>noUpdate().rescheduleAfter(Duration.ofSeconds(1));
    }
    IngestionRun decidedFrom = written.get().run();
    RunDecision decision = written.get().decision();
    if (written.get().changed()) {
      decision.events().forEach(e -> events.record(decidedFrom, e.reason(), e.message()));
      LOG.info("IngestionRun {}: {}", id(run), decision.status().message);
    }
    if (decision.action() == Action.LAUNCH) {
      launch(decidedFrom, decision.status(), context);
    } else if (decision.action() == Action.STOP) {
      stop(run, decision.status().jobName, context);
    }
    UpdateControl<IngestionRun> control = UpdateControl.noUpdate();
    return decision.requeueAfter() == null
        ? control
        : control.rescheduleAfter(decision.requeueAfter());
  }

  private RunObservation observe(IngestionRun run, Context<IngestionRun> context) {
    String ns = run.getMetadata().getNamespace();
    // A missing Dataset or Lakehouse cancels the run: only the API server may say it is missing.
    Optional<Dataset> dataset =
        IngestionRunInformers.getConfirmingAbsence(
            context, Dataset.class, run.getSpec().dataset, ns);
    Optional<Lakehouse> lakehouse =
        dataset.flatMap(
            d ->
                IngestionRunInformers.getConfirmingAbsence(
                    context, Lakehouse.class, d.getSpec().lakehouse, ns));
    String jobName = run.getStatus() == null ? null : run.getStatus().jobName;
    Optional<Job> job =
        jobName == null
            ? Optional.empty()
            : IngestionRunInformers.get(context, Job.class, jobName, ns);
    List<Pod> pods =
        jobName == null
            ? List.of()
            : IngestionRunInformers.of(context, Pod.class)
                .list(ns, p -> attemptOf(p, run))
                .sorted(
                    Comparator.comparing(
                            (Pod p) -> Objects.toString(p.getMetadata().getCreationTimestamp(), ""))
                        .reversed())
                .toList();
    return new RunObservation(dataset, lakehouse, blockedBy(run, context), job, pods);
  }

  /**
   * An unfinished run of the same Dataset that goes first: one that has started, or an older one
   * still waiting. Two runs never write one table at once, and every run sees the same order.
   */
  private static Optional<String> blockedBy(IngestionRun run, Context<IngestionRun> context) {
    return context
        .getPrimaryCache()
        .list(
            run.getMetadata().getNamespace(),
            r -> run.getSpec().dataset.equals(r.getSpec().dataset))
        .filter(other -> !other.getMetadata().getName().equals(run.getMetadata().getName()))
        .filter(other -> !finished(other))
        .filter(other -> started(other) || (!suspended(other) && olderThan(other, run)))
        .map(other -> other.getMetadata().getName())
        .sorted()
        .findFirst();
  }

  private void launch(IngestionRun run, IngestionRunStatus decided, Context<IngestionRun> context) {
    String ns = run.getMetadata().getNamespace();
    Dataset dataset =
        IngestionRunInformers.get(context, Dataset.class, run.getSpec().dataset, ns).orElseThrow();
    Lakehouse lakehouse =
        IngestionRunInformers.get(context, Lakehouse.class, dataset.getSpec().lakehouse, ns)
            .orElseThrow();
    var objects = new RunObjects(run, dataset, new LakehouseModel(lakehouse, settings, ""));
    // Created only if absent: the ConfigMap is the run's snapshot and must not change on a retry.
    objects.setup().forEach(applier::createIfAbsent);
    Duration untilDeadline =
        decided.deadline == null
            ? null
            : Duration.between(clock.instant(), Instant.parse(decided.deadline));
    Job job = objects.job(decided.attempts, untilDeadline);
    if (applier.createIfAbsent(
        job, IngestionRunInformers.of(context, Job.class), ResourceID.fromResource(run))) {
      LOG.info("IngestionRun {}: created Job {}", id(run), job.getMetadata().getName());
    }
  }

  /** Deletes the attempt's Job and, through it, its pods; committed batches stay committed. */
  private static void stop(IngestionRun run, String jobName, Context<IngestionRun> context) {
    if (jobName == null) {
      return;
    }
    context
        .getClient()
        .batch()
        .v1()
        .jobs()
        .inNamespace(run.getMetadata().getNamespace())
        .withName(jobName)
        .withPropagationPolicy(DeletionPropagation.BACKGROUND)
        .delete();
  }

  @Override
  public ErrorStatusUpdateControl<IngestionRun> updateErrorStatus(
      IngestionRun run, Context<IngestionRun> context, Exception e) {
    String message = "reconcile failed, retrying with back-off: " + e.getMessage();
    LOG.error("IngestionRun {}: {}", id(run), message, e);
    events.record(run, EventReason.ReconcileFailed, message);
    // The status is left alone: it may hold a checkpoint newer than this copy.
    return ErrorStatusUpdateControl.noStatusUpdate();
  }

  static boolean finished(IngestionRun run) {
    return run.getStatus() != null
        && run.getStatus().phase != null
        && run.getStatus().phase.isFinished();
  }

  private static boolean observed(IngestionRun run) {
    return Objects.equals(run.getStatus().observedGeneration, run.getMetadata().getGeneration());
  }

  private static boolean started(IngestionRun run) {
    if (run.getStatus() == null || run.getStatus().phase == null) {
      return false;
    }
    RunPhase phase = run.getStatus().phase;
    return phase == RunPhase.Running
        || phase == RunPhase.Retrying
        || (phase == RunPhase.Suspended && run.getStatus().attempts != null);
  }

  private static boolean suspended(IngestionRun run) {
    return Boolean.TRUE.equals(run.getSpec().suspend);
  }

  private static boolean olderThan(IngestionRun a, IngestionRun b) {
    Comparator<IngestionRun> order =
        Comparator.comparing(
                (IngestionRun r) -> Objects.toString(r.getMetadata().getCreationTimestamp(), ""))
            .thenComparing(r -> r.getMetadata().getName());
    return order.compare(a, b) < 0;
  }

  private static boolean attemptOf(Pod pod, IngestionRun run) {
    var labels = pod.getMetadata().getLabels();
    return labels != null
        && run.getMetadata().getName().equals(labels.get(Labels.RUN))
        && Objects.toString(run.getStatus().attempts).equals(labels.get(Labels.ATTEMPT));
  }

  private static String id(IngestionRun run) {
    return run.getMetadata().getNamespace() + "/" + run.getMetadata().getName();
  }
}
