package dev.lakehouse.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class TrinoServerIT {
  private static final String BUCKET = "warehouse";

  @Test
  void writesDeltaAsAdminAndOnlyReadsAsTheReadOnlyUser() throws Exception {
    TrinoServer stopped;
    try (LakehouseServers servers = LakehouseServers.start(BUCKET);
        TrinoServer trino = TrinoServer.start(servers)) {
      stopped = trino;
      System.out.println("lakehouse-testing: Trino started in " + trino.startupTime());
      TrinoClient rest = trino.client();

      // s3://, as Trino users write it: the metastore creates the folder through Hadoop, and its
      // rendered metastore-site.xml maps that scheme to S3A.
      rest.execute(
          trino.adminUser(),
          "CREATE SCHEMA lakehouse.it WITH (location = 's3://" + BUCKET + "/it/')");
      assertThat(
              rest.execute(
                  trino.adminUser(),
                  "CREATE TABLE lakehouse.it.cities AS SELECT * FROM (VALUES"
                      + " (1, 'Lisbon'), (2, 'Oslo'), (3, 'Quito')) AS t (id, name)"))
          .containsExactly(List.of(3L));
      // The Delta log went to the bucket, through the rendered s3.* keys and ${ENV:...} secrets.
      assertThat(servers.s3().client().listKeys(BUCKET, "it/"))
          .anyMatch(key -> key.endsWith("/_delta_log/00000000000000000000.json"));

      Properties user = new Properties();
      user.setProperty("user", trino.readOnlyUser());
      try (Connection connection = DriverManager.getConnection(trino.jdbcUrl(), user);
          Statement statement = connection.createStatement()) {
        List<String> rows = new ArrayList<>();
        try (ResultSet result =
            statement.executeQuery("SELECT id, name FROM it.cities ORDER BY id")) {
          while (result.next()) {
            rows.add(result.getInt("id") + " " + result.getString("name"));
          }
        }
        assertThat(rows).containsExactly("1 Lisbon", "2 Oslo", "3 Quito");

        assertThatThrownBy(
                () -> statement.executeUpdate("INSERT INTO it.cities VALUES (4, 'Accra')"))
            .isInstanceOf(SQLException.class)
            .hasMessageContaining("Access Denied");
      }
      assertThatThrownBy(() -> rest.execute(trino.readOnlyUser(), "DROP TABLE lakehouse.it.cities"))
          .isInstanceOf(TrinoQueryException.class)
          .hasMessageContaining("Access Denied")
          .extracting(e -> ((TrinoQueryException) e).errorName())
          .isEqualTo("PERMISSION_DENIED");
      assertThat(rest.execute(trino.adminUser(), "SELECT count(*) FROM lakehouse.it.cities"))
          .containsExactly(List.of(3L));

      // Procedures: the admin may run the connector's (register_table, vacuum, ...), the
      // read-only user none.
      String flush = "CALL lakehouse.system.flush_metadata_cache()";
      rest.execute(trino.adminUser(), flush);
      assertThatThrownBy(() -> rest.execute(trino.readOnlyUser(), flush))
          .isInstanceOf(TrinoQueryException.class)
          .hasMessageContaining("Access Denied");
    }

    assertThat(Ports.isOpen(stopped.port())).isFalse();
    assertThat(stopped.etcDir()).doesNotExist();
    assertThat(Files.readString(stopped.logFile())).contains("trino stopped");
  }
}
