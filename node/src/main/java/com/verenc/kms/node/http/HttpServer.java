package com.verenc.kms.node.http;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.Http;

/** Binds the TrentService endpoint and unbinds it, draining requests, on coordinated shutdown. */
public final class HttpServer {
  private HttpServer() {}

  public static CompletionStage<InetSocketAddress> start(
      ActorSystem<?> system, String host, int port, KmsHttpHandler handler) {
    return Http.get(system).newServerAt(host, port).bind(handler::apply)
        .thenApply(binding -> {
          binding.addToCoordinatedShutdown(Duration.ofSeconds(10), system);
          system.log().info("Verenc KMS listening on http://{}:{}", binding.localAddress().getHostString(),
              binding.localAddress().getPort());
          return binding.localAddress();
        });
  }
}
