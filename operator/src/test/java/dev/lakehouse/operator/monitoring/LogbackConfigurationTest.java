package dev.lakehouse.operator.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.status.Status;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.MDC;

/**
 * The production logback.xml (not the tests' logback-test.xml), with the environment variables
 * given as context properties, which logback looks up before the environment.
 */
class LogbackConfigurationTest {
  @Test
  void jsonByDefaultWithTheResourceOfTheLine() throws Exception {
    LoggerContext context = configure(Map.of());

    String out =
        captureStdout(
            () -> {
              try (var ns = MDC.putCloseable(ResourceMdc.NAMESPACE, "data");
                  var name = MDC.putCloseable(ResourceMdc.NAME, "demo");
                  var kind = MDC.putCloseable(ResourceMdc.KIND, "Lakehouse")) {
                logger(context).info("applied \"Secret/demo-storage-credentials\"");
              }
            });

    JsonNode json = new ObjectMapper().readTree(out);
    assertThat(json.get("message").asText())
        .isEqualTo("applied \"Secret/demo-storage-credentials\"");
    assertThat(json.get("namespace").asText()).isEqualTo("data");
    assertThat(json.get("name").asText()).isEqualTo("demo");
    assertThat(json.get("kind").asText()).isEqualTo("Lakehouse");
    assertThat(errors(context)).isEmpty();
  }

  @Test
  void textWhenAskedStillShowsTheResource() throws Exception {
    LoggerContext context = configure(Map.of(LoggingEnvironment.FORMAT, "text"));

    String out =
        captureStdout(
            () -> {
              try (var ns = MDC.putCloseable(ResourceMdc.NAMESPACE, "data");
                  var name = MDC.putCloseable(ResourceMdc.NAME, "demo");
                  var kind = MDC.putCloseable(ResourceMdc.KIND, "Lakehouse")) {
                logger(context).info("applied");
              }
            });

    assertThat(out)
        .hasLineCount(1)
        .matches(
            "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z INFO  \\[.+\\] \\S+ Lakehouse"
                + " data/demo - applied\\R");
    assertThat(errors(context)).isEmpty();
  }

  @Test
  void theLevelOfTheOperatorsLoggersComesFromTheEnvironment() throws Exception {
    LoggerContext context = configure(Map.of(LoggingEnvironment.LEVEL, "DEBUG"));

    assertThat(context.getLogger("dev.lakehouse").getLevel()).isEqualTo(Level.DEBUG);
    assertThat(configure(Map.of()).getLogger("dev.lakehouse").getLevel()).isEqualTo(Level.INFO);
  }

  private static Logger logger(LoggerContext context) {
    return context.getLogger("dev.lakehouse.operator.lakehouse.LakehouseReconciler");
  }

  private static LoggerContext configure(Map<String, String> properties) throws Exception {
    URL production = LogbackConfigurationTest.class.getClassLoader().getResource("logback.xml");
    assertThat(production.getPath()).doesNotContain("test-classes");
    LoggerContext context = new LoggerContext();
    context.setMDCAdapter(MDC.getMDCAdapter());
    properties.forEach(context::putProperty);
    var configurator = new JoranConfigurator();
    configurator.setContext(context);
    configurator.doConfigure(production);
    return context;
  }

  private static java.util.List<Status> errors(LoggerContext context) {
    return context.getStatusManager().getCopyOfStatusList().stream()
        .filter(s -> s.getLevel() == Status.ERROR)
        .toList();
  }

  /** The console appender writes to whatever System.out is at the time of each line. */
  private static String captureStdout(Runnable logging) {
    PrintStream original = System.out;
    var buffer = new ByteArrayOutputStream();
    System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
    try {
      logging.run();
    } finally {
      System.setOut(original);
    }
    return buffer.toString(StandardCharsets.UTF_8);
  }
}
