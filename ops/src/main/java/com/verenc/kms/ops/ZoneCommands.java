package com.verenc.kms.ops;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** zone list and zone retire: the installation's zones, through a node's management port. */
final class ZoneCommands {
  /** Two passes over every multi-zone key of every zone, each up to the node's 10 minutes. */
  private static final Duration RETIRE_TIMEOUT = Duration.ofMinutes(21);

  private ZoneCommands() {}

  @Command(
      name = "zone",
      description = "The installation's zones (operators).",
      subcommands = {Zone.ListZones.class, Zone.Retire.class})
  static final class Zone {
    @ParentCommand KmsCli cli;

    @Command(name = "list", description = "The zones configured (KMS_ZONES) and those retired.")
    static final class ListZones implements Callable<Integer> {
      @ParentCommand Zone zone;
      @Spec CommandSpec spec;
      @Mixin ManagementOption management;

      @Override
      public Integer call() {
        JsonNode zones = management.get("/kms/zones");
        Output output = zone.cli.output(spec.commandLine().getOut());
        if (zone.cli.isJson()) {
          output.json(zones);
          return 0;
        }
        List<List<Object>> rows = new ArrayList<>();
        zones.path("zones").forEach(z -> rows.add(List.of(z.asText(), "configured")));
        zones.path("retired").forEach(z -> rows.add(List.of(z.asText(), "retired")));
        output.table(List.of("Zone", "State"), rows);
        return 0;
      }
    }

    @Command(
        name = "retire",
        description =
            "Leaves a zone whose nodes are gone for good out of every key's replica set: no "
                + "replication goes there any more and DescribeKey no longer lists it. Refused "
                + "while any key has its primary there, while the zone has running nodes, or "
                + "when another zone does not answer. Every node records it in its zone "
                + "database. Safe to run again.")
    static final class Retire implements Callable<Integer> {
      @ParentCommand Zone zone;
      @Spec CommandSpec spec;
      @Mixin ManagementOption management;

      @Parameters(paramLabel = "ZONE", description = "The zone to retire, e.g. at-vie-1.")
      String name;

      @Override
      public Integer call() {
        JsonNode outcome = management.post("/kms/zones/" + name + "/retire", RETIRE_TIMEOUT);
        Output output = zone.cli.output(spec.commandLine().getOut());
        if (zone.cli.isJson()) {
          output.json(outcome);
          return 0;
        }
        List<List<Object>> rows = new ArrayList<>();
        for (JsonNode findings : outcome.path("zones")) {
          rows.add(
              List.of(
                  findings.path("zone").asText(),
                  findings.path("keys").asInt(),
                  findings.path("removed").asInt()));
        }
        output.table(List.of("Zone", "MultiZoneKeys", "LeftOut"), rows);
        var out = spec.commandLine().getOut();
        out.println(outcome.path("message").asText());
        out.flush();
        return 0;
      }
    }
  }
}
