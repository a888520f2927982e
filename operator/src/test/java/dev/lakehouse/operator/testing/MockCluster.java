package dev.lakehouse.operator.testing;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.authorization.v1.ResourceRuleBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * fabric8's mock API server in CRUD mode with the generated CRDs installed, so status is a real
 * subresource. It runs no controllers: tests play kubelet and the Job controller by patching
 * status.
 */
public final class MockCluster implements AutoCloseable {
  public static final List<String> CRDS =
      List.of("lakehouses", "datasets", "ingestionruns", "queries");
  private static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH", "DELETE");

  private final KubernetesMockServer server;
  private final OptimisticLockingDispatcher dispatcher;
  private final KubernetesClient client;

  private MockCluster(
      KubernetesMockServer server,
      OptimisticLockingDispatcher dispatcher,
      KubernetesClient client) {
    this.server = server;
    this.dispatcher = dispatcher;
    this.client = client;
  }

  public static MockCluster start() {
    var dispatcher = new OptimisticLockingDispatcher();
    var server =
        new KubernetesMockServer(
            new Context(), new MockWebServer(), new HashMap<>(), dispatcher, false);
    server.init();
    var cluster = new MockCluster(server, dispatcher, server.createClient());
    cluster.installCrds();
    return cluster;
  }

  public KubernetesClient client() {
    return client;
  }

  /**
   * Another client of the same server whose requests carry their own User-Agent, so the requests
   * one party (the operator under test) made can be told from the test's own.
   */
  public KubernetesClient clientWithUserAgent(String userAgent) {
    return server.createClient(b -> b.editOrNewConfig().withUserAgent(userAgent).endConfig());
  }

  /**
   * As {@link #clientWithUserAgent(String)}, with interceptors that see every request and response
   * of that client, in order: tests record what it sends, or race and refuse its requests.
   */
  public KubernetesClient clientWithInterceptors(String userAgent, Interceptor... interceptors) {
    return server.createClient(
        b ->
            b.editOrNewConfig()
                .withUserAgent(userAgent)
                .endConfig()
                .withHttpClientBuilderConsumer(
                    http -> {
                      for (int i = 0; i < interceptors.length; i++) {
                        http.addOrReplaceInterceptor("test-" + i, interceptors[i]);
                      }
                    }));
  }

  /**
   * The API server's address, for clients other than fabric8's (the job pods' checkpoint store).
   */
  public URI url() {
    String url = server.url("/");
    return URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
  }

  private void installCrds() {
    for (String plural : CRDS) {
      String resource = "META-INF/fabric8/" + plural + ".lakehouse.dev-v1.yml";
      try (InputStream in = getClass().getClassLoader().getResourceAsStream(resource)) {
        if (in == null) {
          throw new IllegalStateException(
              resource + " is not on the test classpath: build api/ first");
        }
        CustomResourceDefinition crd =
            client.getKubernetesSerialization().unmarshal(in, CustomResourceDefinition.class);
        client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /**
   * The bodies of the objects the clients with this User-Agent created, oldest first (a recorded
   * request's body is gone once the server has read it).
   */
  public List<String> createdBodies(String userAgent) {
    return dispatcher.creations().stream()
        .filter(c -> userAgent.equals(c.userAgent()))
        .map(OptimisticLockingDispatcher.Creation::body)
        .toList();
  }

  /**
   * Answers the next request of the client with this User-Agent with this method and path prefix (a
   * path with its query string) with 403 Forbidden, once.
   */
  public void failOnce(String userAgent, String method, String pathPrefix) {
    dispatcher.failOnce(userAgent, method, pathPrefix);
  }

  /**
   * Answers every SelfSubjectRulesReview (JOSDK asks one before leader election) with these rules,
   * as a real API server would for an account bound to them.
   */
  public void answerRulesReviews(List<PolicyRule> rules) {
    var review =
        new SelfSubjectRulesReviewBuilder()
            .withNewStatus()
            .withIncomplete(false)
            .withResourceRules(
                rules.stream()
                    .map(
                        r ->
                            new ResourceRuleBuilder()
                                .withApiGroups(r.getApiGroups())
                                .withResources(r.getResources())
                                .withVerbs(r.getVerbs())
                                .withResourceNames(r.getResourceNames())
                                .build())
                    .toList())
            .endStatus()
            .build();
    dispatcher.answerRulesReviews(client.getKubernetesSerialization().asJson(review));
  }

  /** Takes every request recorded so far, oldest first. */
  public List<RecordedRequest> drainRequests() throws InterruptedException {
    List<RecordedRequest> requests = new ArrayList<>();
    RecordedRequest request;
    while ((request = server.takeRequest(10, TimeUnit.MILLISECONDS)) != null) {
      requests.add(request);
    }
    return requests;
  }

  public static List<String> writes(List<RecordedRequest> requests) {
    return requests.stream()
        .filter(r -> WRITES.contains(r.getMethod()))
        .map(r -> r.getMethod() + " " + r.getPath())
        .toList();
  }

  @Override
  public void close() {
    client.close();
    server.destroy();
  }
}
