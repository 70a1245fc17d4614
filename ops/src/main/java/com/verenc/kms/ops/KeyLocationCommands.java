package com.verenc.kms.ops;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.MultiRegionConfiguration;

/** key locate KEY: the zone, node and shard of a key's entity, for operators. */
final class KeyLocationCommands {
  private KeyLocationCommands() {}

  @Command(
      name = "key",
      description = "Where a key lives (operators).",
      subcommands = {Key.Locate.class})
  static final class Key {
    @ParentCommand KmsCli cli;

    @Command(
        name = "locate",
        description =
            "The node and shard holding a key (id, ARN or alias) in the zone asked and, for a "
                + "multi-zone key, in its primary's and replicas' zones; whether it is in memory.")
    static final class Locate implements Callable<Integer> {
      @ParentCommand Key parent;
      @Spec CommandSpec spec;
      @Mixin ManagementOption management;

      @Parameters(paramLabel = "KEY")
      String key;

      @Override
      public Integer call() {
        // DescribeKey checks the key exists for this account and resolves aliases and ARNs.
        KeyMetadata metadata = parent.cli.client().describeKey(r -> r.keyId(key)).keyMetadata();
        MultiRegionConfiguration config = metadata.multiRegionConfiguration();
        Set<String> zones = new LinkedHashSet<>();
        zones.add(zoneOf(metadata.arn()));
        if (config != null) {
          zones.add(config.primaryKey().region());
          config.replicaKeys().forEach(r -> zones.add(r.region()));
        }
        List<List<Object>> rows = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (String zone : zones) {
          JsonNode location =
              management.get(
                  "/kms/keys/"
                      + metadata.keyId()
                      + "/location?zone="
                      + URLEncoder.encode(zone, StandardCharsets.UTF_8));
          rows.add(
              List.of(
                  zone,
                  role(config, zone),
                  node(location),
                  location.path("shard").asText(),
                  inMemory(location)));
          if (location.hasNonNull("error")) {
            notes.add(zone + ": " + location.path("error").asText());
          }
        }
        Output output = parent.cli.output(spec.commandLine().getOut());
        output.table(List.of("Zone", "Role", "Node", "Shard", "InMemory"), rows);
        if (!parent.cli.isJson()) {
          notes.forEach(spec.commandLine().getOut()::println);
          spec.commandLine().getOut().flush();
        }
        return 0;
      }

      /** The zone an ARN names: arn:aws:kms:ZONE:ACCOUNT:key/ID. */
      private static String zoneOf(String arn) {
        return arn.split(":")[3];
      }

      private static String role(MultiRegionConfiguration config, String zone) {
        if (config == null) {
          return "-";
        }
        return zone.equals(config.primaryKey().region()) ? "PRIMARY" : "REPLICA";
      }

      private static String node(JsonNode location) {
        if (location.hasNonNull("node")) {
          return location.path("node").asText();
        }
        // No member hosts the shard yet: the zone places it on the key's next request.
        return location.hasNonNull("error") ? "?" : "(none yet)";
      }

      private static String inMemory(JsonNode location) {
        JsonNode value = location.path("inMemory");
        return value.isBoolean() ? (value.asBoolean() ? "yes" : "no") : "?";
      }
    }
  }
}
