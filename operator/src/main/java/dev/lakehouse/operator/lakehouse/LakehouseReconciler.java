package dev.lakehouse.operator.lakehouse;

import dev.lakehouse.api.common.ConditionTypes;
import dev.lakehouse.api.common.Conditions;
import dev.lakehouse.api.lakehouse.Lakehouse;
import dev.lakehouse.api.lakehouse.LakehouseStatus;
import dev.lakehouse.operator.OperatorSettings;
import dev.lakehouse.operator.k8s.ContentHash;
import dev.lakehouse.operator.k8s.EventReason;
import dev.lakehouse.operator.k8s.EventRecorder;
import dev.lakehouse.operator.k8s.ObjectApplier;
import dev.lakehouse.operator.k8s.ObjectApplier.Outcome;
import dev.lakehouse.operator.lakehouse.LakehouseValidation.Problem;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deploys and wires a lakehouse: credentials, Postgres, Hive Metastore, S3 storage and Trino, then
 * reports each component's readiness.
 */
public class LakehouseReconciler implements Reconciler<Lakehouse>, Cleaner<Lakehouse> {
  private static final Logger LOG = LoggerFactory.getLogger(LakehouseReconciler.class);
  static final Duration APPLY_RETRY = Duration.ofSeconds(30);
  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  private final OperatorSettings settings;
  private final EventRecorder events;
  private final ObjectApplier applier;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  public LakehouseReconciler(
      OperatorSettings settings, EventRecorder events, ObjectApplier applier, Clock clock) {
    this.settings = settings;
    this.events = events;
    this.applier = applier;
    this.clock = clock;
  }

  @Override
  public List<EventSource<?, Lakehouse>> prepareEventSources(
      EventSourceContext<Lakehouse> context) {
    return LakehouseInformers.create(context);
  }

  @Override
  public UpdateControl<Lakehouse> reconcile(Lakehouse lakehouse, Context<Lakehouse> context) {
    Optional<Problem> problem =
        LakehouseValidation.validate(lakehouse, name -> userSecret(context, lakehouse, name))
            .or(() -> storageServerSwap(lakehouse, context));
    if (problem.isPresent()) {
      return refuse(lakehouse, problem.get());
    }
    var applied = new Applied(context, ResourceID.fromResource(lakehouse));

    ensureGeneratedSecrets(new LakehouseModel(lakehouse, settings, ""), applied);
    var model = new LakehouseModel(lakehouse, settings, credentialsHash(lakehouse, context));
    LakehouseObjects.desired(model).forEach(applied::apply);
    LakehouseObjects.unwanted(model).forEach(applied::remove);
    if (!applied.changes.isEmpty()) {
      events.record(lakehouse, EventReason.Applied, String.join(", ", applied.changes));
    }

    LakehouseStatus status =
        LakehouseStatusCalculator.compute(
            model, observe(model, context), lakehouse.getStatus(), applied.failures, clock);
    recordTransitions(lakehouse, lakehouse.getStatus(), status);
    UpdateControl<Lakehouse> control = patchIfChanged(lakehouse, status);
    // A refused object is retried on a timer too: nothing else may change to wake the reconciler.
    return applied.failures.isEmpty() ? control : control.rescheduleAfter(APPLY_RETRY);
  }

  private static Optional<Problem> storageServerSwap(
      Lakehouse lakehouse, Context<Lakehouse> context) {
    var names =
        new LakehouseNames(
            lakehouse.getMetadata().getName(), lakehouse.getMetadata().getNamespace());
    String ns = names.namespace();
    return LakehouseValidation.storageServerSwap(
        lakehouse,
        LakehouseInformers.get(context, StatefulSet.class, names.minio(), ns).isPresent(),
        LakehouseInformers.get(context, StatefulSet.class, names.seaweedfs(), ns).isPresent());
  }

  private void ensureGeneratedSecrets(LakehouseModel model, Applied applied) {
    for (Secret secret : CredentialSecrets.generate(model, random)) {
      if (applier.createIfAbsent(
          secret, LakehouseInformers.of(applied.context, Secret.class), applied.primary)) {
        applied.changes.add("generated Secret/" + secret.getMetadata().getName());
      }
    }
  }

  private ObservedLakehouse observe(LakehouseModel model, Context<Lakehouse> context) {
    LakehouseNames names = model.names();
    String ns = model.namespace();
    return new ObservedLakehouse(
        LakehouseInformers.get(context, StatefulSet.class, names.postgres(), ns),
        LakehouseInformers.get(context, StatefulSet.class, names.seaweedfs(), ns),
        LakehouseInformers.get(context, StatefulSet.class, names.minio(), ns),
        LakehouseInformers.get(context, Job.class, names.bucketJob(), ns),
        LakehouseInformers.get(context, Deployment.class, names.metastore(), ns),
        LakehouseInformers.get(context, Deployment.class, names.trinoCoordinator(), ns),
        LakehouseInformers.get(context, Deployment.class, names.trinoWorker(), ns));
  }

  /** A hash over every credential the pods read, so a rotated Secret rolls them. */
  private String credentialsHash(Lakehouse lakehouse, Context<Lakehouse> context) {
    var model = new LakehouseModel(lakehouse, settings, "");
    Map<String, Object> contents = new TreeMap<>();
    List<String> secretNames =
        new ArrayList<>(
            List.of(
                model.s3AccessKey().secretName(),
                model.dbPassword().secretName(),
                model.trinoSharedSecret().secretName()));
    if (model.deploysSeaweedfs()) {
      secretNames.add(model.names().seaweedfsSecret());
    }
    for (String name : secretNames) {
      Optional<Secret> secret =
          LakehouseInformers.get(context, Secret.class, name, model.namespace())
              .or(() -> userSecret(context, lakehouse, name));
      secret.ifPresent(
          s ->
              contents.put(
                  name,
                  List.of(
                      Optional.ofNullable(s.getData()).orElse(Map.of()),
                      Optional.ofNullable(s.getStringData()).orElse(Map.of()))));
    }
    return ContentHash.of(contents);
  }

  private Optional<Secret> userSecret(
      Context<Lakehouse> context, Lakehouse lakehouse, String name) {
    return Optional.ofNullable(
        context
            .getClient()
            .secrets()
            .inNamespace(lakehouse.getMetadata().getNamespace())
            .withName(name)
            .get());
  }

  private UpdateControl<Lakehouse> refuse(Lakehouse lakehouse, Problem problem) {
    long generation = lakehouse.getMetadata().getGeneration();
    LakehouseStatus status =
        LakehouseStatusCalculator.invalid(
            lakehouse.getStatus(), problem.reason().name(), problem.message(), generation, clock);
    Optional<Condition> before =
        Conditions.find(
            lakehouse.getStatus() == null ? null : lakehouse.getStatus().conditions,
            ConditionTypes.READY);
    if (before.map(c -> !Objects.equals(c.getMessage(), problem.message())).orElse(true)) {
      LOG.warn(
          "Lakehouse {}/{} refused: {}",
          lakehouse.getMetadata().getNamespace(),
          lakehouse.getMetadata().getName(),
          problem.message());
      events.record(lakehouse, problem.reason(), problem.message());
    }
    // Back off from 10 s up to 5 min, derived from how long the spec has been refused.
    Instant since =
        Conditions.find(status.conditions, ConditionTypes.READY)
            .map(c -> Instant.parse(c.getLastTransitionTime()))
            .orElse(Instant.now(clock));
    long waited = Duration.between(since, Instant.now(clock)).toSeconds();
    Duration delay = Duration.ofSeconds(Math.min(300, Math.max(10, waited)));
    return patchIfChanged(lakehouse, status).rescheduleAfter(delay);
  }

  private void recordTransitions(
      Lakehouse lakehouse, LakehouseStatus before, LakehouseStatus after) {
    List<Condition> old = before == null ? null : before.conditions;
    for (Condition condition : after.conditions) {
      if (ConditionTypes.READY.equals(condition.getType())) {
        continue;
      }
      Optional<Condition> previous = Conditions.find(old, condition.getType());
      boolean flipped =
          previous.map(p -> !p.getStatus().equals(condition.getStatus())).orElse(true);
      boolean newFailure =
          previous.map(p -> !Objects.equals(p.getReason(), condition.getReason())).orElse(true)
              && "BucketCreationFailed".equals(condition.getReason());
      if (newFailure) {
        events.record(lakehouse, EventReason.BucketCreationFailed, condition.getMessage());
      } else if (flipped && "True".equals(condition.getStatus())) {
        events.record(
            lakehouse,
            EventReason.ComponentReady,
            condition.getType() + ": " + condition.getMessage());
      } else if (flipped && previous.isPresent()) {
        events.record(
            lakehouse,
            EventReason.ComponentNotReady,
            condition.getType() + ": " + condition.getMessage());
      }
    }
    String phaseBefore = before == null ? null : before.phase;
    if (!Objects.equals(phaseBefore, after.phase)) {
      String message =
          Conditions.find(after.conditions, ConditionTypes.READY)
              .map(Condition::getMessage)
              .orElse("");
      EventReason reason =
          switch (after.phase) {
            case LakehouseStatusCalculator.PHASE_READY -> EventReason.Ready;
            case LakehouseStatusCalculator.PHASE_DEGRADED -> EventReason.Degraded;
            default -> EventReason.Provisioning;
          };
      events.record(lakehouse, reason, message);
    }
  }

  private UpdateControl<Lakehouse> patchIfChanged(Lakehouse lakehouse, LakehouseStatus status) {
    if (JSON.asJson(status).equals(JSON.asJson(lakehouse.getStatus()))) {
      return UpdateControl.noUpdate();
    }
    lakehouse.setStatus(status);
    return UpdateControl.patchStatus(lakehouse);
  }

  @Override
  public ErrorStatusUpdateControl<Lakehouse> updateErrorStatus(
      Lakehouse lakehouse, Context<Lakehouse> context, Exception e) {
    String message = "reconcile failed, retrying with back-off: " + e.getMessage();
    LOG.error(
        "Lakehouse {}/{}: {}",
        lakehouse.getMetadata().getNamespace(),
        lakehouse.getMetadata().getName(),
        message,
        e);
    events.record(lakehouse, EventReason.ReconcileFailed, message);
    LakehouseStatus status =
        LakehouseStatusCalculator.invalid(
            lakehouse.getStatus(),
            EventReason.ReconcileFailed.name(),
            message,
            lakehouse.getMetadata().getGeneration(),
            clock);
    status.phase =
        lakehouse.getStatus() == null
            ? LakehouseStatusCalculator.PHASE_PROVISIONING
            : lakehouse.getStatus().phase;
    lakehouse.setStatus(status);
    return ErrorStatusUpdateControl.patchStatus(lakehouse);
  }

  @Override
  public DeleteControl cleanup(Lakehouse lakehouse, Context<Lakehouse> context) {
    events.record(lakehouse, EventReason.Deleting, "deleting the lakehouse's workloads");
    String kept = LakehouseCleanup.delete(context.getClient(), lakehouse);
    LOG.info(
        "Lakehouse {}/{} deleted; {}",
        lakehouse.getMetadata().getNamespace(),
        lakehouse.getMetadata().getName(),
        kept);
    events.record(lakehouse, EventReason.Deleted, kept);
    return DeleteControl.defaultDelete();
  }

  /**
   * The API server's reason when it refused the object for good (invalid, forbidden by RBAC or
   * admission); anything else (a conflict, no answer, a server error) is rethrown, and the whole
   * reconcile is retried as before.
   */
  private static String refusal(KubernetesClientException e) {
    int code = e.getCode();
    if (code != 400 && code != 403 && code != 422) {
      throw e;
    }
    return e.getStatus() != null && e.getStatus().getMessage() != null
        ? e.getStatus().getMessage()
        : e.getMessage();
  }

  /**
   * Applies objects for one reconcile and collects what changed, for one event, and what the API
   * server refused: one refused object does not keep the others from being applied.
   */
  private final class Applied {
    final Context<Lakehouse> context;
    final ResourceID primary;
    final List<String> changes = new ArrayList<>();
    final List<String> failures = new ArrayList<>();

    Applied(Context<Lakehouse> context, ResourceID primary) {
      this.context = context;
      this.primary = primary;
    }

    @SuppressWarnings("unchecked")
    <R extends HasMetadata> void apply(R desired) {
      var cache = LakehouseInformers.of(context, (Class<R>) desired.getClass());
      try {
        Outcome outcome = applier.apply(desired, cache, primary);
        if (outcome != Outcome.UNCHANGED) {
          changes.add(outcome.name().toLowerCase() + " " + ObjectApplier.describe(desired));
        }
      } catch (KubernetesClientException e) {
        failures.add(ObjectApplier.describe(desired) + ": " + refusal(e));
        return;
      }
      if (desired instanceof StatefulSet statefulSet) {
        try {
          var result = VolumeExpansion.apply(context.getClient(), statefulSet);
          result.change().ifPresent(changes::add);
          result.problem().ifPresent(failures::add);
        } catch (KubernetesClientException e) {
          failures.add("the volume of " + ObjectApplier.describe(desired) + ": " + refusal(e));
        }
      }
    }

    void remove(LakehouseObjects.Unwanted unwanted) {
      LakehouseInformers.get(
              context, unwanted.type(), unwanted.name(), primary.getNamespace().orElseThrow())
          .ifPresent(
              existing -> {
                context.getClient().resource(existing).delete();
                changes.add("deleted " + ObjectApplier.describe(existing));
              });
    }
  }
}
