package dev.lakehouse.operator.lakehouse;

import dev.lakehouse.api.lakehouse.Lakehouse;
import dev.lakehouse.operator.k8s.Labels;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
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

/**
 * Informers on the objects the operator creates, filtered by its managed-by label so the cache
 * holds only those; each event maps back to a Lakehouse through the lakehouse label.
 */
public final class LakehouseInformers {
  static final List<Class<? extends HasMetadata>> TYPES =
      List.of(
          Secret.class,
          ConfigMap.class,
          Service.class,
          StatefulSet.class,
          Deployment.class,
          Job.class);

  private LakehouseInformers() {}

  public static List<EventSource<?, Lakehouse>> create(EventSourceContext<Lakehouse> context) {
    return TYPES.stream().<EventSource<?, Lakehouse>>map(type -> informer(type, context)).toList();
  }

  private static <R extends HasMetadata> InformerEventSource<R, Lakehouse> informer(
      Class<R> type, EventSourceContext<Lakehouse> context) {
    var configuration =
        InformerEventSourceConfiguration.from(type, Lakehouse.class)
            .withLabelSelector(Labels.MANAGED_SELECTOR)
            .withSecondaryToPrimaryMapper(LakehouseInformers::toLakehouse)
            .build();
    return new InformerEventSource<>(configuration, context);
  }

  private static Set<ResourceID> toLakehouse(HasMetadata object) {
    var labels = object.getMetadata().getLabels();
    String lakehouse = labels == null ? null : labels.get(Labels.LAKEHOUSE);
    return lakehouse == null
        ? Set.of()
        : Set.of(new ResourceID(lakehouse, object.getMetadata().getNamespace()));
  }

  @SuppressWarnings("unchecked")
  public static <R extends HasMetadata> InformerEventSource<R, Lakehouse> of(
      Context<Lakehouse> context, Class<R> type) {
    return (InformerEventSource<R, Lakehouse>)
        context.eventSourceRetriever().getEventSourceFor(type);
  }

  public static <R extends HasMetadata> Optional<R> get(
      Context<Lakehouse> context, Class<R> type, String name, String namespace) {
    return of(context, type).get(new ResourceID(name, namespace));
  }
}
