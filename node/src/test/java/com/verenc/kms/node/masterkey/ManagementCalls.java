package com.verenc.kms.node.masterkey;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The master key routes of a node's management port, as JSON. */
final class ManagementCalls {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private static final ObjectMapper JSON = new ObjectMapper();

  private final int port;

  ManagementCalls(int port) {
    this.port = port;
  }

  /** A status answer: its code and body. */
  record Answer(int status, JsonNode body) {}

  JsonNode status() {
    return ok(send("GET", "/kms/master-key"));
  }

  JsonNode secrets() {
    return ok(send("GET", "/kms/master-key/secrets"));
  }

  Answer rotate() {
    return send("POST", "/kms/master-key/rotation");
  }

  private static JsonNode ok(Answer answer) {
    if (answer.status() != 200) {
      throw new IllegalStateException("answered " + answer.status() + ": " + answer.body());
    }
    return answer.body();
  }

  private Answer send(String method, String path) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(15))
            .method(method, HttpRequest.BodyPublishers.noBody())
            .build();
    try {
      HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
      return new Answer(response.statusCode(), JSON.readTree(response.body()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
