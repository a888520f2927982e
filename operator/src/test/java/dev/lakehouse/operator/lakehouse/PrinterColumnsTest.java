package dev.lakehouse.operator.lakehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.Option;
import dev.lakehouse.api.lakehouse.Lakehouse;
import dev.lakehouse.operator.LakehouseOperator;
import dev.lakehouse.operator.OperatorSettings;
import dev.lakehouse.operator.testing.Kubelet;
import dev.lakehouse.operator.testing.MockCluster;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Evaluates the CRD's printer-column JSONPaths against the object the operator produced, so {@code
 * kubectl get lakehouses} shows real values rather than empty columns.
 */
class PrinterColumnsTest {

  @Test
  void everyLakehouseColumnShowsAValueOnceTheOperatorHasWorked() {
    try (MockCluster cluster = MockCluster.start()) {
      var client = cluster.client();
      var operator = new LakehouseOperator(client, OperatorSettings.defaults(), Set.of());
      operator.start();
      try {
        Lakehouse lakehouse = Lakehouses.demo("demo", "data");
        lakehouse.getMetadata().setUid(null);
        lakehouse.getMetadata().setGeneration(null);
        client.resources(Lakehouse.class).inNamespace("data").resource(lakehouse).create();
        await()
            .atMost(Duration.ofSeconds(20))
            .until(
                () ->
                    client
                            .apps()
                            .deployments()
                            .inNamespace("data")
                            .withName("demo-trino-worker")
                            .get()
                        != null);
        var kubelet = new Kubelet(client);
        kubelet.markWorkloadsReady("data", "demo");
        kubelet.finishJob("data", "demo-minio-bucket", true);
        Lakehouse ready =
            await()
                .atMost(Duration.ofSeconds(20))
                .until(
                    () ->
                        client
                            .resources(Lakehouse.class)
                            .inNamespace("data")
                            .withName("demo")
                            .get(),
                    lh -> lh.getStatus() != null && "Ready".equals(lh.getStatus().phase));

        Map<String, String> shown =
            columns(
                client
                    .apiextensions()
                    .v1()
                    .customResourceDefinitions()
                    .withName("lakehouses.lakehouse.dev")
                    .get(),
                client.getKubernetesSerialization().asJson(ready));

        assertThat(shown)
            .containsEntry("Ready", "True")
            .containsEntry("Phase", "Ready")
            .containsEntry("Workers", "1/1")
            .containsEntry("Trino", "http://demo-trino.data.svc:8080")
            .containsEntry("Message", "MinIO/S3, Postgres, Hive Metastore and Trino are ready");
        assertThat(shown).allSatisfy((name, value) -> assertThat(value).as(name).isNotBlank());
      } finally {
        operator.stop();
      }
    }
  }

  private static final Configuration LENIENT =
      Configuration.defaultConfiguration().addOptions(Option.SUPPRESS_EXCEPTIONS);

  /** What kubectl would print: the first match of each column's JSONPath, as text. */
  static Map<String, String> columns(CustomResourceDefinition crd, String json) {
    List<CustomResourceColumnDefinition> definitions =
        crd.getSpec().getVersions().get(0).getAdditionalPrinterColumns();
    Map<String, String> values = new LinkedHashMap<>();
    for (CustomResourceColumnDefinition column : definitions) {
      Object value = JsonPath.using(LENIENT).parse(json).read("$" + column.getJsonPath());
      if (value instanceof List<?> list) {
        value = list.isEmpty() ? null : list.get(0);
      }
      values.put(column.getName(), value == null ? "" : value.toString());
    }
    return values;
  }
}
