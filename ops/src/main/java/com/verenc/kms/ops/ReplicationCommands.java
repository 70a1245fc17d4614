package com.verenc.kms.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.StreamSupport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * replicate KEY --replica-zone Z (the seed's CLI "replicate" command), replication status KEY and
 * replication resync [KEY] [--replica-zone Z].
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
      subcommands = {Replication.Status.class, Replication.Resync.class})
  static final class Replication {
    @ParentCommand KmsCli cli;

    /**
     * The key's metadata as DescribeKey answers it in the zone asked, raw: the versions are Verenc
     * extensions the SDK's model drops. Refuses a key that is not multi-zone.
     */
    JsonNode multiZoneKey(String key) {
      JsonNode metadata =
          cli.rawCall("DescribeKey", "{\"KeyId\":" + TextNode.valueOf(key) + "}")
              .path("KeyMetadata");
      if (metadata.path("MultiRegionConfiguration").isMissingNode()) {
        throw new IllegalArgumentException(key + " is not a multi-zone key; it has no replicas");
      }
      return metadata;
    }

    /** The zone an ARN names: arn:aws:kms:ZONE:ACCOUNT:key/ID. */
    static String zoneOf(JsonNode metadata) {
      return metadata.path("Arn").asText().split(":")[3];
    }

    @Command(
        name = "status",
        description =
            "Per replica zone: the shared-state version the primary recorded as acknowledged "
                + "and the version the zone holds now, from a node's management port (ask the "
                + "primary's zone).")
    static final class Status implements Callable<Integer> {
      @ParentCommand Replication replication;
      @Spec CommandSpec spec;
      @Mixin ManagementOption management;

      @Parameters(paramLabel = "KEY")
      String key;

      @Override
      public Integer call() {
        JsonNode metadata = replication.multiZoneKey(key);
        JsonNode config = metadata.path("MultiRegionConfiguration");
        int version = config.path("SharedStateVersion").asInt();
        if (config.path("MultiRegionKeyType").asText().equals("REPLICA")) {
          throw new IllegalStateException(replicaHere(metadata, config, version));
        }
        HeldVersions held = heldVersions(metadata);
        List<List<Object>> rows = new ArrayList<>();
        for (JsonNode replica : config.path("ReplicaKeys")) {
          String zone = replica.path("Region").asText();
          boolean known = replica.has("AcknowledgedVersion");
          int acked = replica.path("AcknowledgedVersion").asInt();
          Integer holds = held.byZone().get(zone);
          Object behind = holds != null ? version - holds : known ? version - acked : "-";
          rows.add(
              List.of(zone, version, known ? acked : "-", holds == null ? "?" : holds, behind));
        }
        var out = spec.commandLine().getOut();
        replication
            .cli
            .output(out)
            .table(
                List.of("Zone", "PrimaryVersion", "AcknowledgedVersion", "HeldVersion", "Behind"),
                rows);
        if (!replication.cli.isJson()) {
          held.notes().forEach(out::println);
          out.flush();
        }
        return 0;
      }

      /** What each replica zone answers it holds; unknown ones with why, when it is not them. */
      private record HeldVersions(Map<String, Integer> byZone, List<String> notes) {}

      private HeldVersions heldVersions(JsonNode metadata) {
        String path =
            "/kms/keys/"
                + metadata.path("KeyId").asText()
                + "/replication?zone="
                + URLEncoder.encode(zoneOf(metadata), StandardCharsets.UTF_8);
        JsonNode status;
        try {
          status = management.get(path);
        } catch (RuntimeException e) {
          return new HeldVersions(
              Map.of(),
              List.of(
                  "HeldVersion unknown: "
                      + e.getMessage()
                      + " (the operators' management port; give it with --management)"));
        }
        Map<String, Integer> byZone = new HashMap<>();
        List<String> notes = new ArrayList<>();
        for (JsonNode replica : status.path("replicas")) {
          if (replica.hasNonNull("heldVersion")) {
            byZone.put(replica.path("zone").asText(), replica.path("heldVersion").asInt());
          } else {
            notes.add(replica.path("zone").asText() + ": " + replica.path("error").asText());
          }
        }
        return new HeldVersions(byZone, notes);
      }

      /**
       * A replica knows only its own version; what every replica acknowledged is kept by the
       * primary, so the answer is to ask the primary's zone.
       */
      private String replicaHere(JsonNode metadata, JsonNode config, int version) {
        String primary = config.path("PrimaryKey").path("Region").asText("");
        return key
            + " is a replica in zone "
            + zoneOf(metadata)
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

    @Command(
        name = "resync",
        description =
            "Operators: KEY's primary pushes its shared state again to its replica zones (or "
                + "--replica-zone only), whatever they acknowledged; --replica-zone alone has "
                + "every other zone compare its primaries with that zone now and push to the "
                + "replicas that differ. Through a node's management port.")
    static final class Resync implements Callable<Integer> {
      @ParentCommand Replication replication;
      @Spec CommandSpec spec;
      @Mixin ManagementOption management;

      @Parameters(paramLabel = "KEY", arity = "0..1", description = "id, ARN or alias")
      String key;

      // Not --zone: that global option says which zone's node to ask.
      @Option(names = "--replica-zone", paramLabel = "ZONE", description = "Zone to resync.")
      String replicaZone;

      @Override
      public Integer call() {
        if (key == null && replicaZone == null) {
          throw new ParameterException(
              spec.commandLine(),
              "give KEY (resync one key), --replica-zone ZONE (resync a zone), or both");
        }
        var out = spec.commandLine().getOut();
        Output output = replication.cli.output(out);
        if (key == null) {
          JsonNode started =
              management.post(
                  "/kms/replication/resync?replica-zone="
                      + URLEncoder.encode(replicaZone, StandardCharsets.UTF_8));
          output.table(
              List.of("Zone", "ComparesWith"),
              StreamSupport.stream(started.path("comparingZones").spliterator(), false)
                  .map(zone -> List.<Object>of(zone.asText(), replicaZone))
                  .toList());
          note(
              out,
              "Replicas in "
                  + replicaZone
                  + " found holding another version than their primary are pushed to within "
                  + "seconds; kms_replication_pushes_in_flight{zone=\""
                  + replicaZone
                  + "\"} shows the pushes until acknowledged.");
          return 0;
        }
        JsonNode metadata = replication.multiZoneKey(key);
        String keyId = metadata.path("KeyId").asText();
        JsonNode started =
            management.post(
                "/kms/keys/"
                    + keyId
                    + "/replication/resync?zone="
                    + URLEncoder.encode(zoneOf(metadata), StandardCharsets.UTF_8)
                    + (replicaZone == null
                        ? ""
                        : "&replica-zone="
                            + URLEncoder.encode(replicaZone, StandardCharsets.UTF_8)));
        int version = started.path("primaryVersion").asInt();
        List<List<Object>> rows = new ArrayList<>();
        for (JsonNode zone : started.path("zones")) {
          rows.add(
              List.of(
                  zone.path("zone").asText(),
                  started.path("primaryZone").asText(),
                  version,
                  zone.path("acknowledgedVersion").asInt()));
        }
        output.table(List.of("Zone", "PrimaryZone", "PushedVersion", "AcknowledgedVersion"), rows);
        note(
            out,
            "Pushing version "
                + version
                + " from "
                + started.path("primaryZone").asText()
                + "; kms replication status "
                + key
                + " shows when each zone holds it.");
        return 0;
      }

      private void note(java.io.PrintWriter out, String text) {
        if (!replication.cli.isJson()) {
          out.println(text);
          out.flush();
        }
      }
    }
  }
}
