package com.verenc.kms.ops;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
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
                + "keys in memory on each member; then any split (a node answering from another "
                + "cluster) and any member configured with other zones, which exit with 4.")
    static final class Status implements Callable<Integer> {
      @ParentCommand Cluster cluster;
      @Spec CommandSpec spec;

      @Mixin ManagementOption management;

      @Override
      public Integer call() {
        JsonNode status = management.get("/kms/cluster");
        Output output = cluster.cli.output(spec.commandLine().getOut());
        List<String> problems = problems(status.path("formation"));
        if (cluster.cli.isJson()) {
          output.json(status);
          return problems.isEmpty() ? 0 : KmsCli.CLUSTER_PROBLEM;
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
        problems.forEach(out::println);
        out.flush();
        return problems.isEmpty() ? 0 : KmsCli.CLUSTER_PROBLEM;
      }

      /** The splits and zone-settings mismatches the node found, one line each. */
      private static List<String> problems(JsonNode formation) {
        List<String> lines = new ArrayList<>();
        if (formation.path("outsideItsCluster").asBoolean()) {
          lines.add(
              "OUTSIDE: this node is not in the installation's cluster (its /ready is false); "
                  + "restart it with KMS_SEED_NODES naming running nodes of the installation");
        }
        for (JsonNode split : formation.path("splits")) {
          lines.add(
              "SPLIT: "
                  + split.path("node").asText()
                  + " (zone "
                  + split.path("zone").asText()
                  + ") is in another cluster, of "
                  + split.path("members")
                  + (split.path("thisNodeIsOutside").asBoolean()
                      ? ", which has existed longer than this node's"
                      : "; this node's cluster has existed longer"));
        }
        for (JsonNode mismatch : formation.path("zoneMismatches")) {
          lines.add(
              "ZONES DIFFER: "
                  + mismatch.path("node").asText()
                  + " (zone "
                  + mismatch.path("zone").asText()
                  + ") has KMS_ZONES "
                  + zoneSettings(mismatch.path("zoneSettings"))
                  + ", this node "
                  + zoneSettings(formation.path("zoneSettings"))
                  + "; give every node the same KMS_ZONES");
        }
        return lines;
      }

      private static String zoneSettings(JsonNode settings) {
        List<String> zones = new ArrayList<>();
        settings.path("zones").forEach(z -> zones.add(z.asText()));
        return String.join(",", zones)
            + " (platform primary zone "
            + settings.path("platformPrimaryZone").asText()
            + ")";
      }
    }
  }
}
