package dev.lakehouse.jobs.generate;

import static dev.lakehouse.jobs.generate.GeneratedFiles.contents;
import static dev.lakehouse.jobs.generate.GeneratedFiles.fieldNames;
import static dev.lakehouse.jobs.generate.GeneratedFiles.list;
import static dev.lakehouse.jobs.generate.GeneratedFiles.names;
import static dev.lakehouse.jobs.generate.GeneratedFiles.parse;
import static dev.lakehouse.jobs.generate.GeneratedFiles.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RaygunGeneratorTest {
  private static final int FILES = 150;
  private static final long SEED = 11;

  /** The real export's top-level fields in their order, then the generator's {@code Id}. */
  private static final List<String> TOP_LEVEL =
      List.of(
          "Error",
          "MachineName",
          "Request",
          "Environment",
          "Client",
          "Version",
          "Tags",
          "UserCustomData",
          "User",
          "Context",
          "GroupingKey",
          "OccurredOn",
          "Id");

  @TempDir static Path shared;
  private static Summary summary;
  private static List<JsonNode> documents;

  @TempDir Path dir;

  @BeforeAll
  static void writeOnce() {
    summary = RaygunGenerator.write(shared, FILES, SEED);
    documents = list(shared).stream().map(GeneratedFiles::parse).toList();
  }

  @Test
  void sameFilesAndSeedGiveByteIdenticalFiles() {
    RaygunGenerator.write(dir.resolve("a"), 25, 7);
    RaygunGenerator.write(dir.resolve("b"), 25, 7);
    RaygunGenerator.write(dir.resolve("c"), 25, 8);

    Map<String, byte[]> a = contents(dir.resolve("a"));
    Map<String, byte[]> b = contents(dir.resolve("b"));
    Map<String, byte[]> c = contents(dir.resolve("c"));
    assertThat(a).hasSize(25);
    assertThat(b.keySet()).containsExactlyElementsOf(a.keySet());
    a.forEach((name, bytes) -> assertThat(b.get(name)).as(name).isEqualTo(bytes));
    assertThat(c.get("raygun-000001.json")).isNotEqualTo(a.get("raygun-000001.json"));
  }

  @Test
  void writesSortableNamesAndReportsWhatItWrote() {
    assertThat(names(shared))
        .hasSize(FILES)
        .isSorted()
        .startsWith("raygun-000001.json", "raygun-000002.json")
        .endsWith("raygun-000150.json");
    assertThat(summary.files()).isEqualTo(FILES);
    assertThat(summary.rows()).isEqualTo(FILES);
    assertThat(summary.sourceIds()).isEqualTo(FILES);
    assertThat(summary.bytes()).isEqualTo(GeneratedFiles.totalBytes(shared));
    assertThat(RaygunGenerator.fileName(42)).isEqualTo("raygun-000042.json");
  }

  @Test
  void everyFileIsBetween12And18KilobytesLikeTheRealExport() {
    for (Path file : list(shared)) {
      assertThat(GeneratedFiles.bytes(file).length)
          .as(file.getFileName().toString())
          .isBetween(RaygunGenerator.MIN_FILE_BYTES, RaygunGenerator.MAX_FILE_BYTES);
    }
    double average = (double) summary.bytes() / FILES;
    assertThat(average).isBetween(14_000.0, 16_500.0);
  }

  @Test
  void documentsHaveTheRealExportsFieldsAndNesting() {
    for (JsonNode doc : documents) {
      assertThat(fieldNames(doc)).containsExactlyElementsOf(TOP_LEVEL);
      assertThat(doc.has("Details")).isFalse();

      JsonNode error = doc.get("Error");
      assertThat(fieldNames(error))
          .containsExactly("Message", "ClassName", "StackTrace", "FileName", "Data", "InnerError");
      assertThat(error.get("Message").asText()).startsWith(error.get("ClassName").asText() + ": ");
      assertThat(error.get("StackTrace").isArray()).isTrue();
      assertThat(fieldNames(error.get("StackTrace").get(0)))
          .containsExactly("LineNumber", "ClassName", "FileName", "MethodName");
      JsonNode inner = error.get("InnerError");
      assertThat(inner.isNull() || inner.get("InnerError").isNull()).isTrue();

      JsonNode request = doc.get("Request");
      assertThat(fieldNames(request))
          .containsExactly(
              "HostName",
              "Url",
              "HttpMethod",
              "IpAddress",
              "QueryString",
              "Headers",
              "Data",
              "Form",
              "RawData");
      String ip = request.get("IpAddress").asText();
      assertThat(ip).matches("\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
      assertThat(request.get("Headers").get("X-Forwarded-For").asText()).isEqualTo(ip);
      assertThat(request.get("Data").get("HTTP_X_FORWARDED_FOR").asText()).isEqualTo(ip);
      assertThat(request.get("Url").asText()).startsWith("/");
      assertThat(request.get("Form").isArray()).isTrue();
      assertThat(request.get("RawData").isNull()).isTrue();

      assertThat(doc.get("Environment").get("UtcOffset").asInt()).isZero();
      assertThat(doc.get("Client").get("Name").asText()).isEqualTo("Raygun4php");
      assertThat(fieldNames(doc.get("User")))
          .containsExactly("Identifier", "FirstName", "FullName", "Email", "IsAnonymous", "par4");
      assertThat(doc.get("OccurredOn").asText())
          .matches("2024-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
    }
    // Some errors wrap a cause, some do not.
    assertThat(documents).anyMatch(d -> d.get("Error").get("InnerError").isObject());
    assertThat(documents).anyMatch(d -> d.get("Error").get("InnerError").isNull());
  }

  @Test
  void filesArePrettyPrintedLikeTheRealExport() {
    String first = text(shared.resolve("raygun-000001.json"));
    assertThat(first).startsWith("{\n  \"Error\": {\n    \"Message\": \"");
    assertThat(first).contains("\n    \"Form\": [],\n    \"RawData\": null\n  },\n");
    assertThat(first).contains("\"IpAddress\": \"");
    assertThat(first).doesNotContain("\r", "\" : ");
    assertThat(first).endsWith("\"\n}\n");
  }

  @Test
  void expectedRequestsByIpEqualsTheCountsInTheFiles() {
    Map<String, Long> parsed = new HashMap<>();
    for (JsonNode doc : documents) {
      parsed.merge(doc.get("Request").get("IpAddress").asText(), 1L, Long::sum);
    }

    Map<String, Long> expected = RaygunGenerator.expectedRequestsByIp(FILES, SEED);

    assertThat(expected).isEqualTo(parsed);
    assertThat(expected.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(FILES);
    List<Long> counts = new ArrayList<>(expected.values());
    assertThat(counts).isSortedAccordingTo((x, y) -> Long.compare(y, x));
    for (int i = 1; i <= FILES; i++) {
      assertThat(RaygunGenerator.ipAddress(i, SEED))
          .isEqualTo(documents.get(i - 1).get("Request").get("IpAddress").asText());
    }
  }

  @Test
  void everyFileHasItsOwnSourceId() {
    Set<String> ids = new HashSet<>();
    for (int i = 1; i <= FILES; i++) {
      String id = documents.get(i - 1).get("Id").asText();
      assertThat(id).isEqualTo(RaygunGenerator.sourceId(i, SEED));
      assertThat(id).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
      ids.add(id);
    }
    assertThat(ids).hasSize(FILES);
    Set<String> many = new HashSet<>();
    IntStream.rangeClosed(1, 50_000).forEach(i -> many.add(RaygunGenerator.sourceId(i, SEED)));
    assertThat(many).hasSize(50_000);
  }

  @Test
  void appendingContinuesTheNumberingAndKeepsTheExpectationsConsistent() {
    Path incremental = dir.resolve("incremental");
    Summary first = RaygunGenerator.write(incremental, 1, 40, 5);
    List<String> before = names(incremental);
    Summary second = RaygunGenerator.write(incremental, 41, 25, 5);
    Path atOnce = dir.resolve("at-once");
    Summary all = RaygunGenerator.write(atOnce, 65, 5);

    List<String> union = names(incremental);
    assertThat(before).hasSize(40).endsWith("raygun-000040.json");
    assertThat(union)
        .hasSize(65)
        .isSorted()
        .startsWith(before.toArray(String[]::new))
        .contains("raygun-000041.json")
        .endsWith("raygun-000065.json");
    Map<String, byte[]> a = contents(incremental);
    Map<String, byte[]> b = contents(atOnce);
    a.forEach((name, bytes) -> assertThat(b.get(name)).as(name).isEqualTo(bytes));
    assertThat(first.plus(second)).isEqualTo(all);

    Map<String, Long> parsed = new HashMap<>();
    Set<String> ids = new HashSet<>();
    for (Path file : list(incremental)) {
      JsonNode doc = parse(file);
      parsed.merge(doc.get("Request").get("IpAddress").asText(), 1L, Long::sum);
      ids.add(doc.get("Id").asText());
    }
    assertThat(ids).hasSize(65);
    Map<String, Long> merged = new HashMap<>(RaygunGenerator.expectedRequestsByIp(1, 40, 5));
    RaygunGenerator.expectedRequestsByIp(41, 25, 5)
        .forEach((ip, n) -> merged.merge(ip, n, Long::sum));
    assertThat(RaygunGenerator.expectedRequestsByIp(65, 5)).isEqualTo(parsed).isEqualTo(merged);
  }

  @Test
  void clientAddressesFollowASkewedDistributionOverAFewHundred() {
    Map<String, Long> counts = RaygunGenerator.expectedRequestsByIp(20_000, 3);
    List<Long> sorted = new ArrayList<>(counts.values());

    assertThat(counts.size()).isBetween(200, RaygunGenerator.IP_POOL_SIZE);
    long top10 = sorted.subList(0, 10).stream().mapToLong(Long::longValue).sum();
    assertThat(top10).isGreaterThan(20_000 * 2 / 5);
    assertThat(sorted.get(0)).isGreaterThan(20 * sorted.get(sorted.size() / 2));
    // Another seed draws other addresses.
    assertThat(RaygunGenerator.expectedRequestsByIp(20_000, 4).keySet())
        .isNotEqualTo(counts.keySet());
  }

  @Test
  void rejectsIndexesOutsideTheNameRange() {
    assertThatThrownBy(() -> RaygunGenerator.write(dir, 0, 1, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RaygunGenerator.write(dir, 999_999, 2, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("999999");
    assertThatThrownBy(() -> RaygunGenerator.expectedRequestsByIp(-1, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(RaygunGenerator.write(dir.resolve("none"), 0, 1).files()).isZero();
  }

  @Test
  void theBytesOfAGivenSeedNeverChange() {
    // Data generated by one build must be regenerated byte for byte by the next: tests and
    // benchmarks record expectations by seed. Change these only when the data must change.
    assertThat(GeneratedFiles.sha256(RaygunGenerator.document(1, 42)))
        .isEqualTo(GOLDEN_FILE_1_SEED_42);
    assertThat(RaygunGenerator.sourceId(1, 42)).isEqualTo(GOLDEN_ID_1_SEED_42);
    assertThat(RaygunGenerator.ipAddress(1, 42)).isEqualTo(GOLDEN_IP_1_SEED_42);
  }

  private static final String GOLDEN_FILE_1_SEED_42 =
      "e2bc7006fc943f678638431ca5a3e7f354d5e927562dce871cc3edee885809ab";
  private static final String GOLDEN_ID_1_SEED_42 = "bc523079-ab02-8168-d4b5-32cee9be1f84";
  private static final String GOLDEN_IP_1_SEED_42 = "142.14.218.197";
}
