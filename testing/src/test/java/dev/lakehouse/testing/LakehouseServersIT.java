package dev.lakehouse.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.s3.S3Client;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

class LakehouseServersIT {
  @Test
  void startsS3PostgresAndAMetastoreThatWritesItsWarehouseToTheBucket() throws Exception {
    LakehouseServers servers = LakehouseServers.start("warehouse");
    try (servers) {
      System.out.println("lakehouse-testing: all servers started in " + servers.startupTime());
      S3Client s3 = servers.s3().client();
      s3.putObject("warehouse", "landing/a.json", "{\"a\":1}".getBytes(StandardCharsets.UTF_8));
      assertThat(s3.listKeys("warehouse", "landing/")).containsExactly("landing/a.json");
      assertThat(new String(s3.getObject("warehouse", "landing/a.json"), StandardCharsets.UTF_8))
          .isEqualTo("{\"a\":1}");

      assertThat(Ports.isOpen(servers.metastore().port())).isTrue();
      assertThat(servers.metastore().schemaInfo()).isZero();

      // The metastore creates the database folder itself: this exercises the rendered fs.s3a.*
      // keys and the credentials it resolved from ${env.*}.
      MetastoreProbe.createDatabase("127.0.0.1", servers.metastore().port(), "it_db");
      assertThat(MetastoreProbe.databases("127.0.0.1", servers.metastore().port()))
          .contains("default", "it_db");
      assertThat(s3.listKeys("warehouse", "it_db.db")).isNotEmpty();
    }

    assertThat(Ports.isOpen(servers.metastore().port())).isFalse();
    assertThat(Ports.isOpen(servers.postgres().port())).isFalse();
    assertThat(Ports.isOpen(servers.s3().port())).isFalse();
    assertThat(servers.s3().workDir()).doesNotExist();
    assertThat(Files.readString(servers.metastore().logFile())).contains("metastore stopped");
    servers.close();
  }
}
