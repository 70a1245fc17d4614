package com.verenc.kms.node.health;

import static com.verenc.kms.node.testkit.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.verenc.kms.node.testkit.TestDatabase;
import com.verenc.kms.node.testkit.TestNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pekko Management on KMS_MANAGEMENT_PORT: liveness, readiness (member Up, database answering),
 * members, and Prometheus metrics.
 */
class HealthEndpointsTest {
  @TempDir Path dir;

  private static HttpResponse<String> get(int port, String path) {
    try {
      return HttpClient.newHttpClient()
          .send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
              HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Test
  void aliveReadyAndMembersAnswerOnTheManagementPort() {
    try (TestNode node = TestNode.start(TestDatabase.h2(dir), Map.of("kms.management.port", 0))) {
      int port = node.node().managementPort().orElseThrow();
      assertEquals(200, get(port, "/alive").statusCode());
      eventually("ready", () -> get(port, "/ready").statusCode() == 200);
      HttpResponse<String> members = get(port, "/cluster/members");
      assertEquals(200, members.statusCode());
      assertTrue(members.body().contains("dc-" + TestNode.ZONE), members.body());

      try (var kms = node.client()) {
        kms.createKey(b -> b.description("counted"));
        assertThrows(
            software.amazon.awssdk.services.kms.model.NotFoundException.class,
            () -> kms.describeKey(b -> b.keyId("alias/none")));
      }
      String metrics = get(port, "/metrics").body();
      assertTrue(
          metrics.contains("kms_requests_seconds_count{operation=\"CreateKey\",outcome=\"ok\"} 1"),
          metrics);
      assertTrue(metrics.contains("outcome=\"NotFoundException\""), metrics);
      assertTrue(
          metrics.contains("kms_keys{zone=\"" + TestNode.ZONE + "\"} 2"),
          "the key and the default key");
      assertTrue(
          metrics.contains("kms_replication_pending_keys{zone=\"" + TestNode.ZONE + "\"} 0"));
      assertTrue(metrics.contains("jvm_memory_used_bytes"));
    }
  }

  @Test
  void managementIsOffUnlessAPortIsGiven() {
    try (TestNode node = TestNode.start(TestDatabase.h2(dir))) {
      assertTrue(node.node().managementPort().isEmpty());
    }
  }
}
