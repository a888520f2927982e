package dev.lakehouse.operator.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.api.dataset.Dataset;
import dev.lakehouse.api.lakehouse.Lakehouse;
import dev.lakehouse.api.query.Query;
import dev.lakehouse.api.run.IngestionRun;
import dev.lakehouse.operator.LakehouseOperator;
import dev.lakehouse.operator.OperatorSettings;
import dev.lakehouse.operator.lakehouse.LakehouseModel;
import dev.lakehouse.operator.query.ClusterQueryConnections;
import dev.lakehouse.operator.query.QueryConnections;
import dev.lakehouse.operator.testing.OperatorRequests;
import dev.lakehouse.operator.testing.TestCluster;
import dev.lakehouse.query.ObjectStore;
import dev.lakehouse.query.QueryEngine;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Secrets: the real operator plays {@link SecretsScenario} on the mock API server; then every
 * request its client sent, every Event, every object in the namespace (status included) and every
 * log line are searched for every credential value found in the namespace's Secrets, in every form
 * {@link Credential} knows. Credentials may be only in Secret objects' data and stringData.
 */
class SecretsScanIT {
  String ns;
  static final String OPERATOR = "lakehouse-operator-secrets-scan";

  @Test
  void noCredentialOutsideASecret() throws Exception {
    try (TestCluster cluster = TestCluster.start("secrets");
        LocalS3 s3 = new LocalS3();
        LogCapture logs = new LogCapture()) {
      ns = cluster.namespace();
      var requests = new OperatorRequests();
      KubernetesClient operatorClient = cluster.operatorClient(OPERATOR, requests);
      LakehouseOperator operator =
          new LakehouseOperator(
              operatorClient,
              OperatorSettings.defaults(),
              Set.of(ns),
              Clock.systemUTC(),
              connections(operatorClient));
      operator.start();
      try {
        new SecretsScenario(cluster, ns, s3).play();
      } finally {
        operator.stop();
        operatorClient.close();
      }

      KubernetesClient client = cluster.client();
      List<Credential> credentials = credentials(client);
      var scan = new CredentialScan(credentials);
      int unreadable = 0;
      for (OperatorRequests.Call call : requests.calls()) {
        if (call.body() != null && call.body().startsWith("<unreadable")) {
          unreadable++;
        }
        scan.scanRequest(
            SecretsScanReport.REQUESTS,
            call.method() + " " + call.path(),
            call.body(),
            call.path().contains("/secrets"));
      }
      var json = client.getKubernetesSerialization();
      for (var event : client.v1().events().inNamespace(ns).list().getItems()) {
        scan.scan(
            SecretsScanReport.EVENTS, "Event " + event.getMetadata().getName(), json.asJson(event));
      }
      for (HasMetadata object : objects(client)) {
        scan.scan(
            SecretsScanReport.OBJECTS,
            object.getKind() + "/" + object.getMetadata().getName(),
            json.asJson(object));
      }
      List<String> lines = logs.lines();
      for (int i = 0; i < lines.size(); i++) {
        scan.scan(SecretsScanReport.LOGS, "log line " + (i + 1), lines.get(i));
      }

      int forms = credentials.stream().mapToInt(c -> c.forms().size()).max().orElse(0);
      var report = new SecretsScanReport(credentials, forms, scan, s3.stored(), unreadable);
      BenchReports.publish("secrets-scan.md", report.markdown());

      assertThat(credentials)
          .extracting(Credential::source)
          .contains(
              "Secret/analytics-s3 secretKey",
              "Secret/analytics-metastore-db password",
              "Secret/demo-storage-credentials secretKey",
              "Secret/demo-catalog-credentials password",
              "Secret/demo-trino-internal sharedSecret");
      assertThat(s3.stored()).as("a result was uploaded with the user's S3 credentials").isOne();
      assertThat(scan.scanned(SecretsScanReport.LOGS)).isPositive();
      assertThat(unreadable).as("request bodies that could not be read").isZero();
      assertThat(scan.findings()).as("credentials outside a Secret's data").isEmpty();
    }
  }

  /** Trino is a fake; the bucket is reached as in a cluster, with credentials read from Secrets. */
  private static QueryConnections connections(KubernetesClient operatorClient) throws Exception {
    Path results = Files.createTempDirectory("secrets-scan-results");
    var cluster = new ClusterQueryConnections(operatorClient, results);
    var trino = new FakeTrino();
    return new QueryConnections() {
      @Override
      public QueryEngine engine(LakehouseModel lakehouse) {
        return trino;
      }

      @Override
      public ObjectStore store(LakehouseModel lakehouse) {
        return cluster.store(lakehouse);
      }
    };
  }

  /**
   * Every value of every Secret in the namespace (data decoded, stringData as it is), except the
   * generated database user: a fixed public name in the operator's code, not a secret.
   */
  private List<Credential> credentials(KubernetesClient client) {
    List<Credential> credentials = new ArrayList<>();
    for (Secret secret : client.secrets().inNamespace(ns).list().getItems()) {
      String name = "Secret/" + secret.getMetadata().getName() + " ";
      Map<String, String> data = secret.getData() == null ? Map.of() : secret.getData();
      data.forEach(
          (key, value) ->
              credentials.add(
                  new Credential(
                      name + key,
                      new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8))));
      Map<String, String> text = secret.getStringData() == null ? Map.of() : secret.getStringData();
      text.forEach((key, value) -> credentials.add(new Credential(name + key, value)));
    }
    return credentials.stream()
        .filter(c -> !c.value().equals(LakehouseModel.GENERATED_DB_USER))
        .toList();
  }

  /** Every object the scenario leaves in the namespace, of every kind the operator writes. */
  private List<HasMetadata> objects(KubernetesClient client) {
    List<HasMetadata> objects = new ArrayList<>();
    objects.addAll(client.configMaps().inNamespace(ns).list().getItems());
    objects.addAll(client.secrets().inNamespace(ns).list().getItems());
    objects.addAll(client.services().inNamespace(ns).list().getItems());
    objects.addAll(client.serviceAccounts().inNamespace(ns).list().getItems());
    objects.addAll(client.persistentVolumeClaims().inNamespace(ns).list().getItems());
    objects.addAll(client.pods().inNamespace(ns).list().getItems());
    objects.addAll(client.apps().deployments().inNamespace(ns).list().getItems());
    objects.addAll(client.apps().statefulSets().inNamespace(ns).list().getItems());
    objects.addAll(client.batch().v1().jobs().inNamespace(ns).list().getItems());
    objects.addAll(client.rbac().roles().inNamespace(ns).list().getItems());
    objects.addAll(client.rbac().roleBindings().inNamespace(ns).list().getItems());
    objects.addAll(client.resources(Lakehouse.class).inNamespace(ns).list().getItems());
    objects.addAll(client.resources(Dataset.class).inNamespace(ns).list().getItems());
    objects.addAll(client.resources(IngestionRun.class).inNamespace(ns).list().getItems());
    objects.addAll(client.resources(Query.class).inNamespace(ns).list().getItems());
    return objects;
  }
}
