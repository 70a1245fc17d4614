package com.verenc.kms.ops;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Predicate;

/** One node's management port as an operator reads it: kms cluster status, /ready, /metrics. */
final class ClusterProbe {
  /**
   * Node options for these scenarios: small heaps, and the membership check every second so a split
   * shows within seconds.
   */
  static final Map<String, String> NODE_OPTIONS =
      Map.of(
          "KMS_JAVA_OPTS",
          "-Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1"
              + " -Dkms.cluster.membership-check-interval=1s");

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final int port;

  ClusterProbe(int port) {
    this.port = port;
  }

  String url() {
    return "http://127.0.0.1:" + port;
  }

  CliNode.Run status() {
    return CliNode.run(new byte[0], "cluster", "status", "--management", url());
  }

  /** Waits up to two minutes for a cluster status run that passes {@code test}. */
  CliNode.Run awaitStatus(String what, Predicate<CliNode.Run> test) throws InterruptedException {
    Instant deadline = Instant.now().plusSeconds(120);
    CliNode.Run last = null;
    while (Instant.now().isBefore(deadline)) {
      last = status();
      if (test.test(last)) {
        return last;
      }
      Thread.sleep(500);
    }
    throw new AssertionError(
        "not within 120 s: " + what + "; last run: " + (last == null ? "none" : last));
  }

  /**
   * Waits until cluster status exits 0 and shows {@code members} members, every one Up and
   * reachable.
   */
  CliNode.Run awaitWhole(int members) throws InterruptedException {
    return awaitStatus(
        members + " members, all Up and reachable, and no problem",
        run ->
            run.exit() == 0
                && run.out()
                        .lines()
                        .filter(l -> l.matches("\\S+\\s+pekko://\\S+\\s+Up\\s+yes.*"))
                        .count()
                    == members
                && run.out()
                        .lines()
                        .filter(l -> l.contains("pekko://") && !l.startsWith("Seen"))
                        .count()
                    == members);
  }

  int status(String path) throws IOException, InterruptedException {
    return get(path).statusCode();
  }

  String metrics() throws IOException, InterruptedException {
    return get("/metrics").body();
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(url() + path)).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
