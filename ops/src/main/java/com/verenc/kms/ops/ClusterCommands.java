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
                + "keys in memory on each member.")
    static final class Status implements Callable<Integer> {
      @ParentCommand Cluster cluster;
      @Spec CommandSpec spec;

      @Mixin ManagementOption management;

      @Override
      public Integer call() {
        JsonNode status = management.get("/kms/cluster");
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
    }
  }
}
