package dev.lakehouse.jobs.read;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class JsonDocumentsTest {
  @Test
  void oneDocumentIsTheWholeText() {
    String text = "{\n  \"id\": 1,\n  \"tags\": [1, 2]\n}";
    assertThat(JsonDocuments.split(text)).contains(List.of(text));
  }

  @Test
  void arraysAndConcatenatedDocumentsYieldOneEach() {
    assertThat(JsonDocuments.split("[{\"id\": 1}, {\"id\": 2}]\n"))
        .contains(List.of("{\"id\": 1}", "{\"id\": 2}"));
    assertThat(JsonDocuments.split("{\"id\": 1}\n{\"id\": 2}\n"))
        .contains(List.of("{\"id\": 1}", "{\"id\": 2}"));
  }

  @Test
  void brokenTextIsNotSplit() {
    assertThat(JsonDocuments.split("{\"id\": 1}\n{\"id\": ")).isEmpty();
    assertThat(JsonDocuments.split("not json")).isEmpty();
    assertThat(JsonDocuments.split("   ")).contains(List.of());
  }
}
