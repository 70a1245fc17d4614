package com.verenc.kms.node.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.spi.FilterReply;
import org.junit.jupiter.api.Test;

/**
 * Only the transport's own connection aborts, and only once the node is stopping, leave the log.
 */
class RemotingShutdownFilterTest {
  private static final String ABORT =
      "[outbound connection to [pekko://verenc-kms@127.0.0.1:25521], control stream] Upstream "
          + "failed, cause: StreamTcpException: The connection has been aborted";

  private final LoggerContext context = new LoggerContext();
  private final Logger streams = context.getLogger("org.apache.pekko.stream.Materializer");
  private final RemotingShutdownFilter filter = new RemotingShutdownFilter();

  private FilterReply decide(Logger logger, Level level, String message) {
    return filter.decide(null, logger, level, message, null, null);
  }

  @Test
  void onlyTheAbortLineOfAStoppingNodeIsDropped() {
    // Static per JVM, and set by every in-JVM node that stopped before this test ran.
    RemotingShutdownFilter.transportRunning();
    assertEquals(FilterReply.NEUTRAL, decide(streams, Level.WARN, ABORT), "a running node");

    RemotingShutdownFilter.transportStopping();
    assertEquals(FilterReply.DENY, decide(streams, Level.WARN, ABORT));
    assertEquals(
        FilterReply.DENY,
        filter.decide(null, streams, Level.WARN, "{}", new Object[] {ABORT}, null),
        "as a \"{}\" format with the message as its argument");
    assertEquals(
        FilterReply.NEUTRAL,
        decide(streams, Level.WARN, ABORT.replace("has been aborted", "was reset")),
        "another failure");
    assertEquals(FilterReply.NEUTRAL, decide(streams, Level.ERROR, ABORT), "another level");
    assertEquals(
        FilterReply.NEUTRAL,
        decide(context.getLogger("com.verenc.kms.node.http.HttpServer"), Level.WARN, ABORT),
        "another logger");
    assertEquals(FilterReply.NEUTRAL, decide(streams, Level.WARN, null), "isWarnEnabled()");
  }
}
