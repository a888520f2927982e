package dev.lakehouse.operator.run;

import dev.lakehouse.api.dataset.Dataset;
import dev.lakehouse.api.lakehouse.Lakehouse;
import dev.lakehouse.api.run.IngestionRun;
import dev.lakehouse.operator.k8s.Labels;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What an IngestionRun watches: its Jobs and their pods (by the run label), and the Datasets and
 * Lakehouses it waits for, mapped back to the runs that care.
 */
public final class IngestionRunInformers {
  private static final String DRIVER_PODS =
      Labels.COMPONENT + "=" + RunObjects.DRIVER + "," + Labels.RUN;

  private IngestionRunInformers() {}

  public static List<EventSource<?, IngestionRun>> create(
      EventSourceContext<IngestionRun> context) {
    var jobs =
        InformerEventSourceConfiguration.from(Job.class, IngestionRun.class)
            .withName("run-jobs")
            .withLabelSelector(Labels.MANAGED_SELECTOR + "," + Labels.RUN)
            .withSecondaryToPrimaryMapper(IngestionRunInformers::byRunLabel)
            .build();
    var pods =
        InformerEventSourceConfiguration.from(Pod.class, IngestionRun.class)
            .withName("run-pods")
            .withLabelSelector(DRIVER_PODS)
            .withSecondaryToPrimaryMapper(IngestionRunInformers::byRunLabel)
            .build();
    var datasets =
        InformerEventSourceConfiguration.from(Dataset.class, IngestionRun.class)
            .withName("run-datasets")
            .withSecondaryToPrimaryMapper(
                d -> runs(context, d, r -> d.getMetadata().getName().equals(r.getSpec().dataset)))
            .build();
    // A Lakehouse becoming ready matters to every unfinished run in its namespace.
    var lakehouses =
        InformerEventSourceConfiguration.from(Lakehouse.class, IngestionRun.class)
            .withName("run-lakehouses")
            .withSecondaryToPrimaryMapper(
                l -> runs(context, l, r -> !IngestionRunReconciler.finished(r)))
            .build();
    return List.of(
        new InformerEventSource<>(jobs, context),
        new InformerEventSource<>(pods, context),
        new InformerEventSource<>(datasets, context),
        new InformerEventSource<>(lakehouses, context));
  }

  private static Set<ResourceID> byRunLabel(HasMetadata object) {
    var labels = object.getMetadata().getLabels();
    String run = labels == null ? null : labels.get(Labels.RUN);
    return run == null
        ? Set.of()
        : Set.of(new ResourceID(run, object.getMetadata().getNamespace()));
  }

  private static Set<ResourceID> runs(
      EventSourceContext<IngestionRun> context,
      HasMetadata secondary,
      java.util.function.Predicate<IngestionRun> filter) {
    return context
        .getPrimaryCache()
        .list(secondary.getMetadata().getNamespace(), filter)
        .map(ResourceID::fromResource)
        .collect(Collectors.toSet());
  }

  @SuppressWarnings("unchecked")
  static <R extends HasMetadata> InformerEventSource<R, IngestionRun> of(
      Context<IngestionRun> context, Class<R> type) {
    return (InformerEventSource<R, IngestionRun>)
        context.eventSourceRetriever().getEventSourceFor(type);
  }

  static <R extends HasMetadata> Optional<R> get(
      Context<IngestionRun> context, Class<R> type, String name, String namespace) {
    return of(context, type).get(new ResourceID(name, namespace));
  }

  /**
   * The cached object, or, when the cache has none, the API server's answer. For an absence that
   * ends a run: a cache also misses objects while its informer stops (an operator shutting down) or
   * has not listed them yet, and a run must not be cancelled for that.
   */
  static <R extends HasMetadata> Optional<R> getConfirmingAbsence(
      Context<IngestionRun> context, Class<R> type, String name, String namespace) {
    return get(context, type, name, namespace)
        .or(
            () ->
                Optional.ofNullable(
                    context
                        .getClient()
                        .resources(type)
                        .inNamespace(namespace)
                        .withName(name)
                        .get()));
  }
}
