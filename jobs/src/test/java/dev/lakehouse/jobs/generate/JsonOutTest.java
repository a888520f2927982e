package dev.lakehouse.jobs.generate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JsonOutTest {
  private static ObjectNode sample() {
    ObjectNode root = JsonOut.MAPPER.createObjectNode();
    root.put("Message", "a \"quoted\" \\ path é");
    root.putArray("Form");
    root.putObject("Empty");
    root.putArray("Trace").add(1).addObject().putNull("Data");
    root.put("x", -1.0);
    return root;
  }

  @Test
  void prettyUsesTheRaygunExportLayout() {
    assertThat(new String(JsonOut.pretty(sample()), StandardCharsets.UTF_8))
        .isEqualTo(
            "{\n"
                + "  \"Message\": \"a \\\"quoted\\\" \\\\ path é\",\n"
                + "  \"Form\": [],\n"
                + "  \"Empty\": {},\n"
                + "  \"Trace\": [\n"
                + "    1,\n"
                + "    {\n"
                + "      \"Data\": null\n"
                + "    }\n"
                + "  ],\n"
                + "  \"x\": -1.0\n"
                + "}\n");
  }

  @Test
  void pythonUsesJsonDumpSeparatorsAndEscapesNonAscii() {
    assertThat(new String(JsonOut.python(sample()), StandardCharsets.US_ASCII))
        .isEqualTo(
            "{\"Message\": \"a \\\"quoted\\\" \\\\ path \\u00E9\", \"Form\": [], \"Empty\": {},"
                + " \"Trace\": [1, {\"Data\": null}], \"x\": -1.0}");
  }

  @Test
  void compactHasNoSpaces() {
    assertThat(new String(JsonOut.compact(sample()), StandardCharsets.UTF_8))
        .isEqualTo(
            "{\"Message\":\"a \\\"quoted\\\" \\\\ path é\",\"Form\":[],\"Empty\":{},"
                + "\"Trace\":[1,{\"Data\":null}],\"x\":-1.0}");
  }
}
