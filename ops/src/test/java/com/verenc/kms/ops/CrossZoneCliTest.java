package com.verenc.kms.ops;

import static com.verenc.kms.ops.CliNode.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.verenc.kms.ops.CliNode.Run;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;
import java.util.stream.StreamSupport;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI with two zones, one node each in one cluster: what it says when a key is asked in a zone
 * where it is a replica or does not exist, where `key locate` finds a multi-zone key, and the
 * replication status and resyncs through the management port.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CrossZoneCliTest {
  CliNode gva;
  CliNode fra;

  @BeforeAll
  void start(@TempDir Path dir) {
    String masterKey = dir.resolve("master.key").toString();
    gva = CliNode.start(dir.resolve("gva"), "ch-gva-2", "", masterKey);
    fra = CliNode.start(dir.resolve("fra"), "de-fra-1", gva.seed(), masterKey);
    await(
        "both nodes Up in one cluster",
        () ->
            StreamSupport.stream(
                        Cluster.get(fra.node.system()).state().getMembers().spliterator(), false)
                    .filter(m -> m.status() == MemberStatus.up())
                    .count()
                == 2);
  }

  @AfterAll
  void stop() {
    if (fra != null) {
      fra.close();
    }
    if (gva != null) {
      gva.close();
    }
  }

  /** A multi-zone key of ch-gva-2, replicated to de-fra-1 and enabled there. */
  private String replicatedKey() throws Exception {
    String key = gva.newKey("--multi-zone");
    assertEquals(0, gva.kms("replicate", key, "--replica-zone", "de-fra-1").exit());
    await(
        "the replica enabled in de-fra-1",
        () -> fra.kms("describe", key).out().matches("(?s).*KeyState\\s+Enabled.*"));
    return key;
  }

  @Test
  void replicationStatusInAReplicaZoneSaysToAskThePrimarysZone() throws Exception {
    String key = replicatedKey();

    Run status = fra.kms("replication", "status", key);

    assertEquals(KmsCli.REFUSED, status.exit(), status.out());
    assertEquals("", status.out());
    assertTrue(
        status.err().contains(key + " is a replica in zone de-fra-1, which holds shared-state"),
        status.err());
    assertTrue(
        status
            .err()
            .contains("ask zone ch-gva-2 (--zone ch-gva-2 --endpoint <a node of ch-gva-2>)"),
        status.err());
    assertEquals(0, gva.kms("replication", "status", key).exit(), "the primary's zone answers");
  }

  @Test
  void replicationStatusShowsTheVersionEachReplicaZoneHoldsFromTheManagementPort()
      throws Exception {
    String key = replicatedKey();

    JsonNode rows =
        json(
            gva.kms(
                "--output",
                "json",
                "replication",
                "status",
                key,
                "--management",
                gva.management()));

    assertEquals(1, rows.size(), rows.toString());
    JsonNode fraRow = rows.get(0);
    assertEquals("de-fra-1", fraRow.get("Zone").asText());
    assertEquals(fraRow.get("PrimaryVersion").asInt(), fraRow.get("HeldVersion").asInt());
    assertEquals(0, fraRow.get("Behind").asInt());

    Run unreachable = gva.kms("replication", "status", key, "--management", "http://127.0.0.1:1");
    assertEquals(0, unreachable.exit(), "the versions the primary keeps still show");
    assertTrue(
        unreachable
            .out()
            .lines()
            .anyMatch(l -> l.matches("de-fra-1\\s+\\d+\\s+\\d+\\s+\\?\\s+\\d+")),
        unreachable.out());
    assertTrue(
        unreachable.out().contains("HeldVersion unknown: cannot reach the management endpoint"),
        unreachable.out());
  }

  @Test
  void replicationResyncOfAKeyOrOfAZoneGoesThroughTheManagementPort() throws Exception {
    String key = replicatedKey();

    Run ofKey = fra.kms("replication", "resync", key, "--management", fra.management());
    assertEquals(0, ofKey.exit(), ofKey.err());
    assertTrue(
        ofKey.out().lines().anyMatch(l -> l.matches("de-fra-1\\s+ch-gva-2\\s+\\d+\\s+\\d+")),
        ofKey.out());
    assertTrue(ofKey.out().contains("Pushing version"), ofKey.out());

    JsonNode ofZone =
        json(
            gva.kms(
                "--output",
                "json",
                "replication",
                "resync",
                "--replica-zone",
                "de-fra-1",
                "--management",
                gva.management()));
    assertEquals("ch-gva-2", ofZone.get(0).get("Zone").asText());
    assertEquals("de-fra-1", ofZone.get(0).get("ComparesWith").asText());

    Run unknownZone =
        gva.kms(
            "replication",
            "resync",
            "--replica-zone",
            "at-vie-1",
            "--management",
            gva.management());
    assertEquals(KmsCli.REFUSED, unknownZone.exit());
    assertTrue(unknownZone.err().startsWith("kms: unknown zone 'at-vie-1'"), unknownZone.err());
    Run notReplicated =
        gva.kms(
            "replication",
            "resync",
            key,
            "--replica-zone",
            "ch-gva-2",
            "--management",
            gva.management());
    assertEquals(KmsCli.REFUSED, notReplicated.exit());
    assertTrue(
        notReplicated.err().contains("has no replica in zone ch-gva-2"), notReplicated.err());
    Run nothing = gva.kms("replication", "resync");
    assertEquals(2, nothing.exit(), "a usage error");
    assertTrue(
        nothing.err().contains("give KEY (resync one key), --replica-zone ZONE"), nothing.err());
  }

  @Test
  void aKeyAskedInAnotherZoneIsNotFoundWithAHintWhereToAsk() throws Exception {
    JsonNode single = json(gva.kms("--output", "json", "create-key"));

    Run byId = fra.kms("describe", single.get("KeyId").asText());
    assertEquals(KmsCli.REFUSED, byId.exit());
    assertTrue(byId.err().startsWith("kms: NotFoundException:"), byId.err());
    assertTrue(
        byId.err().contains("keys and aliases exist per zone, and zone de-fra-1 was asked"),
        byId.err());
    assertTrue(byId.err().contains("--zone ZONE --endpoint <a node of ZONE>"), byId.err());

    Run byArn = fra.kms("describe", single.get("Arn").asText());
    assertEquals(KmsCli.REFUSED, byArn.exit());
    assertTrue(
        byArn.err().contains("the ARN names zone ch-gva-2 but zone de-fra-1 was asked"),
        byArn.err());
    assertTrue(byArn.err().contains("--zone ch-gva-2 --endpoint <a node of ch-gva-2>"));
  }

  @Test
  void keyLocateNamesTheNodeAndShardInEveryZoneOfAMultiZoneKey() throws Exception {
    String key = replicatedKey();

    JsonNode rows =
        json(fra.kms("--output", "json", "key", "locate", key, "--management", gva.management()));

    assertEquals(2, rows.size(), rows.toString());
    JsonNode here = rows.get(0);
    JsonNode primary = rows.get(1);
    assertEquals("de-fra-1", here.get("Zone").asText());
    assertEquals("REPLICA", here.get("Role").asText());
    assertEquals(fra.seed(), here.get("Node").asText().replaceAll("^pekko://[^@]+@", ""));
    assertEquals("ch-gva-2", primary.get("Zone").asText());
    assertEquals("PRIMARY", primary.get("Role").asText());
    assertEquals(gva.seed(), primary.get("Node").asText().replaceAll("^pekko://[^@]+@", ""));
    assertEquals(here.get("Shard").asText(), primary.get("Shard").asText(), "same id, same shard");
    assertEquals("yes", here.get("InMemory").asText());
  }

  private static void await(String what, BooleanSupplier condition) {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
    while (!condition.getAsBoolean()) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("not within 60 s: " + what);
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}
