package com.verenc.kms.node.reliability.process;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a node process's Pekko Management endpoints (/ready, /cluster/members, /cluster/shards).
 */
public final class ManagementProbe {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private static final ObjectMapper JSON = new ObjectMapper();

  private ManagementProbe() {}

  public static HttpResponse<String> get(NodeProcess node, String path) throws IOException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.managementPort() + path))
            .timeout(Duration.ofSeconds(5))
            .GET()
            .build();
    try {
      return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  public static boolean ready(NodeProcess node) {
    try {
      return get(node, "/ready").statusCode() == 200;
    } catch (IOException e) {
      return false;
    }
  }

  public static JsonNode json(NodeProcess node, String path) throws IOException {
    HttpResponse<String> response = get(node, path);
    if (response.statusCode() != 200) {
      throw new IOException(path + " answered " + response.statusCode() + ": " + response.body());
    }
    return JSON.readTree(response.body());
  }

  /**
   * The cluster members {@code node} knows, as "address status" strings, e.g.
   * "pekko://verenc-kms@127.0.0.1:4711 Up".
   */
  public static List<String> members(NodeProcess node) throws IOException {
    List<String> members = new ArrayList<>();
    for (JsonNode member : json(node, "/cluster/members").path("members")) {
      members.add(member.path("node").asText() + " " + member.path("status").asText());
    }
    return members;
  }

  /** Addresses {@code node} currently considers unreachable. */
  public static List<String> unreachable(NodeProcess node) throws IOException {
    List<String> unreachable = new ArrayList<>();
    for (JsonNode entry : json(node, "/cluster/members").path("unreachable")) {
      unreachable.add(entry.path("node").asText());
    }
    return unreachable;
  }

  /** Ids of the key shards hosted by {@code node} (Pekko Management /cluster/shards/Key). */
  public static List<String> keyShards(NodeProcess node) throws IOException {
    List<String> shards = new ArrayList<>();
    for (JsonNode region : json(node, "/cluster/shards/Key").path("regions")) {
      shards.add(region.path("shardId").asText());
    }
    return shards;
  }
}
