package dev.lakehouse.operator.reliability;

import dev.lakehouse.api.run.IngestionRun;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Races the operator's IngestionRun status writes: just before a PUT of a run's status leaves, a
 * concurrent writer changes the run (an annotation, as {@code kubectl annotate} would), so the PUT
 * carries a stale resourceVersion and the API server answers 409 Conflict, as it would in a
 * cluster.
 */
final class StatusConflictInjector implements Interceptor {
  private static final Pattern RUN_STATUS = Pattern.compile(".*/ingestionruns/([^/]+)/status$");

  private final KubernetesClient writer;
  private final String namespace;
  private final Random random;
  private final double probability;
  private final int budget;
  private final Map<String, Integer> injected = new ConcurrentHashMap<>();
  private int drawn;

  StatusConflictInjector(
      KubernetesClient writer, String namespace, Random random, double probability, int budget) {
    this.writer = writer;
    this.namespace = namespace;
    this.random = random;
    this.probability = probability;
    this.budget = budget;
  }

  @Override
  public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
    if (!"PUT".equals(request.method())) {
      return;
    }
    Matcher run = RUN_STATUS.matcher(request.uri().getRawPath());
    if (!run.matches() || !draw()) {
      return;
    }
    try {
      writer
          .resources(IngestionRun.class)
          .inNamespace(namespace)
          .withName(run.group(1))
          .patch(
              PatchContext.of(PatchType.JSON_MERGE),
              "{\"metadata\":{\"annotations\":{\"chaos.lakehouse.dev/concurrent-write\":\""
                  + System.nanoTime()
                  + "\"}}}");
      injected.merge(run.group(1), 1, Integer::sum);
    } catch (KubernetesClientException e) {
      // The run is gone: nothing to race.
    }
  }

  private synchronized boolean draw() {
    if (drawn >= budget || random.nextDouble() >= probability) {
      return false;
    }
    drawn++;
    return true;
  }

  Map<String, Integer> injectedPerRun() {
    return Map.copyOf(injected);
  }

  int injected() {
    return injected.values().stream().mapToInt(Integer::intValue).sum();
  }
}
