package dev.lakehouse.operator.dataset;

import dev.lakehouse.api.dataset.Dataset;
import dev.lakehouse.api.lakehouse.Lakehouse;
import dev.lakehouse.api.run.IngestionRun;
import dev.lakehouse.api.run.RunPhase;
import dev.lakehouse.operator.k8s.Labels;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a Dataset watches, each mapped back to the Datasets that care: its Lakehouse, the Datasets
 * upstream of it, its IngestionRuns (and its upstream Datasets' successful ones), and its
 * drop-table Job. Indexes on the Dataset cache answer "which Datasets use this Lakehouse, this
 * upstream".
 */
public final class DatasetInformers {
  static final String LAKEHOUSES = "dataset-lakehouses";
  static final String UPSTREAM = "dataset-upstream";
  static final String RUNS = "dataset-runs";
  static final String DROP_JOBS = "dataset-drop-jobs";
  static final String DROP_CONFIG_MAPS = "dataset-drop-configmaps";

  private static final String BY_LAKEHOUSE = "byLakehouse";
  private static final String BY_UPSTREAM = "byUpstream";

  private DatasetInformers() {}

  public static List<EventSource<?, Dataset>> create(EventSourceContext<Dataset> context) {
    IndexerResourceCache<Dataset> datasets = context.getPrimaryCache();
    datasets.addIndexer(
        BY_LAKEHOUSE,
        d -> d.getSpec() == null ? List.of() : List.of(key(d, d.getSpec().lakehouse)));
    datasets.addIndexer(
        BY_UPSTREAM, d -> DatasetValidation.upstream(d).stream().map(u -> key(d, u)).toList());

    var lakehouses =
        InformerEventSourceConfiguration.from(Lakehouse.class, Dataset.class)
            .withName(LAKEHOUSES)
            .withSecondaryToPrimaryMapper(
                l -> ids(datasets.byIndex(BY_LAKEHOUSE, key(l, l.getMetadata().getName()))))
            .build();
    // Only a new spec, a new Dataset or a deleted one can change what its downstream sees.
    var upstream =
        InformerEventSourceConfiguration.from(Dataset.class, Dataset.class)
            .withName(UPSTREAM)
            .withOnUpdateFilter(
                (before, after) ->
                    !Objects.equals(
                        before.getMetadata().getGeneration(), after.getMetadata().getGeneration()))
            .withSecondaryToPrimaryMapper(d -> downstream(datasets, d))
            .build();
    var runs =
        InformerEventSourceConfiguration.from(IngestionRun.class, Dataset.class)
            .withName(RUNS)
            .withSecondaryToPrimaryMapper(r -> datasetsOf(datasets, r))
            .build();
    var jobs =
        InformerEventSourceConfiguration.from(Job.class, Dataset.class)
            .withName(DROP_JOBS)
            .withLabelSelector(DatasetObjects.dropSelector())
            .withSecondaryToPrimaryMapper(DatasetInformers::byDatasetLabel)
            .build();
    var configMaps =
        InformerEventSourceConfiguration.from(ConfigMap.class, Dataset.class)
            .withName(DROP_CONFIG_MAPS)
            .withLabelSelector(DatasetObjects.dropSelector())
            .withSecondaryToPrimaryMapper(DatasetInformers::byDatasetLabel)
            .build();
    return List.of(
        new InformerEventSource<>(lakehouses, context),
        new InformerEventSource<>(upstream, context),
        new InformerEventSource<>(runs, context),
        new InformerEventSource<>(jobs, context),
        new InformerEventSource<>(configMaps, context));
  }

  /** Every Dataset downstream of the changed one, however far: a cycle may close anywhere. */
  private static Set<ResourceID> downstream(
      IndexerResourceCache<Dataset> datasets, Dataset changed) {
    Set<ResourceID> found = new HashSet<>();
    Deque<String> todo = new ArrayDeque<>(List.of(changed.getMetadata().getName()));
    while (!todo.isEmpty()) {
      for (Dataset d : datasets.byIndex(BY_UPSTREAM, key(changed, todo.pop()))) {
        if (found.add(ResourceID.fromResource(d))) {
          todo.add(d.getMetadata().getName());
        }
      }
    }
    return found;
  }

  /** A run's own Dataset and, once it succeeded, the Datasets that run after that one. */
  private static Set<ResourceID> datasetsOf(
      IndexerResourceCache<Dataset> datasets, IngestionRun run) {
    if (run.getSpec() == null || run.getSpec().dataset == null) {
      return Set.of();
    }
    Set<ResourceID> ids = new HashSet<>();
    ids.add(new ResourceID(run.getSpec().dataset, run.getMetadata().getNamespace()));
    if (DatasetRuns.phase(run) == RunPhase.Succeeded) {
      datasets.byIndex(BY_UPSTREAM, key(run, run.getSpec().dataset)).stream()
          .filter(d -> Boolean.TRUE.equals(d.getSpec().runAfterUpstream))
          .map(ResourceID::fromResource)
          .forEach(ids::add);
    }
    return ids;
  }

  private static Set<ResourceID> byDatasetLabel(HasMetadata object) {
    var labels = object.getMetadata().getLabels();
    String dataset = labels == null ? null : labels.get(Labels.DATASET);
    return dataset == null
        ? Set.of()
        : Set.of(new ResourceID(dataset, object.getMetadata().getNamespace()));
  }

  private static Set<ResourceID> ids(List<Dataset> datasets) {
    return datasets.stream().map(ResourceID::fromResource).collect(Collectors.toSet());
  }

  private static String key(HasMetadata inNamespace, String name) {
    return inNamespace.getMetadata().getNamespace() + "/" + name;
  }

  // --- lookups for a reconcile

  public static Optional<Lakehouse> lakehouse(Context<Dataset> context, Dataset dataset) {
    return of(context, Lakehouse.class, LAKEHOUSES)
        .get(new ResourceID(dataset.getSpec().lakehouse, dataset.getMetadata().getNamespace()));
  }

  /**
   * Another Dataset, from the informer whose events reconcile its downstream: the primary cache may
   * not have seen the change that triggered the reconcile yet.
   */
  public static Optional<Dataset> dataset(Context<Dataset> context, String name, String namespace) {
    return of(context, Dataset.class, UPSTREAM).get(new ResourceID(name, namespace));
  }

  public static DatasetRuns runs(Context<Dataset> context, String dataset, String namespace) {
    return new DatasetRuns(
        runInformer(context).list(namespace, r -> dataset.equals(r.getSpec().dataset)).toList());
  }

  public static InformerEventSource<IngestionRun, Dataset> runInformer(Context<Dataset> context) {
    return of(context, IngestionRun.class, RUNS);
  }

  public static InformerEventSource<Job, Dataset> dropJobs(Context<Dataset> context) {
    return of(context, Job.class, DROP_JOBS);
  }

  public static InformerEventSource<ConfigMap, Dataset> dropConfigMaps(Context<Dataset> context) {
    return of(context, ConfigMap.class, DROP_CONFIG_MAPS);
  }

  @SuppressWarnings("unchecked")
  private static <R extends HasMetadata> InformerEventSource<R, Dataset> of(
      Context<Dataset> context, Class<R> type, String name) {
    return (InformerEventSource<R, Dataset>)
        context.eventSourceRetriever().getEventSourceFor(type, name);
  }
}
