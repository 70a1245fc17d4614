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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * cluster status: members by zone, reachability and shard counts, from a node's management port.
 */
final class ClusterCommands {
  private ClusterCommands() {}

  @Command(
      name = "cluster",
      description = "The installation's cluster (operators).",
      subcommands = {Cluster.Status.class})
  static final class Cluster {
    @ParentCommand KmsCli cli;

    @Command(
        name = "status",
        description =
            "Members by zone with status, reachability, and the key shards and "
                + "keys in memory on each member.")
    static final class Status implements Callable<Integer> {
      @ParentCommand Cluster cluster;
      @Spec CommandSpec spec;

      @Option(
          names = "--management",
          description =
              "A node's Pekko Management URL (default: $KMS_MANAGEMENT_ENDPOINT "
                  + "or http://127.0.0.1:8558).")
      String management =
          System.getenv().getOrDefault("KMS_MANAGEMENT_ENDPOINT", "http://127.0.0.1:8558");

      @Override
      public Integer call() {
        JsonNode status = fetch(URI.create(management.replaceAll("/+$", "") + "/kms/cluster"));
        Output output = cluster.cli.output(spec.commandLine().getOut());
        if (cluster.cli.isJson()) {
          output.json(status);
          return 0;
        }
        List<List<Object>> rows = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (JsonNode zone : status.path("zones")) {
          String name = zone.path("zone").asText();
          if (zone.path("members").isEmpty()) {
            rows.add(List.of(name, "(no members)", "-", "-", "-", "-"));
          }
          for (JsonNode member : zone.path("members")) {
            JsonNode keys = member.path("shards").path("Key");
            rows.add(
                List.of(
                    name,
                    member.path("node").asText(),
                    member.path("status").asText(),
                    member.path("reachable").asBoolean() ? "yes" : "NO",
                    keys.isMissingNode() ? "?" : keys.path("shards").asInt(),
                    keys.isMissingNode() ? "?" : keys.path("entities").asInt()));
          }
          zone.path("shardStatsErrors")
              .fields()
              .forEachRemaining(
                  (Map.Entry<String, JsonNode> e) ->
                      notes.add(
                          name
                              + ": "
                              + e.getKey()
                              + " shard counts unknown: "
                              + e.getValue().asText()));
        }
        output.table(
            List.of("Zone", "Node", "Status", "Reachable", "KeyShards", "KeysInMemory"), rows);
        var out = spec.commandLine().getOut();
        out.println(
            "Seen from "
                + status.path("selfNode").asText()
                + " (zone "
                + status.path("selfZone").asText()
                + ")");
        notes.forEach(out::println);
        out.flush();
        return 0;
      }

      private static JsonNode fetch(URI uri) {
        try {
          HttpResponse<String> response =
              HttpClient.newBuilder()
                  .connectTimeout(Duration.ofSeconds(5))
                  .build()
                  .send(
                      HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(15)).GET().build(),
                      HttpResponse.BodyHandlers.ofString());
          if (response.statusCode() != 200) {
            throw new IllegalStateException(
                uri
                    + " answered "
                    + response.statusCode()
                    + "; is it a Verenc node's management port (KMS_MANAGEMENT_PORT)?");
          }
          return new ObjectMapper().readTree(response.body());
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
      }
    }
  }
}
