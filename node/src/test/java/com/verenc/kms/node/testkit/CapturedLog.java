package com.verenc.kms.node.testkit;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;

/**
 * What one class's logger logs during each test ({@code @RegisterExtension}), for tests of what an
 * operator reads in the log.
 */
public final class CapturedLog implements BeforeEachCallback, AfterEachCallback {
  private final Logger logger;
  private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

  private CapturedLog(String logger) {
    this.logger = (Logger) LoggerFactory.getLogger(logger);
  }

  public static CapturedLog of(Class<?> source) {
    return new CapturedLog(source.getName());
  }

  /** What the logger of this name logs, for loggers named after a topic rather than a class. */
  public static CapturedLog named(String logger) {
    return new CapturedLog(logger);
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    logged.start();
    logger.addAppender(logged);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    logger.detachAppender(logged);
    logged.list.clear();
  }

  /** Everything logged so far. */
  public List<ILoggingEvent> events() {
    synchronized (logged.list) {
      return List.copyOf(logged.list);
    }
  }

  /** The formatted messages logged at {@code level} so far. */
  public List<String> messages(Level level) {
    return events().stream()
        .filter(e -> e.getLevel() == level)
        .map(ILoggingEvent::getFormattedMessage)
        .toList();
  }
}
