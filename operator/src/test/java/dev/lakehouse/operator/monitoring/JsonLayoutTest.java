package dev.lakehouse.operator.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class JsonLayoutTest {
  static final ObjectMapper JSON = new ObjectMapper();

  final LoggerContext context = new LoggerContext();
  final JsonLayout layout = new JsonLayout();

  JsonLayoutTest() {
    context.setMDCAdapter(MDC.getMDCAdapter());
  }

  @Test
  void oneObjectPerLineWithTheResourceFromTheMdc() throws Exception {
    LoggingEvent event =
        event(Level.INFO, "IngestionRun {}: {}", null, "data/raygun-1", "attempt 1 started");
    event.setMDCPropertyMap(
        Map.of(
            ResourceMdc.NAMESPACE,
            "data",
            ResourceMdc.NAME,
            "raygun-1",
            ResourceMdc.KIND,
            "IngestionRun",
            "resource.uid",
            "0b5e"));
    event.setInstant(Instant.parse("2026-03-01T08:09:10.123456Z"));

    String line = layout.doLayout(event);

    assertThat(line).endsWith("}\n").doesNotContain("\r").hasLineCount(1);
    JsonNode json = JSON.readTree(line);
    assertThat(json.get("time").asText()).isEqualTo("2026-03-01T08:09:10.123Z");
    assertThat(json.get("level").asText()).isEqualTo("INFO");
    assertThat(json.get("logger").asText()).isEqualTo("dev.lakehouse.operator.run.Test");
    assertThat(json.get("thread").asText()).isEqualTo(Thread.currentThread().getName());
    assertThat(json.get("message").asText())
        .isEqualTo("IngestionRun data/raygun-1: attempt 1 started");
    assertThat(json.get("namespace").asText()).isEqualTo("data");
    assertThat(json.get("name").asText()).isEqualTo("raygun-1");
    assertThat(json.get("kind").asText()).isEqualTo("IngestionRun");
    assertThat(json.has("exception")).isFalse();
  }

  @Test
  void quotesNewlinesAndControlCharactersAreEscaped() throws Exception {
    String message = "a \"quoted\" word,\na second line\tand a tab, a \\ and \u0001 and \u2028";

    String line = layout.doLayout(event(Level.WARN, message, null));

    assertThat(line).hasLineCount(1).contains("\\\"quoted\\\"", "\\n", "\\t", "\\\\", "\\u0001");
    assertThat(JSON.readTree(line).get("message").asText()).isEqualTo(message);
  }

  @Test
  void anExceptionIsOneStringFieldWithItsStackTrace() throws Exception {
    var cause = new IllegalStateException("409 \"Conflict\"");
    var thrown = new RuntimeException("reconcile failed", cause);

    String line = layout.doLayout(event(Level.ERROR, "failed", thrown));

    assertThat(line).hasLineCount(1);
    JsonNode json = JSON.readTree(line);
    assertThat(json.get("exception").asText())
        .startsWith("java.lang.RuntimeException: reconcile failed\n")
        .contains("\tat dev.lakehouse.operator.monitoring.JsonLayoutTest")
        .contains("Caused by: java.lang.IllegalStateException: 409 \"Conflict\"");
  }

  @Test
  void linesAboutNoResourceHaveNoResourceFields() throws Exception {
    JsonNode json = JSON.readTree(layout.doLayout(event(Level.INFO, "starting", null)));

    assertThat(json.has("namespace")).isFalse();
    assertThat(json.has("name")).isFalse();
    assertThat(json.has("kind")).isFalse();
  }

  private LoggingEvent event(Level level, String message, Throwable thrown, Object... args) {
    var logger = context.getLogger("dev.lakehouse.operator.run.Test");
    return new LoggingEvent(
        "dev.lakehouse.operator.run.Test", logger, level, message, thrown, args);
  }
}
