package com.verenc.kms.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KmsException;
import software.amazon.awssdk.services.kms.model.MultiRegionKey;
import software.amazon.awssdk.services.kms.model.MultiRegionKeyType;

/**
 * `kms zone retire` against real node processes of three zones (each its own local-cluster --only):
 * refused, with the key that keeps it, while a key has its primary in the stopped zone; once that
 * primary has moved, the zone leaves every key's replica set, stays retired across a restart and
 * takes no replica again.
 */
class ZoneRetireCliTest {
  private static final String ZONES = "ch-gva-2,de-fra-1,at-vie-1";
  private static final String GVA = "ch-gva-2";
  private static final String FRA = "de-fra-1";
  private static final String VIE = "at-vie-1";

  @TempDir Path dir;
  private LocalClusterScript.Ports ports;

  @Test
  @Timeout(900)
  void retireIsRefusedWhileAPrimaryLivesThereAndEffectiveAfterItMoved() throws Exception {
    ports = LocalClusterScript.Ports.free(3);
    int management = ports.management();
    String gvaManagement = "http://127.0.0.1:" + management;
    try (LocalClusterScript gvaNode = start("0");
        KmsClient gva = client(0, GVA)) {
      gvaNode.awaitOutput("local-cluster: 1 node(s) up", 180);
      LocalClusterScript fraNode = start("1");
      LocalClusterScript vieNode = start("2");
      try {
        fraNode.awaitOutput("local-cluster: 1 node(s) up", 180);
        vieNode.awaitOutput("local-cluster: 1 node(s) up", 180);
        new ClusterProbe(management).awaitWhole(3);
        String everywhere = replicated(gva, FRA, VIE);
        String fromVie;
        try (KmsClient vie = client(2, VIE)) {
          fromVie = replicated(vie, GVA);
        }
        await(
            "the replicas exist",
            () -> exists(gva, fromVie) && replicaZones(gva, everywhere).size() == 2);
        vieNode.close();

        CliNode.Run refused = retire(gvaManagement);
        assertEquals(KmsCli.REFUSED, refused.exit(), refused.toString());
        assertTrue(
            refused
                .err()
                .contains(
                    "kms: at-vie-1 cannot be retired: 1 key has its primary there, e.g. "
                        + fromVie
                        + " (its replica in ch-gva-2)."),
            refused.err());

        vieNode = start("2");
        vieNode.awaitOutput("local-cluster: 1 node(s) up", 180);
        try (KmsClient vie = client(2, VIE)) {
          await(
              "at-vie-1 serves again",
              () -> {
                try {
                  vie.updatePrimaryRegion(r -> r.keyId(fromVie).primaryRegion(GVA));
                  return true;
                } catch (KmsException notYet) {
                  return false;
                }
              });
        }
        await("ch-gva-2 holds the primary", () -> primary(gva, fromVie));
        vieNode.close();

        CliNode.Run retired = retire(gvaManagement);
        assertEquals(0, retired.exit(), retired.toString());
        assertTrue(
            retired.out().contains("zone at-vie-1 retired: left out of the replica sets of "),
            retired.out());
        assertEquals(List.of(FRA), replicaZones(gva, everywhere));
        assertEquals(List.of(), replicaZones(gva, fromVie));
        KmsException again =
            assertThrows(
                KmsException.class,
                () -> gva.replicateKey(r -> r.keyId(everywhere).replicaRegion(VIE)));
        assertTrue(again.getMessage().contains("was retired"), again.getMessage());

        // de-fra-1's node restarts: it reads the retirement from its zone database.
        fraNode.close();
        fraNode = start("1");
        fraNode.awaitOutput("local-cluster: 1 node(s) up", 180);
        CliNode.Run list =
            CliNode.run(
                new byte[0],
                "zone",
                "list",
                "--management",
                "http://127.0.0.1:" + (management + 1));
        assertEquals(0, list.exit(), list.toString());
        assertTrue(list.out().lines().anyMatch(l -> l.matches("at-vie-1\\s+retired")), list.out());
        try (KmsClient fra = client(1, FRA)) {
          await("de-fra-1 answers", () -> exists(fra, everywhere));
          assertEquals(List.of(FRA), replicaZones(fra, everywhere));
        }
      } finally {
        vieNode.close();
        fraNode.close();
      }
    }
  }

  private LocalClusterScript start(String only) throws Exception {
    return LocalClusterScript.start(dir, ZONES, ports, only, ClusterProbe.NODE_OPTIONS);
  }

  private static CliNode.Run retire(String management) {
    return CliNode.run(new byte[0], "zone", "retire", VIE, "--management", management);
  }

  private KmsClient client(int node, String zone) {
    return KmsClient.builder()
        .endpointOverride(URI.create("http://127.0.0.1:" + (ports.http() + node)))
        .region(Region.of(zone))
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        .build();
  }

  private static String replicated(KmsClient client, String... to) {
    String keyId = client.createKey(r -> r.multiRegion(true)).keyMetadata().keyId();
    for (String zone : to) {
      client.replicateKey(r -> r.keyId(keyId).replicaRegion(zone));
    }
    return keyId;
  }

  private static boolean exists(KmsClient client, String keyId) {
    try {
      client.describeKey(r -> r.keyId(keyId));
      return true;
    } catch (KmsException notYet) {
      return false;
    }
  }

  private static boolean primary(KmsClient client, String keyId) {
    return client
            .describeKey(r -> r.keyId(keyId))
            .keyMetadata()
            .multiRegionConfiguration()
            .multiRegionKeyType()
        == MultiRegionKeyType.PRIMARY;
  }

  private static List<String> replicaZones(KmsClient client, String keyId) {
    return client
        .describeKey(r -> r.keyId(keyId))
        .keyMetadata()
        .multiRegionConfiguration()
        .replicaKeys()
        .stream()
        .map(MultiRegionKey::region)
        .sorted()
        .toList();
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
    while (!condition.getAsBoolean()) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("not within 120 s: " + what);
      }
      Thread.sleep(500);
    }
  }
}
