package com.verenc.kms.node.http;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.settings.ServerSettings;
import org.apache.pekko.stream.javadsl.Flow;

/** Binds the TrentService endpoint and unbinds it, draining requests, on coordinated shutdown. */
public final class HttpServer {
  private HttpServer() {}

  /**
   * Binds the handler as a {@code mapAsync} flow, which is what {@code bind(handler)} builds
   * for HTTP/1.1 minus a hop: the Java {@code bind} maps every reply onto the dispatcher (one
   * more thread wake-up per request), while mapAsync takes an already completed reply, as the
   * crypto path's are, in place. HTTP/1.1 only: with {@code enable-http2} go back to bind.
   */
  public static CompletionStage<InetSocketAddress> start(
      ActorSystem<?> system, String host, int port, KmsHttpHandler handler) {
    ServerSettings settings = ServerSettings.create(system.settings().config());
    return Http.get(system).newServerAt(host, port).withSettings(settings)
        .bindFlow(Flow.of(HttpRequest.class).mapAsync(settings.getPipeliningLimit(), handler::apply))
        .thenApply(binding -> {
          binding.addToCoordinatedShutdown(Duration.ofSeconds(10), system);
          system.log().info("Verenc KMS listening on http://{}:{}", binding.localAddress().getHostString(),
              binding.localAddress().getPort());
          return binding.localAddress();
        });
  }
}
