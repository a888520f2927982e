package dev.lakehouse.operator.query;

import dev.lakehouse.api.lakehouse.Lakehouse;
import dev.lakehouse.api.query.Query;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** A Query watches its Lakehouse: it waits for it to be ready, and stops when it is deleted. */
final class QueryInformers {
  static final String LAKEHOUSES = "query-lakehouses";
  private static final String BY_LAKEHOUSE = "byLakehouse";

  private QueryInformers() {}

  static List<EventSource<?, Query>> create(EventSourceContext<Query> context) {
    IndexerResourceCache<Query> queries = context.getPrimaryCache();
    queries.addIndexer(
        BY_LAKEHOUSE,
        q -> q.getSpec() == null ? List.of() : List.of(key(q.getMetadata().getNamespace(), q)));
    var lakehouses =
        InformerEventSourceConfiguration.from(Lakehouse.class, Query.class)
            .withName(LAKEHOUSES)
            .withSecondaryToPrimaryMapper(
                l ->
                    queries
                        .byIndex(
                            BY_LAKEHOUSE,
                            l.getMetadata().getNamespace() + "/" + l.getMetadata().getName())
                        .stream()
                        .map(ResourceID::fromResource)
                        .collect(Collectors.toSet()))
            .build();
    return List.of(new InformerEventSource<>(lakehouses, context));
  }

  @SuppressWarnings("unchecked")
  static Optional<Lakehouse> lakehouse(Context<Query> context, Query query) {
    var informer =
        (InformerEventSource<Lakehouse, Query>)
            context.eventSourceRetriever().getEventSourceFor(Lakehouse.class, LAKEHOUSES);
    return informer.get(
        new ResourceID(query.getSpec().lakehouse, query.getMetadata().getNamespace()));
  }

  private static String key(String namespace, Query query) {
    return namespace + "/" + query.getSpec().lakehouse;
  }
}
