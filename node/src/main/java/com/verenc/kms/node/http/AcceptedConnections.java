package com.verenc.kms.node.http;

import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.Terminated;
import org.apache.pekko.io.Inet;
import org.apache.pekko.io.Tcp;
import org.apache.pekko.io.TcpMessage;
import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.BindFailedException;
import org.apache.pekko.stream.Outlet;
import org.apache.pekko.stream.OverflowStrategy;
import org.apache.pekko.stream.SourceShape;
import org.apache.pekko.stream.impl.io.IncomingConnectionStage;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.stage.AbstractOutHandler;
import org.apache.pekko.stream.stage.GraphStageLogic;
import org.apache.pekko.stream.stage.GraphStageWithMaterializedValue;
import org.apache.pekko.stream.stage.TimerGraphStageLogic;
import org.apache.pekko.util.ByteString;
import scala.Tuple2;
import scala.runtime.BoxedUnit;

/**
 * The TCP connections accepted on a listening socket, accepted in batches.
 *
 * <p>Pekko's {@code Tcp.bind} (ConnectionSourceStage, Pekko 1.7.0) grants its listener one accept
 * at a time ({@code ResumeAccepting(1)}) and the next only once the connection before was pushed
 * downstream. Each grant is a round trip between the stage actor and the listener actor across the
 * dispatcher, ~10 ms on a saturated node, so the k-th connection of a burst waits k round trips: 64
 * connections opened at once waited up to 600 ms for their first byte. Here the listener gets a
 * budget of {@code batch} accepts ({@code ResumeAccepting(batch)}), accepts all that are pending in
 * one run and re-arms itself; the budget is topped up as it is used.
 *
 * <p>Back-pressure stays: the budget is topped up only while no accepted connection waits for
 * downstream demand, so a downstream that stops pulling (max-connections reached) holds at most
 * about {@code 2 * batch} accepted connections here; the rest wait in the kernel's backlog. A
 * connection held here longer than {@code pekko.io.tcp.register-timeout} is reset by Pekko's
 * connection actor, so the node's application.conf turns that timeout off.
 */
public final class AcceptedConnections
    extends GraphStageWithMaterializedValue<
        SourceShape<AcceptedConnections.Accepted>, CompletionStage<AcceptedConnections.Binding>> {

  /** One accepted connection; its flow can be materialized once. */
  public record Accepted(
      InetSocketAddress localAddress,
      InetSocketAddress remoteAddress,
      Flow<ByteString, ByteString, NotUsed> flow) {}

  /**
   * What Pekko's {@code ServerBinding} gave HttpServer: the bound address, and unbind, which stops
   * accepting (open connections go on) and completes once the socket no longer listens.
   */
  public record Binding(
      InetSocketAddress localAddress, java.util.function.Supplier<CompletionStage<Done>> unbinder) {
    public CompletionStage<Done> unbind() {
      return unbinder.get();
    }
  }

  private final Outlet<Accepted> out = Outlet.create("AcceptedConnections.out");
  private final SourceShape<Accepted> shape = SourceShape.of(out);
  private final ActorRef tcpManager;
  private final InetSocketAddress endpoint;
  private final int backlog;
  private final Iterable<Inet.SocketOption> options;
  private final int batch;
  private final java.time.Duration shutdownTimeout;

  /**
   * @param tcpManager {@code Tcp.get(system).manager()}
   * @param batch accepts granted to the listener at a time; 1 is Pekko's own bind's behaviour
   * @param shutdownTimeout after unbinding, how long the stage waits for connections pushed but not
   *     yet registered (Pekko's bind uses pekko.stream.materializer.subscription-timeout)
   */
  public AcceptedConnections(
      ActorRef tcpManager,
      InetSocketAddress endpoint,
      int backlog,
      Iterable<Inet.SocketOption> options,
      int batch,
      java.time.Duration shutdownTimeout) {
    if (batch < 1) {
      throw new IllegalArgumentException("accept batch must be at least 1, not " + batch);
    }
    this.tcpManager = tcpManager;
    this.endpoint = endpoint;
    this.backlog = backlog;
    this.options = options;
    this.batch = batch;
    this.shutdownTimeout = shutdownTimeout;
  }

  @Override
  public SourceShape<Accepted> shape() {
    return shape;
  }

  @Override
  public Tuple2<GraphStageLogic, CompletionStage<Binding>> createLogicAndMaterializedValue(
      Attributes inheritedAttributes) {
    CompletableFuture<Binding> binding = new CompletableFuture<>();
    return Tuple2.apply(new Logic(binding), binding);
  }

  private final class Logic extends TimerGraphStageLogic {
    private final CompletableFuture<Binding> binding;
    // Pushed, not yet registered with their connection actor. Until it registers, a connection
    // actor is watching this stage's actor (the bind handler) and dies with it, so the stage
    // outlives them after unbinding, as Pekko's does (decremented on the connections' threads).
    private final AtomicInteger unregistered = new AtomicInteger();
    private final CompletableFuture<Done> unbound = new CompletableFuture<>();
    // Accepted, not yet pulled: at most about 2 * batch (see the class comment).
    private final ArrayDeque<Accepted> waiting = new ArrayDeque<>();
    private GraphStageLogic.StageActor stageActor;
    private ActorRef self;
    private ActorRef listener;
    // Accepts the listener may still make as far as this stage knows. It can only be an
    // underestimate: ResumeAccepting sets the listener's limit, and a connection accepted before
    // the top-up arrived is counted against the new budget too.
    private int budget;
    private boolean unbinding;
    private boolean completeWhenDrained;

    Logic(CompletableFuture<Binding> binding) {
      super(shape);
      this.binding = binding;
      setHandler(
          out,
          new AbstractOutHandler() {
            @Override
            public void onPull() {
              if (!waiting.isEmpty()) {
                push(out, waiting.poll());
                if (waiting.isEmpty() && completeWhenDrained) {
                  completeOnceRegistered();
                  return;
                }
              }
              topUp();
            }

            @Override
            public void onDownstreamFinish(Throwable cause) {
              unbind();
            }
          });
    }

    @Override
    public void preStart() {
      stageActor = getStageActor(this::receive);
      self = stageActor.ref();
      tcpManager.tell(TcpMessage.bind(self, endpoint, backlog, options, true), self);
    }

    private BoxedUnit receive(Tuple2<ActorRef, Object> event) {
      ActorRef sender = event._1();
      Object message = event._2();
      if (message instanceof Tcp.Connected connected) {
        budget--;
        Accepted accepted = accepted(connected, sender);
        if (isAvailable(out)) {
          push(out, accepted);
        } else {
          waiting.add(accepted);
        }
        topUp();
      } else if (message instanceof Tcp.Bound bound) {
        listener = sender;
        stageActor.watch(listener);
        ActorRef stage = self;
        binding.complete(
            new Binding(
                bound.localAddress(),
                () -> {
                  // The stage actor is gone once the stage stopped: no message then.
                  if (!unbound.isDone()) {
                    stage.tell(TcpMessage.unbind(), stage);
                  }
                  return unbound;
                }));
        topUp();
      } else if (message instanceof Tcp.CommandFailed failed) {
        // The same exception and message as Pekko's bind ("Bind failed because of
        // java.net.BindException: [/127.0.0.1:4599] Address already in use"). causedByString is
        // Pekko-internal (public in bytecode).
        BindFailedException failure =
            new BindFailedException() {
              @Override
              public String getMessage() {
                return "Bind failed" + failed.causedByString();
              }
            };
        if (failed.cause().isDefined()) {
          failure.initCause(failed.cause().get());
        }
        binding.completeExceptionally(failure);
        unbound.completeExceptionally(failure);
        failStage(failure);
      } else if (message == TcpMessage.unbind()) {
        unbind();
      } else if (message instanceof Tcp.Unbound) {
        unbindCompleted();
      } else if (message instanceof Terminated terminated && terminated.actor().equals(listener)) {
        if (unbinding) {
          unbindCompleted();
        } else {
          IllegalStateException failure =
              new IllegalStateException(
                  "IO Listener actor terminated unexpectedly for " + endpoint);
          unbound.completeExceptionally(failure);
          failStage(failure);
        }
      }
      return BoxedUnit.UNIT;
    }

    /** Grants the listener a new batch once half the last is used and nothing waits here. */
    private void topUp() {
      if (listener != null && !unbinding && waiting.isEmpty() && budget * 2 < batch) {
        budget = batch;
        listener.tell(TcpMessage.resumeAccepting(batch), self);
      }
    }

    /**
     * The connection's byte flow, as Pekko's bind makes it (TcpStages.connectionFor, 1.7.0):
     * IncomingConnectionStage is Pekko-internal API (public in bytecode) and may change in a Pekko
     * upgrade; the one-element buffer reads ahead as Pekko's detacher does, which the stage needs
     * to see completions.
     */
    private Accepted accepted(Tcp.Connected connected, ActorRef connection) {
      unregistered.incrementAndGet();
      Flow<ByteString, ByteString, NotUsed> flow =
          Flow.fromGraph(
                  new IncomingConnectionStage(
                      connection,
                      connected.remoteAddress(),
                      false,
                      () -> {
                        unregistered.decrementAndGet();
                        return BoxedUnit.UNIT;
                      }))
              .buffer(1, OverflowStrategy.backpressure());
      return new Accepted(connected.localAddress(), connected.remoteAddress(), flow);
    }

    private void unbind() {
      if (listener != null && !unbinding) {
        unbinding = true;
        setKeepGoing(true);
        listener.tell(TcpMessage.unbind(), self);
      }
    }

    private void unbindCompleted() {
      stageActor.unwatch(listener);
      unbound.complete(Done.getInstance());
      // Connections accepted before the unbind are still handed downstream, if it still pulls.
      if (waiting.isEmpty() || isClosed(out)) {
        completeOnceRegistered();
      } else {
        completeWhenDrained = true;
      }
    }

    private void completeOnceRegistered() {
      // Connections still waiting here were never handed on: they are counted too, and die with
      // the stage actor (their connection actors' death pact), which closes their sockets.
      if (unregistered.get() - waiting.size() <= 0) {
        completeStage();
      } else {
        scheduleOnce("shutdown", shutdownTimeout);
      }
    }

    @Override
    public void onTimer(Object key) {
      completeStage();
    }

    @Override
    public void postStop() {
      waiting.clear();
      if (!binding.isDone()) {
        binding.completeExceptionally(new IllegalStateException("Stopped before it was bound"));
      }
      unbound.complete(Done.getInstance());
    }
  }
}
