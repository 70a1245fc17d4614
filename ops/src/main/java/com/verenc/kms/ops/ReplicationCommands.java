package com.verenc.kms.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * replicate KEY --replica-zone Z (the seed's CLI "replicate" command) and replication status KEY.
 */
final class ReplicationCommands {
  private ReplicationCommands() {}

  @Command(name = "replicate", description = "Replicate a multi-zone primary key to another zone.")
  static final class Replicate implements Callable<Integer> {
    @ParentCommand KmsCli cli;
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "KEY")
    String key;

    // Not --zone: that global option says which zone's node to ask, before or after the subcommand.
    @Option(names = "--replica-zone", required = true, description = "Zone that gets the replica.")
    String target;

    @Override
    public Integer call() {
      var replica =
          cli.client().replicateKey(r -> r.keyId(key).replicaRegion(target)).replicaKeyMetadata();
      var fields = KeyCommands.fields(replica);
      fields.put("ReplicaZone", target);
      cli.output(spec.commandLine().getOut()).record(fields);
      return 0;
    }
  }

  @Command(
      name = "replication",
      description = "Replication of multi-zone keys.",
      subcommands = {Replication.Status.class})
  static final class Replication {
    @ParentCommand KmsCli cli;

    @Command(
        name = "status",
        description =
            "Per replica zone: the shared-state version it has acknowledged "
                + "(ask the primary's zone).")
    static final class Status implements Callable<Integer> {
      @ParentCommand Replication replication;
      @Spec CommandSpec spec;

      @Parameters(paramLabel = "KEY")
      String key;

      @Override
      public Integer call() {
        // The versions are Verenc extensions of DescribeKey that the SDK's model drops: read the
        // raw answer.
        JsonNode metadata =
            replication
                .cli
                .rawCall("DescribeKey", "{\"KeyId\":" + TextNode.valueOf(key) + "}")
                .path("KeyMetadata");
        JsonNode config = metadata.path("MultiRegionConfiguration");
        if (config.isMissingNode()) {
          throw new IllegalArgumentException(key + " is not a multi-zone key; it has no replicas");
        }
        int version = config.path("SharedStateVersion").asInt();
        if (config.path("MultiRegionKeyType").asText().equals("REPLICA")) {
          throw new IllegalStateException(replicaHere(metadata, config, version));
        }
        List<List<Object>> rows = new ArrayList<>();
        for (JsonNode replica : config.path("ReplicaKeys")) {
          boolean known = replica.has("AcknowledgedVersion");
          int acked = replica.path("AcknowledgedVersion").asInt();
          rows.add(
              List.of(
                  replica.path("Region").asText(),
                  version,
                  known ? acked : "-",
                  known ? version - acked : "-"));
        }
        replication
            .cli
            .output(spec.commandLine().getOut())
            .table(List.of("Zone", "PrimaryVersion", "AcknowledgedVersion", "Behind"), rows);
        return 0;
      }

      /**
       * A replica knows only its own version; what every replica acknowledged is kept by the
       * primary, so the answer is to ask the primary's zone.
       */
      private String replicaHere(JsonNode metadata, JsonNode config, int version) {
        String here = metadata.path("Arn").asText().split(":")[3];
        String primary = config.path("PrimaryKey").path("Region").asText("");
        return key
            + " is a replica in zone "
            + here
            + ", which holds shared-state version "
            + version
            + "; what each replica acknowledged is tracked by the primary: ask "
            + (primary.isEmpty()
                ? "the primary key's zone"
                : "zone "
                    + primary
                    + " (--zone "
                    + primary
                    + " --endpoint <a node of "
                    + primary
                    + ">)");
      }
    }
  }
}
