package com.verenc.kms.node.http;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.BidiShape;
import org.apache.pekko.stream.Inlet;
import org.apache.pekko.stream.Outlet;
import org.apache.pekko.stream.stage.AbstractGraphStageWithMaterializedValue;
import org.apache.pekko.stream.stage.AbstractInHandler;
import org.apache.pekko.stream.stage.AbstractOutHandler;
import org.apache.pekko.stream.stage.AsyncCallback;
import org.apache.pekko.stream.stage.GraphStageLogic;
import org.apache.pekko.stream.stage.TimerGraphStageLogic;
import org.apache.pekko.util.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sits between one API connection's TCP stream and Pekko HTTP: answers 408 to a request head that
 * does not arrive in full within the head timeout, closes the connection after the idle timeout,
 * and winds it down for shutdown. Pekko HTTP has no hook for the first, and keeps the other two in
 * its own private binding, which the node cannot use with this stage.
 *
 * <p>Bytes pass through untouched except a request head that a read leaves unfinished: it is held
 * back until it ends (or grows past what Pekko's parser accepts), so that when the timeout passes
 * Pekko has only whole requests, finishes the responses it owes, and the 408 can follow them.
 */
final class ConnectionGuard
    extends AbstractGraphStageWithMaterializedValue<
        BidiShape<ByteString, ByteString, ByteString, ByteString>, OpenConnections.Connection> {
  private static final Logger log = LoggerFactory.getLogger(ConnectionGuard.class);
  private static final String HEAD_TIMER = "head";
  private static final String IDLE_TIMER = "idle";
  private static final String LINGER_TIMER = "linger";
  private static final Duration LINGER = Duration.ofSeconds(1);

  /**
   * How long a head may take, how long a connection may stay silent, how much head to hold back.
   */
  record Limits(Duration headTimeout, Optional<Duration> idleTimeout, int maxHeldHeadBytes) {}

  private final Inlet<ByteString> fromHttp = Inlet.create("ConnectionGuard.fromHttp");
  private final Outlet<ByteString> toNet = Outlet.create("ConnectionGuard.toNet");
  private final Inlet<ByteString> fromNet = Inlet.create("ConnectionGuard.fromNet");
  private final Outlet<ByteString> toHttp = Outlet.create("ConnectionGuard.toHttp");
  private final BidiShape<ByteString, ByteString, ByteString, ByteString> shape =
      BidiShape.of(fromHttp, toNet, fromNet, toHttp);

  private final Limits limits;
  private final InetSocketAddress remote;

  ConnectionGuard(Limits limits, InetSocketAddress remote) {
    this.limits = limits;
    this.remote = remote;
  }

  @Override
  public BidiShape<ByteString, ByteString, ByteString, ByteString> shape() {
    return shape;
  }

  @Override
  public Pair<GraphStageLogic, OpenConnections.Connection> createLogicAndMaterializedValuePair(
      Attributes inheritedAttributes) {
    Logic logic = new Logic();
    return Pair.create(logic, logic.control);
  }

  private final class Logic extends TimerGraphStageLogic {
    private final RequestFraming framing = new RequestFraming();
    private final CompletableFuture<Done> closed = new CompletableFuture<>();
    private final AsyncCallback<Boolean> windDown =
        createAsyncCallback(
            now -> {
              if (now) {
                completeStage();
              } else {
                finishing = true;
                finishIfBetweenRequests();
              }
            });
    final OpenConnections.Connection control =
        new OpenConnections.Connection() {
          @Override
          public void finish() {
            windDown.invoke(false);
          }

          @Override
          public void close() {
            windDown.invoke(true);
          }

          @Override
          public CompletionStage<Done> closed() {
            return closed;
          }
        };

    private boolean tracking = true; // false once the framing is something Pekko refuses
    private ByteString ready = ByteString.emptyByteString(); // for Pekko, when it next pulls
    private ByteString held = ByteString.emptyByteString(); // the unfinished head
    private boolean holding; // the unfinished head is held back (not yet too large for that)
    private boolean headTimerOn;
    private boolean finishing; // shutdown asked to finish
    private boolean inboundDone; // Pekko's inbound is complete: only its last responses still pass
    private ByteString closingAnswer; // sent once Pekko's responses are out
    private boolean active;
    private long quietSince = System.nanoTime();

    Logic() {
      super(shape);
      setHandler(
          fromNet,
          new AbstractInHandler() {
            @Override
            public void onPush() {
              active = true;
              ByteString chunk = grab(fromNet);
              if (inboundDone) {
                pull(fromNet); // read and drop, so the close that follows finds nothing unread
                return;
              }
              if (tracking) {
                follow(chunk);
              } else {
                ready = ready.concat(chunk);
              }
              deliver();
              finishIfBetweenRequests();
            }

            @Override
            public void onUpstreamFinish() {
              if (isClosed(toNet)) {
                completeStage(); // the 408 is out and the client has closed its side: nothing to
                // linger for
                return;
              }
              // The client stopped sending: Pekko sees what it sent, as it would without this
              // stage.
              cancelHeadTimer();
              if (!inboundDone) {
                inboundDone = true;
                ByteString rest = ready.concat(held);
                if (!rest.isEmpty()) {
                  emit(toHttp, rest);
                }
                complete(toHttp);
              }
            }
          });
      setHandler(
          toHttp,
          new AbstractOutHandler() {
            @Override
            public void onPull() {
              deliver();
            }

            @Override
            public void onDownstreamFinish(Throwable cause) {
              // Pekko reads no more (it is closing after an answer): keep reading and dropping
              // until
              // its last response is out, rather than closing the connection under it.
              inboundDone = true;
              pullFromNet();
            }
          });
      setHandler(
          fromHttp,
          new AbstractInHandler() {
            @Override
            public void onPush() {
              active = true;
              push(toNet, grab(fromHttp));
            }

            @Override
            public void onUpstreamFinish() {
              if (closingAnswer != null) {
                // Closing at once while the client still sends could reset the connection before it
                // reads the 408: send it, then read and drop for a moment before closing.
                emit(
                    toNet,
                    closingAnswer,
                    () -> {
                      complete(toNet);
                      scheduleOnce(LINGER_TIMER, LINGER);
                    });
              } else {
                completeStage();
              }
            }
          });
      setHandler(
          toNet,
          new AbstractOutHandler() {
            @Override
            public void onPull() {
              if (!hasBeenPulled(fromHttp) && !isClosed(fromHttp)) {
                pull(fromHttp);
              }
            }
          });
    }

    @Override
    public void preStart() {
      limits
          .idleTimeout()
          .ifPresent(
              idle -> {
                // Checked on a tick rather than re-armed on every element: a few ticks per timeout.
                Duration tick =
                    Duration.ofMillis(Math.max(100, Math.min(idle.toMillis() / 8, 5_000)));
                scheduleWithFixedDelay(IDLE_TIMER, tick, tick);
              });
    }

    @Override
    public void postStop() {
      closed.complete(Done.getInstance());
    }

    /** One read of the client's bytes, in the common case passed on as it came. */
    private void follow(ByteString chunk) {
      framing.feed(chunk.toArrayUnsafe(), 0, chunk.size());
      ByteString out;
      if (framing.lost()) {
        // Pekko refuses this request and closes; it gets every byte as sent.
        tracking = false;
        cancelHeadTimer();
        out = held.concat(chunk);
        held = ByteString.emptyByteString();
        holding = false;
      } else if (!framing.inHead()) {
        cancelHeadTimer();
        out = held.isEmpty() ? chunk : held.concat(chunk);
        held = ByteString.emptyByteString();
        holding = false;
      } else if (framing.headStart() >= 0) {
        // A head began in this read and did not end: what came before it goes on, it waits.
        int start = framing.headStart();
        out = held.concat(chunk.take(start));
        held = chunk.drop(start);
        holding = true;
        scheduleOnce(HEAD_TIMER, limits.headTimeout());
        headTimerOn = true;
      } else if (holding) {
        out = ByteString.emptyByteString();
        held = held.concat(chunk);
      } else {
        out = chunk;
      }
      if (holding && held.size() > limits.maxHeldHeadBytes()) {
        // Larger than Pekko's parser accepts: let it see the head now and refuse it.
        out = out.concat(held);
        held = ByteString.emptyByteString();
        holding = false;
      }
      ready = ready.isEmpty() ? out : ready.concat(out);
    }

    /**
     * Hands Pekko what is ready when it wants it, and reads on when it does, or while a head is
     * unfinished: a head is timed on the client's pace, not on how soon Pekko wants the next one.
     */
    private void deliver() {
      if (!ready.isEmpty() && isAvailable(toHttp)) {
        push(toHttp, ready);
        ready = ByteString.emptyByteString();
      }
      if ((ready.isEmpty() && isAvailable(toHttp)) || (holding && framing.inHead())) {
        pullFromNet();
      }
    }

    /**
     * On shutdown: at the first point between requests, Pekko gets no more and the connection ends.
     */
    private void finishIfBetweenRequests() {
      if (!finishing || inboundDone || !tracking) {
        return;
      }
      if (framing.betweenRequests() || (framing.inHead() && holding)) {
        held = ByteString.emptyByteString();
        completeInbound();
      }
    }

    @Override
    public void onTimer(Object key) {
      if (HEAD_TIMER.equals(key)) {
        headTimedOut();
      } else if (LINGER_TIMER.equals(key)) {
        completeStage();
      } else if (active) {
        active = false;
        quietSince = System.nanoTime();
      } else if (System.nanoTime() - quietSince >= limits.idleTimeout().orElseThrow().toNanos()) {
        log.debug(
            "Closing API connection from {}: nothing sent either way for {} ms",
            remote,
            limits.idleTimeout().orElseThrow().toMillis());
        completeStage();
      }
    }

    private void headTimedOut() {
      headTimerOn = false;
      if (inboundDone) {
        return;
      }
      if (!holding) {
        // Pekko already has part of this (oversized) head: a 408 now would follow its own error.
        log.info(
            "Request head from {} not complete within {} ms and already larger than Pekko accepts: "
                + "connection closed",
            remote,
            limits.headTimeout().toMillis());
        completeStage();
        return;
      }
      String requestId = RequestIds.next();
      log.info(
          "Request head from {} not complete within {} ms ({} bytes in): answering 408 after the "
              + "responses owed, request id {}, then closing",
          remote,
          limits.headTimeout().toMillis(),
          held.size(),
          requestId);
      held = ByteString.emptyByteString();
      closingAnswer = HeadTimeoutAnswer.render(requestId, limits.headTimeout());
      completeInbound();
    }

    /** Pekko gets no more requests: it finishes the responses it owes, then completes its side. */
    private void completeInbound() {
      inboundDone = true;
      cancelHeadTimer();
      if (!ready.isEmpty()) {
        emit(toHttp, ready); // whole requests that came before
        ready = ByteString.emptyByteString();
      }
      complete(toHttp);
      pullFromNet();
    }

    private void pullFromNet() {
      if (!hasBeenPulled(fromNet) && !isClosed(fromNet)) {
        pull(fromNet);
      }
    }

    private void cancelHeadTimer() {
      if (headTimerOn) {
        cancelTimer(HEAD_TIMER);
        headTimerOn = false;
      }
    }
  }
}
