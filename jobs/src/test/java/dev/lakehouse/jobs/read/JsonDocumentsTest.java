package dev.lakehouse.jobs.read;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class JsonDocumentsTest {
  @Test
  void oneDocumentIsTheWholeText() {
    String text = "{\n  \"id\": 1,\n  \"tags\": [1, 2]\n}";
    assertThat(texts(text)).contains(List.of(text));
  }

  @Test
  void arraysAndConcatenatedDocumentsYieldOneEach() {
    assertThat(texts("[{\"id\": 1}, {\"id\": 2}]\n"))
        .contains(List.of("{\"id\": 1}", "{\"id\": 2}"));
    assertThat(texts("{\"id\": 1}\n{\"id\": 2}\n")).contains(List.of("{\"id\": 1}", "{\"id\": 2}"));
  }

  @Test
  void eachDocumentCarriesItsTopLevelFieldsOnly() {
    var documents =
        JsonDocuments.split("{\"a\": {\"inner\": 1}, \"b\": [{\"c\": 2}]}\n[1, 2]\n\"text\"")
            .orElseThrow();
    assertThat(documents)
        .extracting(JsonDocuments.Document::fields)
        .containsExactly(List.of("a", "b"), null, null, null);
  }

  @Test
  void fieldsOfALineAreNullUnlessItIsOneWellFormedObject() {
    assertThat(JsonDocuments.fields("{\"id\": 1, \"x\": {\"y\": 2}}")).containsExactly("id", "x");
    assertThat(JsonDocuments.fields("{}")).isEmpty();
    assertThat(JsonDocuments.fields("[1]")).isNull();
    assertThat(JsonDocuments.fields("{\"id\": 1")).isNull();
    assertThat(JsonDocuments.fields("{\"id\": 1} {\"id\": 2}")).isNull();
    assertThat(JsonDocuments.fields("not json")).isNull();
  }

  private static java.util.Optional<List<String>> texts(String text) {
    return JsonDocuments.split(text)
        .map(d -> d.stream().map(JsonDocuments.Document::text).toList());
  }

  @Test
  void brokenTextIsNotSplit() {
    assertThat(JsonDocuments.split("{\"id\": 1}\n{\"id\": ")).isEmpty();
    assertThat(JsonDocuments.split("not json")).isEmpty();
    assertThat(JsonDocuments.split("   ")).contains(List.of());
  }
}
