package dev.lakehouse.operator.lakehouse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.api.lakehouse.Lakehouse;
import dev.lakehouse.kubetesting.Kubectl;
import dev.lakehouse.operator.LakehouseOperator;
import dev.lakehouse.operator.OperatorSettings;
import dev.lakehouse.operator.testing.DemoLakehouse;
import dev.lakehouse.operator.testing.TestCluster;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@code kubectl get lakehouses} against the real API server, which prints the CRD's columns
 * itself: every column shows a real value once the operator has worked.
 */
class PrinterColumnsIT {

  @Test
  void everyLakehouseColumnShowsAValueOnceTheOperatorHasWorked() {
    try (TestCluster cluster = TestCluster.start("columns")) {
      String ns = cluster.namespace();
      var operator =
          new LakehouseOperator(cluster.operatorClient(), OperatorSettings.defaults(), Set.of(ns));
      operator.start();
      try {
        DemoLakehouse.createReady(cluster);

        List<Map<String, String>> rows =
            new Kubectl(cluster.controlPlane())
                .run("get", "lakehouses", "-n", ns, "-o", "wide")
                .assertOk()
                .table();

        assertThat(rows).hasSize(1);
        Map<String, String> shown = rows.get(0);
        assertThat(shown)
            .containsEntry("NAME", DemoLakehouse.NAME)
            .containsEntry("READY", "True")
            .containsEntry("PHASE", "Ready")
            .containsEntry("WORKERS", "1/1")
            .containsEntry("TRINO", "http://demo-trino." + ns + ".svc:8080")
            .containsEntry("MESSAGE", "S3 storage, Postgres, Hive Metastore and Trino are ready");
        assertThat(shown).allSatisfy((name, value) -> assertThat(value).as(name).isNotBlank());
        assertThat(cluster.client().resources(Lakehouse.class).inNamespace(ns).list().getItems())
            .hasSize(1);
      } finally {
        operator.stop();
      }
    }
  }
}
