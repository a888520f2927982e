package dev.lakehouse.operator.testing;

import static org.awaitility.Awaitility.await;

import dev.lakehouse.api.dataset.Dataset;
import dev.lakehouse.api.lakehouse.Lakehouse;
import dev.lakehouse.api.query.Query;
import dev.lakehouse.api.run.IngestionRun;
import dev.lakehouse.kubetesting.ControlPlane;
import dev.lakehouse.kubetesting.TestKubelet;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.http.Interceptor;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The operator tests' view of the real control plane ({@link ControlPlane}): the generated CRDs and
 * the chart's RBAC installed once per JVM, a fresh namespace per test enforcing Pod Security {@code
 * restricted}, an admin client for the test's own moves, and clients that act as the chart's
 * ServiceAccount for the operator under test, recording its requests.
 */
public final class TestCluster implements AutoCloseable {
  public static final List<String> CRDS =
      List.of("lakehouses", "datasets", "ingestionruns", "queries");
  public static final String OPERATOR_AGENT = "lakehouse-operator-under-test";
  private static final List<Class<? extends HasMetadata>> KINDS =
      List.of(Lakehouse.class, Dataset.class, IngestionRun.class, Query.class);
  private static boolean installed;

  private final ControlPlane plane;
  private final String namespace;
  private final OperatorRequests requests = new OperatorRequests();
  private final KubernetesClient operatorClient;

  private TestCluster(ControlPlane plane, String namespace) {
    this.plane = plane;
    this.namespace = namespace;
    this.operatorClient = operatorClient(OPERATOR_AGENT, requests);
  }

  /** A namespace of its own (named {@code prefix-N}) on the shared control plane. */
  public static TestCluster start(String prefix) {
    ControlPlane plane = ControlPlane.shared();
    installOnce(plane);
    return new TestCluster(plane, plane.createNamespace(prefix));
  }

  private static synchronized void installOnce(ControlPlane plane) {
    if (installed) {
      return;
    }
    KubernetesClient admin = plane.admin();
    for (String plural : CRDS) {
      // The CRDs as users apply them (crds/, which the chart ships too), not the generator's raw
      // output: crds/ carries the schema fixes the generator cannot express.
      Path file = crdsDir().resolve(plural + ".lakehouse.dev.yaml");
      CustomResourceDefinition crd;
      try (InputStream in = Files.newInputStream(file)) {
        crd = admin.getKubernetesSerialization().unmarshal(in, CustomResourceDefinition.class);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      admin.resource(crd).forceConflicts().serverSideApply();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  admin
                      .apiextensions()
                      .v1()
                      .customResourceDefinitions()
                      .withName(crd.getMetadata().getName())
                      .get()
                      .getStatus()
                      .getConditions()
                      .stream()
                      .anyMatch(
                          c -> "Established".equals(c.getType()) && "True".equals(c.getStatus())));
    }
    ChartRbac.apply(admin, plane.version());
    installed = true;
  }

  /** The repository's crds/ folder, found from this module's or the repository's root. */
  public static Path crdsDir() {
    for (Path candidate : List.of(Path.of("../crds"), Path.of("crds"))) {
      if (Files.isDirectory(candidate)) {
        return candidate.toAbsolutePath().normalize();
      }
    }
    throw new IllegalStateException("the CRD folder crds/ was not found");
  }

  public String namespace() {
    return namespace;
  }

  /** The cluster admin: the test's own moves, never the operator's. */
  public KubernetesClient client() {
    return plane.admin();
  }

  /**
   * The operator's client: the chart's ServiceAccount, its requests recorded in {@link
   * #requests()}.
   */
  public KubernetesClient operatorClient() {
    return operatorClient;
  }

  /**
   * Another client acting as the chart's ServiceAccount, with this User-Agent and interceptors that
   * see every request and response, in order.
   */
  public KubernetesClient operatorClient(String userAgent, Interceptor... interceptors) {
    Config config = plane.configAs(ChartRbac.NAMESPACE, ChartRbac.SERVICE_ACCOUNT);
    config.setUserAgent(userAgent);
    return new KubernetesClientBuilder()
        .withConfig(config)
        .withHttpClientBuilderConsumer(
            http -> {
              for (int i = 0; i < interceptors.length; i++) {
                http.addOrReplaceInterceptor("test-" + i, interceptors[i]);
              }
            })
        .build();
  }

  /** A client acting as a ServiceAccount of the test namespace, e.g. a run's. */
  public KubernetesClient clientAs(String serviceAccount) {
    return plane.clientAs(namespace, serviceAccount);
  }

  /** The requests of {@link #operatorClient()} so far. */
  public OperatorRequests requests() {
    return requests;
  }

  public TestKubelet kubelet() {
    return plane.kubelet();
  }

  public ControlPlane controlPlane() {
    return plane;
  }

  /** The API server, for clients other than fabric8's (the job pods' checkpoint store). */
  public URI url() {
    return plane.url();
  }

  /**
   * Deletes the namespace. The operator under test is stopped by then, so its finalizers are
   * removed first: the namespace controller could not finish otherwise.
   */
  @Override
  public void close() {
    operatorClient.close();
    KubernetesClient admin = plane.admin();
    for (Class<? extends HasMetadata> kind : KINDS) {
      try {
        for (HasMetadata resource :
            admin.resources(kind).inNamespace(namespace).list().getItems()) {
          if (resource.getMetadata().getFinalizers() != null
              && !resource.getMetadata().getFinalizers().isEmpty()) {
            OnConflict.retry(
                () ->
                    admin
                        .resources(kind)
                        .inNamespace(namespace)
                        .withName(resource.getMetadata().getName())
                        .edit(
                            r -> {
                              r.getMetadata().setFinalizers(List.of());
                              return r;
                            }));
          }
        }
      } catch (KubernetesClientException e) {
        if (e.getCode() != 404 && e.getCode() != 409) {
          throw e;
        }
      }
    }
    plane.deleteNamespace(namespace);
  }
}
