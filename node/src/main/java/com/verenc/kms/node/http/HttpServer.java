package com.verenc.kms.node.http;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.settings.ServerSettings;
import org.apache.pekko.stream.javadsl.Flow;

/** Binds the TrentService endpoint and unbinds it, draining requests, on coordinated shutdown. */
public final class HttpServer {
  private HttpServer() {}

  public static CompletionStage<InetSocketAddress> start(
      ActorSystem<?> system, String host, int port, KmsHttpHandler handler) {
    return Http.get(system).newServerAt(host, port).bindFlow(handlerFlow(system, handler))
        .thenApply(binding -> {
          binding.addToCoordinatedShutdown(Duration.ofSeconds(10), system);
          system.log().info("Verenc KMS listening on http://{}:{}", binding.localAddress().getHostString(),
              binding.localAddress().getPort());
          return binding.localAddress();
        });
  }

  /**
   * What {@code bind(handler)} builds, minus its hop: the Java {@code bind} maps every reply
   * onto the dispatcher (one more thread hand-over per request, ~10% of node CPU on Encrypt),
   * while mapAsync takes an already completed reply, as the crypto path's are, in place.
   */
  private static Flow<HttpRequest, HttpResponse, ?> handlerFlow(ActorSystem<?> system, KmsHttpHandler handler) {
    int pipelining = ServerSettings.create(system.settings().config()).getPipeliningLimit();
    return Flow.of(HttpRequest.class).mapAsync(pipelining, handler::apply);
  }
}
