package dev.lakehouse.operator.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The scanner finds a credential in each form it claims to, and not in a Secret's data. */
class CredentialScanTest {
  static final String VALUE = "p@ss:w0rd/Lake&house#42!";
  final CredentialScan scan =
      new CredentialScan(List.of(new Credential("Secret/db password", VALUE)));

  @Test
  void findsThePlainAndUrlEncodedValue() {
    scan.scan("logs", "a", "connecting with " + VALUE);
    scan.scan("logs", "b", "jdbc:x?password=" + URLEncoder.encode(VALUE, StandardCharsets.UTF_8));
    assertThat(scan.findings())
        .extracting(CredentialScan.Finding::form)
        .containsExactly("plain", "url-encoded");
  }

  @Test
  void findsBase64InsideALongerBlobAtEveryAlignment() {
    for (String before : List.of("", "x", "xy", "xyz")) {
      String blob =
          Base64.getEncoder()
              .encodeToString(("user=" + before + VALUE + ";").getBytes(StandardCharsets.UTF_8));
      scan.scan("objects", before, "{\"data\":\"" + blob + "\"}");
    }
    assertThat(scan.findings()).hasSize(4).allMatch(f -> f.form().startsWith("base64"));
  }

  @Test
  void aSecretsDataIsAllowedButNotItsMetadata() {
    String base64 = Base64.getEncoder().encodeToString(VALUE.getBytes(StandardCharsets.UTF_8));
    scan.scan(
        "objects", "data", "{\"kind\":\"Secret\",\"data\":{\"password\":\"" + base64 + "\"}}");
    scan.scanRequest(
        "requests", "PATCH /secrets/db", "{\"stringData\":{\"p\":\"" + VALUE + "\"}}", true);
    assertThat(scan.findings()).isEmpty();

    scan.scan(
        "objects",
        "annotation",
        "{\"kind\":\"Secret\",\"metadata\":{\"annotations\":{\"last\":\"" + VALUE + "\"}}}");
    assertThat(scan.findings())
        .extracting(CredentialScan.Finding::where)
        .containsExactly("annotation");
  }
}
