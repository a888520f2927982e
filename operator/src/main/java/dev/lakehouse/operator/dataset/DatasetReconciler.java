package dev.lakehouse.operator.dataset;

import dev.lakehouse.api.common.ConditionTypes;
import dev.lakehouse.api.common.Conditions;
import dev.lakehouse.api.common.Schedule;
import dev.lakehouse.api.dataset.Dataset;
import dev.lakehouse.api.dataset.DatasetStatus;
import dev.lakehouse.api.dataset.DeletionPolicy;
import dev.lakehouse.api.dataset.UpstreamRule;
import dev.lakehouse.api.lakehouse.Lakehouse;
import dev.lakehouse.api.run.IngestionRun;
import dev.lakehouse.operator.OperatorSettings;
import dev.lakehouse.operator.dataset.DatasetValidation.Problem;
import dev.lakehouse.operator.k8s.EventReason;
import dev.lakehouse.operator.k8s.EventRecorder;
import dev.lakehouse.operator.k8s.ObjectApplier;
import dev.lakehouse.operator.lakehouse.LakehouseModel;
import dev.lakehouse.operator.schedule.CronSchedule;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import java.net.HttpURLConnection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a Dataset's table and runs in view: validates what the schema cannot, starts runs on its
 * schedule and after its upstream Datasets' runs (never two at once), prunes its run history, and
 * drops the table on deletion when asked to.
 */
public class DatasetReconciler implements Reconciler<Dataset>, Cleaner<Dataset> {
  private static final Logger LOG = LoggerFactory.getLogger(DatasetReconciler.class);
  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  private final OperatorSettings settings;
  private final EventRecorder events;
  private final Clock clock;
  private final TableDrop tableDrop;

  public DatasetReconciler(
      OperatorSettings settings, EventRecorder events, ObjectApplier applier, Clock clock) {
    this.settings = settings;
    this.events = events;
    this.clock = clock;
    this.tableDrop = new TableDrop(events, applier, clock);
  }

  @Override
  public List<EventSource<?, Dataset>> prepareEventSources(EventSourceContext<Dataset> context) {
    return DatasetInformers.create(context);
  }

  @Override
  public UpdateControl<Dataset> reconcile(Dataset dataset, Context<Dataset> context) {
    var pass = new Pass(dataset, context);
    Optional<Lakehouse> lakehouse = DatasetInformers.lakehouse(context, dataset);
    Optional<Problem> problem = DatasetValidation.validate(dataset, lakehouse, pass::otherDataset);

    Optional<Duration> untilNextTick = Optional.empty();
    if (problem.isEmpty()) {
      untilNextTick = schedule(pass);
      followUpstream(pass);
    }
    prune(pass);
    DatasetStatusCalculator.reflect(
        pass.status,
        dataset,
        pass.runs,
        lakehouse.map(Lakehouse::getSpec).map(s -> s.storage).map(s -> s.bucket));

    UpdateControl<Dataset> control =
        problem.isPresent() ? refuse(pass, problem.get()) : accept(pass);
    return untilNextTick.map(control::rescheduleAfter).orElse(control);
  }

  /** Creates the run of the latest tick due, unless a run is active; returns the time to wait. */
  private Optional<Duration> schedule(Pass pass) {
    Schedule schedule = pass.dataset.getSpec().schedule;
    if (schedule == null || Boolean.TRUE.equals(schedule.suspend)) {
      pass.status.nextScheduleTime = null;
      return Optional.empty();
    }
    Instant now = Instant.now(clock);
    ScheduleDecision decision =
        ScheduleDecision.decide(
            CronSchedule.parse(schedule.cron, schedule.timeZone),
            lastTick(pass.dataset),
            now,
            pass.objects.names(),
            pass.runs);
    switch (decision.action()) {
      case CREATE -> pass.createRun(decision.run(), "for the schedule's tick " + decision.tick());
      case SKIP ->
          events.record(
              pass.dataset,
              EventReason.ScheduleSkipped,
              "skipped the tick "
                  + decision.tick()
                  + ": run "
                  + decision.run()
                  + " has not finished, and runs of a Dataset never overlap");
      case NONE, CREATED -> {}
    }
    if (decision.tick() != null) {
      pass.status.lastScheduleTime = decision.tick().toString();
    }
    pass.status.nextScheduleTime = decision.next() == null ? null : decision.next().toString();
    return Optional.ofNullable(decision.next())
        .map(next -> Duration.between(now, next).plusSeconds(1));
  }

  /** The last tick acted on; before the first, the Dataset's creation. */
  private Instant lastTick(Dataset dataset) {
    String last = dataset.getStatus() == null ? null : dataset.getStatus().lastScheduleTime;
    String created = dataset.getMetadata().getCreationTimestamp();
    return last != null
        ? Instant.parse(last)
        : created != null ? Instant.parse(created) : Instant.now(clock);
  }

  /**
   * Runs once after new successful upstream runs, by {@link UpstreamRule}: not while an upstream
   * writes or an upstream table is missing, nor while a run of its own is active.
   */
  private void followUpstream(Pass pass) {
    List<String> upstream = DatasetValidation.upstream(pass.dataset);
    if (!Boolean.TRUE.equals(pass.dataset.getSpec().runAfterUpstream)) {
      pass.status.followedRuns = null;
      return;
    }
    Map<String, String> followed = Optional.ofNullable(pass.status.followedRuns).orElse(Map.of());
    SortedMap<String, IngestionRun> pending =
        UpstreamFollowing.pending(upstream, pass::runsOf, followed);
    UpstreamRule.Decision decision =
        UpstreamRule.decide(
            upstream,
            pending::containsKey,
            name -> pass.runsOf(name).active().isPresent(),
            // A run that just succeeded made its table, whether or not its Dataset says so yet.
            name -> pending.containsKey(name) || pass.hasTable(name));
    waitFor(pass, decision, upstream, pending);
    boolean follow = decision == UpstreamRule.Decision.FOLLOW;
    if (follow) {
      String name = UpstreamFollowing.runName(pass.objects.names(), pending);
      if (pass.runs.named(name).isEmpty()) {
        // While a run of its own is active, wait: then one run follows all that succeeded upstream.
        follow = pass.runs.active().isEmpty();
        if (follow) {
          pass.createRun(name, "after " + describe(pending) + " succeeded");
        }
      }
    }
    pass.status.followedRuns =
        UpstreamFollowing.followed(upstream, followed, follow ? pending : Map.of());
  }

  /** Says in status, and once in an event, why new upstream data waits. */
  private void waitFor(
      Pass pass,
      UpstreamRule.Decision decision,
      List<String> upstream,
      Map<String, IngestionRun> pending) {
    String why =
        switch (decision) {
          case WAIT_FOR_WRITERS ->
              "waiting for the runs of "
                  + String.join(
                      ", ",
                      upstream.stream().filter(u -> pass.runsOf(u).active().isPresent()).toList())
                  + " to end";
          case WAIT_FOR_TABLES ->
              "waiting for a first successful run of "
                  + String.join(
                      ", ",
                      upstream.stream()
                          .filter(u -> !pending.containsKey(u) && !pass.hasTable(u))
                          .toList())
                  + ": its table does not exist yet";
          case NOTHING_NEW, FOLLOW -> null;
        };
    String before = pass.dataset.getStatus() == null ? null : pass.dataset.getStatus().upstreamWait;
    if (why != null && !why.equals(before)) {
      events.record(pass.dataset, EventReason.WaitingForUpstream, why);
    }
    pass.status.upstreamWait = why;
  }

  private void prune(Pass pass) {
    var history = pass.dataset.getSpec().history;
    List<String> deleted =
        pass.runs.toPrune(pass.dataset.getMetadata().getUid(), history).stream()
            .filter(run -> !pass.context.getClient().resource(run).delete().isEmpty())
            .map(run -> run.getMetadata().getName())
            .toList();
    if (!deleted.isEmpty()) {
      events.record(
          pass.dataset,
          EventReason.RunsPruned,
          "deleted finished runs beyond spec.history: " + String.join(", ", deleted));
    }
  }

  private UpdateControl<Dataset> accept(Pass pass) {
    DatasetStatusCalculator.ready(pass.status, pass.dataset, clock);
    if (!Conditions.isTrue(conditions(pass.dataset), ConditionTypes.READY)) {
      events.record(
          pass.dataset,
          EventReason.DatasetReady,
          Conditions.find(pass.status.conditions, ConditionTypes.READY).orElseThrow().getMessage());
    }
    return writeIfChanged(pass.dataset, pass.status, pass.context);
  }

  private UpdateControl<Dataset> refuse(Pass pass, Problem problem) {
    Dataset dataset = pass.dataset;
    DatasetStatusCalculator.refused(
        pass.status, problem, dataset.getMetadata().getGeneration(), clock);
    Optional<Condition> before = Conditions.find(conditions(dataset), ConditionTypes.READY);
    if (before.map(c -> !Objects.equals(c.getMessage(), problem.message())).orElse(true)) {
      LOG.warn("Dataset {}: {}", id(dataset), problem.message());
      events.record(dataset, problem.reason(), problem.message());
    }
    return writeIfChanged(dataset, pass.status, pass.context);
  }

  /**
   * Writes the status, locked on the resourceVersion, and caches the result: run events reconcile a
   * Dataset in quick succession, and the next reconcile must start from this status, not from an
   * older one the informer still holds (a JSON patch computed from that would not apply).
   */
  private UpdateControl<Dataset> writeIfChanged(
      Dataset dataset, DatasetStatus status, Context<Dataset> context) {
    if (!JSON.asJson(status).equals(JSON.asJson(dataset.getStatus()))) {
      PrimaryUpdateAndCacheUtils.updateStatusAndCacheResource(
          dataset,
          context,
          d -> {
            d.setStatus(status);
            return d;
          });
    }
    return UpdateControl.noUpdate();
  }

  @Override
  public ErrorStatusUpdateControl<Dataset> updateErrorStatus(
      Dataset dataset, Context<Dataset> context, Exception e) {
    String message = "reconcile failed, retrying with back-off: " + e.getMessage();
    LOG.error("Dataset {}: {}", id(dataset), message, e);
    events.record(dataset, EventReason.ReconcileFailed, message);
    DatasetStatus status = DatasetStatusCalculator.copyOf(dataset.getStatus());
    status.conditions =
        Conditions.set(
            status.conditions,
            ConditionTypes.READY,
            false,
            EventReason.ReconcileFailed.name(),
            message,
            dataset.getMetadata().getGeneration(),
            clock);
    dataset.setStatus(status);
    return ErrorStatusUpdateControl.patchStatus(dataset);
  }

  @Override
  public DeleteControl cleanup(Dataset dataset, Context<Dataset> context) {
    String table = dataset.getSpec().table.qualifiedName();
    if (dataset.getSpec().deletionPolicy != DeletionPolicy.Drop) {
      events.record(
          dataset, EventReason.TableRetained, "kept table " + table + " (deletionPolicy: Retain)");
      return DeleteControl.defaultDelete();
    }
    Optional<Lakehouse> lakehouse =
        DatasetInformers.lakehouse(context, dataset).filter(l -> !l.isMarkedForDeletion());
    if (lakehouse.isEmpty()) {
      // Waiting would block the namespace's deletion for good: there is nothing to drop into.
      events.record(
          dataset,
          EventReason.TableDropFailed,
          "cannot drop table "
              + table
              + ": Lakehouse "
              + dataset.getSpec().lakehouse
              + " is gone or being deleted; its files, if any, stay in its bucket");
      return DeleteControl.defaultDelete();
    }
    return tableDrop.step(dataset, new LakehouseModel(lakehouse.get(), settings, ""), context);
  }

  private static String describe(SortedMap<String, IngestionRun> pending) {
    return String.join(
        ", ",
        pending.entrySet().stream()
            .map(e -> "run " + e.getValue().getMetadata().getName() + " of " + e.getKey())
            .toList());
  }

  private static List<Condition> conditions(Dataset dataset) {
    return dataset.getStatus() == null ? null : dataset.getStatus().conditions;
  }

  private static String id(Dataset dataset) {
    return dataset.getMetadata().getNamespace() + "/" + dataset.getMetadata().getName();
  }

  /** One reconcile's view: the runs as they become, and the status being built. */
  private final class Pass {
    final Dataset dataset;
    final Context<Dataset> context;
    final DatasetObjects objects;
    final DatasetStatus status;
    DatasetRuns runs;

    Pass(Dataset dataset, Context<Dataset> context) {
      this.dataset = dataset;
      this.context = context;
      this.objects = new DatasetObjects(dataset);
      this.status = DatasetStatusCalculator.copyOf(dataset.getStatus());
      this.runs = runsOf(dataset.getMetadata().getName());
    }

    Optional<Dataset> otherDataset(String name) {
      return DatasetInformers.dataset(context, name, dataset.getMetadata().getNamespace());
    }

    /**
     * Whether another Dataset's table exists: a run of it succeeded, kept or since pruned (its
     * status then still dates the table).
     */
    boolean hasTable(String name) {
      if (runsOf(name).latestSucceeded().isPresent()) {
        return true;
      }
      return otherDataset(name)
          .map(Dataset::getStatus)
          .map(status -> status.table)
          .map(table -> table.updatedAt != null)
          .orElse(false);
    }

    DatasetRuns runsOf(String datasetName) {
      return DatasetInformers.runs(context, datasetName, dataset.getMetadata().getNamespace());
    }

    void createRun(String name, String why) {
      IngestionRun run = objects.run(name, runs.nextSequence());
      try {
        IngestionRun created = context.getClient().resource(run).create();
        DatasetInformers.runInformer(context)
            .handleRecentResourceCreate(ResourceID.fromResource(dataset), created);
        runs = runs.with(created);
        LOG.info("Dataset {}: created IngestionRun {} {}", id(dataset), name, why);
        events.record(dataset, EventReason.RunCreated, "created IngestionRun " + name + " " + why);
      } catch (KubernetesClientException e) {
        if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
          throw e;
        }
        // Created by an earlier reconcile whose status write was lost; count it as active.
        Optional.ofNullable(context.getClient().resource(run).get())
            .ifPresent(existing -> runs = runs.with(existing));
      }
    }
  }
}
