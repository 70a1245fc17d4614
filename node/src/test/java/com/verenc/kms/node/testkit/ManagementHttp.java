package com.verenc.kms.node.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Requests to a node's management port on loopback, as an operator's tools make them. */
public final class ManagementHttp {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private ManagementHttp() {}

  public static HttpResponse<String> get(int port, String path) {
    return send(port, path, HttpRequest.newBuilder().GET());
  }

  public static HttpResponse<String> post(int port, String path) {
    return send(port, path, HttpRequest.newBuilder().POST(HttpRequest.BodyPublishers.noBody()));
  }

  /** The body of a GET that must answer 200. */
  public static String body(int port, String path) {
    HttpResponse<String> response = get(port, path);
    if (response.statusCode() != 200) {
      throw new AssertionError(
          path + " answered " + response.statusCode() + ": " + response.body());
    }
    return response.body();
  }

  public static JsonNode json(String body) {
    try {
      return new ObjectMapper().readTree(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static HttpResponse<String> send(int port, String path, HttpRequest.Builder request) {
    try {
      return HTTP.send(
          request.uri(URI.create("http://127.0.0.1:" + port + path)).build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
