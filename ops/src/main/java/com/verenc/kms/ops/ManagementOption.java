package com.verenc.kms.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * --management: a node's Pekko Management port, which the operator commands (cluster status, key
 * locate, replication status and resync) use beside or instead of the KMS API.
 */
final class ManagementOption {
  @Option(
      names = "--management",
      paramLabel = "URL",
      description =
          "A node's Pekko Management URL (default: $KMS_MANAGEMENT_ENDPOINT "
              + "or http://127.0.0.1:8558).")
  String url = System.getenv().getOrDefault("KMS_MANAGEMENT_ENDPOINT", "http://127.0.0.1:8558");

  /** GET of a path under the management URL, as JSON; errors say what to check. */
  JsonNode get(String path) {
    return send(path, HttpRequest.newBuilder().GET(), Duration.ofSeconds(15));
  }

  /**
   * POST (no body) to a path under the management URL, waiting up to {@code timeout}, as JSON; the
   * node's refusals become exceptions with its message.
   */
  JsonNode post(String path, Duration timeout) {
    return send(path, HttpRequest.newBuilder().POST(HttpRequest.BodyPublishers.noBody()), timeout);
  }

  /** POST (no body) to a path under the management URL, as JSON, waiting up to 15 seconds. */
  JsonNode post(String path) {
    return post(path, Duration.ofSeconds(15));
  }

  private JsonNode send(String path, HttpRequest.Builder request, Duration timeout) {
    URI uri = URI.create(url.replaceAll("/+$", "") + path);
    HttpResponse<String> response;
    try {
      response =
          HttpClient.newBuilder()
              .connectTimeout(Duration.ofSeconds(5))
              .build()
              .send(
                  request.uri(uri).timeout(timeout).build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot reach the management endpoint "
              + uri
              + " ("
              + e.getClass().getSimpleName()
              + "); give a node's KMS_MANAGEMENT_PORT with --management",
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
    JsonNode body = json(response.body());
    if (response.statusCode() == 200 && body != null) {
      return body;
    }
    // The node's own refusals carry just a message; a KMS API error (a __type too) means the URL
    // is the API's, not the management port.
    if (body != null && body.hasNonNull("message") && !body.has("__type")) {
      throw new IllegalArgumentException(body.path("message").asText());
    }
    throw new IllegalStateException(
        uri
            + " answered "
            + response.statusCode()
            + "; is it a Verenc node's management port (KMS_MANAGEMENT_PORT)?");
  }

  private static JsonNode json(String text) {
    try {
      return new ObjectMapper().readTree(text);
    } catch (IOException notJson) {
      return null;
    }
  }
}
