package dev.lakehouse.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class MetastoreSiteRendererTest {
  private final MetastoreSettings settings =
      MetastoreSettings.of(
          "jdbc:postgresql://demo-postgres:5432/metastore?sslmode=disable&x=<y>",
          "lakehouse",
          S3Settings.of("http://demo-minio:9000", "us-east-1", true));

  @Test
  void rendersWellFormedXmlWithEveryProperty() throws Exception {
    Map<String, String> parsed = parse(MetastoreSiteRenderer.render(settings));

    assertThat(parsed).isEqualTo(MetastoreSiteRenderer.properties(settings));
    assertThat(parsed)
        .containsEntry("javax.jdo.option.ConnectionURL", settings.jdbcUrl())
        .containsEntry("metastore.warehouse.dir", "s3a://lakehouse/")
        .containsEntry("metastore.thrift.port", "9083")
        .containsEntry(
            "metastore.expression.proxy",
            "org.apache.hadoop.hive.metastore.DefaultPartitionExpressionProxy")
        .containsEntry("metastore.async.log.enabled", "false")
        .containsEntry("fs.s3a.endpoint", "http://demo-minio:9000")
        .containsEntry("fs.s3a.path.style.access", "true")
        .containsEntry("fs.s3a.connection.ssl.enabled", "false")
        .containsEntry("fs.s3.impl", "org.apache.hadoop.fs.s3a.S3AFileSystem");
  }

  @Test
  void credentialsAreEnvironmentReferencesNeverValues() throws Exception {
    Map<String, String> parsed = parse(MetastoreSiteRenderer.render(settings));

    assertThat(parsed)
        .containsEntry("javax.jdo.option.ConnectionUserName", "${env.LAKEHOUSE_DB_USER}")
        .containsEntry("javax.jdo.option.ConnectionPassword", "${env.LAKEHOUSE_DB_PASSWORD}")
        .containsEntry("fs.s3a.access.key", "${env.LAKEHOUSE_S3_ACCESS_KEY}")
        .containsEntry("fs.s3a.secret.key", "${env.LAKEHOUSE_S3_SECRET_KEY}");
  }

  @Test
  void httpsEndpointEnablesSsl() throws Exception {
    MetastoreSettings external =
        MetastoreSettings.of(
            "jdbc:postgresql://db:5432/hms",
            "bucket",
            S3Settings.of("https://s3.eu-west-1.amazonaws.com", "eu-west-1", false));

    assertThat(parse(MetastoreSiteRenderer.render(external)))
        .containsEntry("fs.s3a.connection.ssl.enabled", "true")
        .containsEntry("fs.s3a.path.style.access", "false")
        .containsEntry("fs.s3a.endpoint.region", "eu-west-1");
  }

  private static Map<String, String> parse(String xml) throws Exception {
    Document doc =
        DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    NodeList properties = doc.getElementsByTagName("property");
    Map<String, String> result = new HashMap<>();
    for (int i = 0; i < properties.getLength(); i++) {
      Element property = (Element) properties.item(i);
      result.put(
          property.getElementsByTagName("name").item(0).getTextContent(),
          property.getElementsByTagName("value").item(0).getTextContent());
    }
    return result;
  }
}
