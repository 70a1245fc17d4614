package com.verenc.kms.node.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.Marker;

/**
 * Drops the WARN lines Pekko's Artery TCP transport logs for the node's own cluster connections as
 * it tears them down at the end of a clean shutdown ("[outbound connection to [...], control
 * stream] Upstream failed, cause: StreamTcpException: The connection has been aborted"), and
 * nothing else.
 *
 * <p>Why they are benign: by the time the transport stops, the node has left the cluster (its
 * members saw it Exiting and removed it) and flushed what it had to send; the transport then aborts
 * its connections itself, and the abort comes back up each outbound stream as a failure that Pekko
 * logs at WARN the first time, as it would for a peer that crashed (akka/akka-core#30791). Only
 * lines of that exact shape, and only after {@link #transportStopping()} (coordinated shutdown's
 * before-actor-system-terminate phase, see KmsNode), are dropped: the same line while the node runs
 * still reports a peer that went away.
 */
public final class RemotingShutdownFilter extends TurboFilter {
  private static final String PEKKO_STREAM_LOG = "org.apache.pekko.stream.Materializer";
  private static final String OUTBOUND = "[outbound connection to [";
  private static final String ABORTED =
      "Upstream failed, cause: StreamTcpException: The connection has been aborted";

  // Per JVM: a node process is one node; a test JVM with several nodes does not configure this.
  private static volatile boolean stopping;

  /** The node is about to stop its actor system and with it the transport. */
  public static void transportStopping() {
    stopping = true;
  }

  /**
   * The transport runs again: only for a JVM that starts a node after another stopped (tests), as
   * every in-JVM node's shutdown calls {@link #transportStopping()}.
   */
  static void transportRunning() {
    stopping = false;
  }

  @Override
  public FilterReply decide(
      Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
    if (!stopping || format == null || level != Level.WARN) {
      return FilterReply.NEUTRAL;
    }
    if (!PEKKO_STREAM_LOG.equals(logger.getName())) {
      return FilterReply.NEUTRAL;
    }
    // Pekko's Slf4jLogger passes the formatted message as the format, or as "{}" and one argument.
    String message =
        "{}".equals(format) && params != null && params.length == 1
            ? String.valueOf(params[0])
            : format;
    return message.startsWith(OUTBOUND) && message.contains(ABORTED)
        ? FilterReply.DENY
        : FilterReply.NEUTRAL;
  }
}
