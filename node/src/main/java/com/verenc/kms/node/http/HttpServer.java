package com.verenc.kms.node.http;

import com.typesafe.config.Config;
import com.verenc.kms.node.tls.ApiTls;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.event.LoggingAdapter;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.settings.ParserSettings;
import org.apache.pekko.http.javadsl.settings.ServerSettings;
import org.apache.pekko.io.Tcp;
import org.apache.pekko.stream.TLSClosing;
import org.apache.pekko.stream.TLSProtocol;
import org.apache.pekko.stream.javadsl.BidiFlow;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.javadsl.TLS;
import org.apache.pekko.stream.javadsl.TLSPlacebo;
import org.apache.pekko.util.ByteString;
import scala.concurrent.duration.FiniteDuration;

/**
 * Binds the TrentService endpoint, one {@link ConnectionGuard} per connection, and on coordinated
 * shutdown unbinds it, lets requests in progress finish, then closes what is left.
 */
public final class HttpServer {
  // In service-requests-done, whose phase timeout application.conf sets above this.
  private static final Duration FINISH_DEADLINE = Duration.ofSeconds(10);

  private HttpServer() {}

  /**
   * Binds TCP and runs Pekko HTTP's server layer on each connection, as Pekko's own bind does but
   * with the guard below it (Pekko's bind takes no stage at the byte level). The handler is a
   * {@code mapAsync} flow: Pekko's Java {@code bind(handler)} maps every reply onto the dispatcher
   * (one more thread wake-up per request), while mapAsync takes an already completed reply, as the
   * crypto path's are, in place. HTTP/1.1 only.
   */
  public static CompletionStage<InetSocketAddress> start(
      ActorSystem<?> system,
      String host,
      int port,
      KmsHttpHandler handler,
      Duration headTimeout,
      Optional<ApiTls> apiTls) {
    ServerSettings settings = ServerSettings.create(system.settings().config());
    LoggingAdapter pekkoLog = system.classicSystem().log();
    ConnectionGuard.Limits limits =
        new ConnectionGuard.Limits(
            headTimeout,
            finite(settings.getTimeouts().idleTimeout()),
            largestHead(settings.getParserSettings()));
    Flow<HttpRequest, HttpResponse, NotUsed> requests =
        Flow.of(HttpRequest.class).mapAsync(settings.getPipeliningLimit(), handler::apply);
    OpenConnections open = new OpenConnections();
    // Not Tcp.bind: it accepts one connection per round trip between two actors (see
    // AcceptedConnections). No TCP idle timeout: the guard keeps pekko.http.server.idle-timeout,
    // as Pekko's bind does.
    Config config = system.settings().config();
    return Source.fromGraph(
            new AcceptedConnections(
                Tcp.get(system).manager(),
                new InetSocketAddress(host, port),
                settings.getBacklog(),
                settings.getSocketOptions(),
                config.getInt("kms.http.accept-batch"),
                config.getDuration("pekko.stream.materializer.subscription-timeout.timeout")))
        // At most max-connections served at once; more wait in the accept backlog, as with Pekko's
        // bind.
        .mapAsyncUnordered(
            settings.getMaxConnections(),
            incoming -> {
              try {
                OpenConnections.Connection connection =
                    requests
                        .joinMat(
                            Http.get(system)
                                .serverLayer(
                                    settings, Optional.of(incoming.remoteAddress()), pekkoLog)
                                .atop(tls())
                                .atop(
                                    BidiFlow.fromGraph(
                                        new ConnectionGuard(limits, incoming.remoteAddress())),
                                    Keep.right())
                                .atop(transport(apiTls), Keep.left()),
                            Keep.right())
                        .joinMat(incoming.flow(), Keep.left())
                        .run(system);
                open.opened(connection);
                return connection.closed();
              } catch (RuntimeException e) {
                // One connection that cannot start must not end the binding (mapAsync would fail
                // it).
                system
                    .log()
                    .error(
                        "Could not start serving the connection from {}",
                        incoming.remoteAddress(),
                        e);
                return CompletableFuture.completedFuture(Done.getInstance());
              }
            })
        .toMat(Sink.ignore(), Keep.left())
        .run(system)
        .thenApply(
            binding -> {
              CoordinatedShutdown shutdown = CoordinatedShutdown.get(system);
              String address = binding.localAddress().toString();
              shutdown.addTask(
                  CoordinatedShutdown.PhaseServiceUnbind(),
                  "http-unbind-" + address,
                  () -> binding.unbind().thenApply(unbound -> Done.getInstance()));
              shutdown.addTask(
                  CoordinatedShutdown.PhaseServiceRequestsDone(),
                  "http-finish-" + address,
                  () -> open.finishAll(FINISH_DEADLINE));
              shutdown.addTask(
                  CoordinatedShutdown.PhaseServiceStop(), "http-close-" + address, open::closeAll);
              system
                  .log()
                  .info(
                      "Verenc KMS listening on {}://{}:{}",
                      apiTls.isPresent() ? "https" : "http",
                      binding.localAddress().getHostString(),
                      binding.localAddress().getPort());
              return binding.localAddress();
            });
  }

  /**
   * What lies between the connection guard (which reads plaintext HTTP) and TCP: nothing, or TLS.
   */
  private static BidiFlow<ByteString, ByteString, ByteString, ByteString, NotUsed> transport(
      Optional<ApiTls> apiTls) {
    if (apiTls.isEmpty()) {
      return BidiFlow.identity();
    }
    BidiFlow<ByteString, TLSProtocol.SslTlsOutbound, TLSProtocol.SslTlsInbound, ByteString, NotUsed>
        plaintext =
            BidiFlow.fromFlows(
                Flow.of(ByteString.class)
                    .map(bytes -> (TLSProtocol.SslTlsOutbound) new TLSProtocol.SendBytes(bytes)),
                Flow.of(TLSProtocol.SslTlsInbound.class)
                    .filter(in -> in instanceof TLSProtocol.SessionBytes)
                    .map(in -> ((TLSProtocol.SessionBytes) in).bytes()));
    return plaintext.atop(TLS.create(apiTls.get()::newEngine, TLSClosing.eagerClose()));
  }

  /** Pekko's server layer speaks to a TLS stage; this one only wraps the bytes (see transport). */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private static BidiFlow<
          TLSProtocol.SslTlsOutbound, ByteString, ByteString, TLSProtocol.SslTlsInbound, NotUsed>
      tls() {
    // SessionBytes is an SslTlsInbound; Java generics cannot say so (Scala's variance does).
    return (BidiFlow) TLSPlacebo.getInstance();
  }

  private static Optional<Duration> finite(scala.concurrent.duration.Duration timeout) {
    return timeout instanceof FiniteDuration finite
        ? Optional.of(Duration.ofNanos(finite.toNanos()))
        : Optional.empty();
  }

  /**
   * The longest head Pekko's parser can accept: a request line and max-header-count lines at the
   * longest name and value. Beyond it a head is handed to Pekko even unfinished, to refuse.
   */
  private static int largestHead(ParserSettings parser) {
    long requestLine = parser.getMaxMethodLength() + 1L + parser.getMaxUriLength() + 1 + 8 + 2;
    long headerLine = parser.getMaxHeaderNameLength() + 1L + parser.getMaxHeaderValueLength() + 4;
    return (int)
        Math.min(
            Integer.MAX_VALUE, requestLine + (parser.getMaxHeaderCount() + 1L) * headerLine + 2);
  }
}
