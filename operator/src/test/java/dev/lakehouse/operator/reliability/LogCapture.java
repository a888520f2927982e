package dev.lakehouse.operator.reliability;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import dev.lakehouse.operator.monitoring.JsonLayout;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Every log line written while it is open, on the root logger, as the operator's production JSON
 * layout prints it (message, resource, stack trace). The operator's own loggers are turned up to
 * TRACE meanwhile: the most any LAKEHOUSE_LOG_LEVEL can show.
 */
final class LogCapture implements AutoCloseable {
  private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  private final Logger operator = (Logger) LoggerFactory.getLogger("dev.lakehouse");
  private final Level operatorLevel = operator.getLevel();
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
  private final JsonLayout layout = new JsonLayout();

  LogCapture() {
    layout.setContext(root.getLoggerContext());
    layout.start();
    appender.setContext(root.getLoggerContext());
    appender.start();
    operator.setLevel(Level.TRACE);
    root.addAppender(appender);
  }

  /** The lines so far: each as printed, followed by its raw message and stack trace. */
  List<String> lines() {
    List<String> lines = new ArrayList<>();
    List<ILoggingEvent> events;
    synchronized (appender) { // what appends to it holds this lock
      events = List.copyOf(appender.list);
    }
    for (ILoggingEvent event : events) {
      String throwable =
          event.getThrowableProxy() == null
              ? ""
              : "\n" + ThrowableProxyUtil.asString(event.getThrowableProxy());
      lines.add(layout.doLayout(event) + event.getFormattedMessage() + throwable);
    }
    return lines;
  }

  @Override
  public void close() {
    root.detachAppender(appender);
    operator.setLevel(operatorLevel);
  }
}
