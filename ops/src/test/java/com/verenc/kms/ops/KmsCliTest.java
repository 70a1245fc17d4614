package com.verenc.kms.ops;

import static com.verenc.kms.ops.CliNode.json;
import static com.verenc.kms.ops.CliNode.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.verenc.kms.node.KmsNode;
import com.verenc.kms.ops.CliNode.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kms CLI, run in-process against a real node: every command, its output and exit code (the
 * commands of HMAC, RSA and ECC keys: KeyTypesCliTest).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KmsCliTest {
  CliNode cli;
  KmsNode node;
  String endpoint;

  @BeforeAll
  void start(@TempDir Path dir) {
    cli = CliNode.start(dir);
    node = cli.node;
    endpoint = cli.endpoint;
  }

  @AfterAll
  void stop() {
    if (cli != null) {
      cli.close();
    }
  }

  private Run kms(byte[] stdin, String... args) {
    return cli.kms(stdin, args);
  }

  private Run kms(String... args) {
    return cli.kms(args);
  }

  private String newKey(String... extra) throws Exception {
    return cli.newKey(extra);
  }

  @Test
  void globalOptionsMayFollowTheSubcommandAsWithTheAwsCli() throws Exception {
    JsonNode created =
        json(
            run(
                new byte[0],
                "create-key",
                "--description",
                "options last",
                "--output",
                "json",
                "--endpoint",
                endpoint,
                "--zone",
                "ch-gva-2"));
    String keyId = created.get("KeyId").asText();
    assertEquals("arn:aws:kms:ch-gva-2:111122223333:key/" + keyId, created.get("Arn").asText());
    JsonNode nested =
        json(
            run(
                new byte[0],
                "rotation",
                "status",
                keyId,
                "--endpoint",
                endpoint,
                "--output",
                "json",
                "--zone",
                "ch-gva-2"));
    assertTrue(nested.get("KeyRotationEnabled").asBoolean(), nested.toString());
    // --zone after the subcommand is the zone asked (a node of ch-gva-2 refuses a de-fra-1
    // signature).
    Run otherZone =
        run(new byte[0], "describe", keyId, "--endpoint", endpoint, "--zone", "de-fra-1");
    assertEquals(KmsCli.REFUSED, otherZone.exit(), otherZone.out());
    assertTrue(otherZone.err().contains("de-fra-1"), otherZone.err());
  }

  @Test
  void createDescribeAndListKeys() throws Exception {
    Run created = kms("create-key", "--description", "from the cli", "--tag", "team=payments");
    assertEquals(0, created.exit(), created.err());
    assertTrue(
        created.out().contains("KeyState") && created.out().contains("Enabled"), created.out());
    String keyId =
        created
            .out()
            .lines()
            .filter(l -> l.startsWith("KeyId"))
            .findFirst()
            .orElseThrow()
            .replace("KeyId", "")
            .trim();

    JsonNode described = json(kms("--output", "json", "describe", keyId));
    assertEquals("from the cli", described.get("Description").asText());
    assertEquals("CUSTOMER", described.get("KeyManager").asText());
    assertTrue(described.get("LastUsed").asText().startsWith("never since "), described.toString());

    Run list = kms("list");
    assertEquals(0, list.exit());
    assertTrue(list.out().startsWith("KeyId"), list.out());
    assertTrue(list.out().contains(keyId), list.out());
    JsonNode listed = json(kms("--output", "json", "list"));
    assertTrue(listed.isArray() && listed.size() >= 2, "the key and the default organization key");
  }

  @Test
  void enableDisableAndDeletion() throws Exception {
    String keyId = newKey();
    assertEquals(0, kms("disable", keyId).exit());
    assertEquals(
        "Disabled", json(kms("--output", "json", "describe", keyId)).get("KeyState").asText());
    assertEquals(0, kms("enable", keyId).exit());
    JsonNode scheduled = json(kms("--output", "json", "schedule-deletion", keyId, "--days", "7"));
    assertEquals("PendingDeletion", scheduled.get("KeyState").asText());
    assertEquals(keyId, scheduled.get("KeyId").asText());
    assertEquals(0, kms("cancel-deletion", keyId).exit());
    assertEquals(
        "Disabled", json(kms("--output", "json", "describe", keyId)).get("KeyState").asText());
  }

  @Test
  void rotationCommands() throws Exception {
    String keyId = newKey();
    JsonNode status = json(kms("--output", "json", "rotation", "status", keyId));
    assertEquals(keyId, status.get("KeyId").asText(), "the id, as describe shows it, not the ARN");
    assertTrue(status.get("KeyRotationEnabled").asBoolean());
    assertEquals(365, status.get("RotationPeriodInDays").asInt());
    assertEquals(0, kms("rotation", "disable", keyId).exit());
    assertEquals(0, kms("rotation", "enable", keyId, "--period", "90").exit());
    assertEquals(
        90,
        json(kms("--output", "json", "rotation", "status", keyId))
            .get("RotationPeriodInDays")
            .asInt());
    assertEquals(0, kms("rotate", keyId).exit());
    JsonNode rotations = json(kms("--output", "json", "rotations", keyId));
    assertEquals(1, rotations.size());
    assertEquals("ON_DEMAND", rotations.get(0).get("RotationType").asText());
  }

  @Test
  void aliasCommands() throws Exception {
    String keyId = newKey();
    String alias = "alias/cli-" + System.nanoTime();
    assertEquals(0, kms("alias", "create", alias, keyId).exit());
    assertTrue(kms("alias", "list").out().contains(alias));
    JsonNode ofKey = json(kms("--output", "json", "alias", "list", "--key", keyId));
    assertEquals(alias, ofKey.get(0).get("AliasName").asText());
    assertEquals(0, kms("alias", "delete", alias).exit());
    assertTrue(!kms("alias", "list").out().contains(alias));
  }

  @Test
  void encryptAndDecryptAreBinarySafeThroughFilesAndStandardStreams(@TempDir Path dir)
      throws Exception {
    String keyId = newKey();
    byte[] binary = new byte[256];
    for (int i = 0; i < binary.length; i++) {
      binary[i] = (byte) i;
    }
    Run encrypted = kms(binary, "encrypt", keyId, "--context", "purpose=test");
    assertEquals(0, encrypted.exit(), encrypted.err());
    Run decrypted = kms(encrypted.bytes(), "decrypt", "--context", "purpose=test");
    assertEquals(0, decrypted.exit(), decrypted.err());
    assertArrayEquals(binary, decrypted.bytes());
    Run described = kms("describe", keyId);
    assertTrue(
        described.out().contains("LastUsedBy") && described.out().contains("Decrypt"),
        described.out());

    Path plain = Files.write(dir.resolve("plain.bin"), binary);
    assertEquals(
        0,
        kms("encrypt", keyId, "--in", plain.toString(), "--out", dir.resolve("c.bin").toString())
            .exit());
    Run wrongContext = kms("decrypt", "--in", dir.resolve("c.bin").toString(), "--context", "x=y");
    assertEquals(KmsCli.REFUSED, wrongContext.exit(), "wrong context is refused");
    assertTrue(
        wrongContext.err().startsWith("kms: InvalidCiphertextException"), wrongContext.err());
    assertEquals(
        0,
        kms(
                "decrypt",
                "--in",
                dir.resolve("c.bin").toString(),
                "--out",
                dir.resolve("p.bin").toString())
            .exit());
    assertArrayEquals(binary, Files.readAllBytes(dir.resolve("p.bin")));

    JsonNode dataKey = json(kms("--output", "json", "data-key", keyId));
    assertEquals(
        32, java.util.Base64.getDecoder().decode(dataKey.get("Plaintext").asText()).length);
  }

  @Test
  void replicateIsRefusedForASingleZoneKeyAndAcceptedForAMultiZoneOne() throws Exception {
    String single = newKey();
    Run refused = kms("replicate", single, "--replica-zone", "de-fra-1");
    assertEquals(KmsCli.REFUSED, refused.exit());
    assertTrue(refused.err().startsWith("kms: UnsupportedOperationException:"), refused.err());

    String multi = newKey("--multi-zone");
    JsonNode replica =
        json(kms("--output", "json", "replicate", multi, "--replica-zone", "de-fra-1"));
    assertEquals("Creating", replica.get("KeyState").asText());
    assertEquals("REPLICA", replica.get("MultiRegionKeyType").asText());

    // No node serves de-fra-1 in this test: the replica zone has acknowledged nothing yet.
    JsonNode status = json(kms("--output", "json", "replication", "status", multi));
    assertEquals(1, status.size());
    assertEquals("de-fra-1", status.get(0).get("Zone").asText());
    assertEquals(2, status.get(0).get("PrimaryVersion").asInt());
    assertEquals(0, status.get(0).get("AcknowledgedVersion").asInt());
    assertEquals(2, status.get(0).get("Behind").asInt());
    Run table = kms("replication", "status", multi);
    assertTrue(table.out().startsWith("Zone"), table.out());
    Run notMultiZone = kms("replication", "status", single);
    assertEquals(KmsCli.REFUSED, notMultiZone.exit());
    assertTrue(notMultiZone.err().contains("not a multi-zone key"), notMultiZone.err());
    Run unknown = kms("replication", "status", "alias/none");
    assertTrue(unknown.err().startsWith("kms: NotFoundException:"), unknown.err());
  }

  @Test
  void errorsAndUsageHaveTheirExitCodes() {
    Run notFound = kms("describe", "alias/does-not-exist");
    assertEquals(KmsCli.REFUSED, notFound.exit());
    assertTrue(notFound.err().startsWith("kms: NotFoundException:"), notFound.err());
    assertTrue(
        notFound.err().contains("keys and aliases exist per zone, and zone ch-gva-2 was asked"),
        notFound.err());
    Run refused = kms("enable", "alias/does-not-exist");
    assertEquals(2, refused.err().lines().count(), "the error and the zone hint: " + refused.err());
    Run usage = kms("describe");
    assertEquals(2, usage.exit());
    assertTrue(usage.err().contains("Missing required parameter"), usage.err());
    Run badOutput = kms("--output", "yaml", "list");
    assertEquals(2, badOutput.exit(), badOutput.err());
  }

  @Test
  void clusterStatusListsTheMembersOfEachZoneWithTheirKeyShards() throws Exception {
    newKey();
    String management = "http://127.0.0.1:" + node.managementPort().orElseThrow();
    Run table = kms("cluster", "status", "--management", management);
    assertEquals(0, table.exit(), table.err());
    List<String> lines = table.out().lines().toList();
    assertTrue(lines.get(0).startsWith("Zone") && lines.get(0).contains("KeyShards"), table.out());
    String self = lines.stream().filter(l -> l.startsWith("ch-gva-2")).findFirst().orElseThrow();
    assertTrue(
        self.matches("ch-gva-2\\s+pekko://\\S+\\s+Up\\s+yes\\s+[1-9]\\d*\\s+[1-9]\\d*"), self);
    // de-fra-1 is configured but no node serves it.
    assertTrue(
        table.out().lines().anyMatch(l -> l.startsWith("de-fra-1") && l.contains("(no members)")),
        table.out());

    JsonNode status =
        json(kms("--output", "json", "cluster", "status", "--management", management));
    assertEquals("ch-gva-2", status.get("selfZone").asText());
    JsonNode member = status.get("zones").get(0).get("members").get(0);
    assertTrue(member.get("shards").get("Key").get("entities").asInt() >= 1, member.toString());

    Run unreachable = kms("cluster", "status", "--management", "http://127.0.0.1:1");
    assertEquals(KmsCli.REFUSED, unreachable.exit());
    assertTrue(
        unreachable.err().contains("cannot reach the management endpoint"), unreachable.err());
    Run notManagement = kms("cluster", "status", "--management", endpoint);
    assertEquals(KmsCli.REFUSED, notManagement.exit());
    assertTrue(notManagement.err().contains("KMS_MANAGEMENT_PORT"), notManagement.err());
  }

  @Test
  void everyCommandTakesHelp() {
    for (String[] command :
        List.of(
            new String[] {"cluster", "status", "--help"},
            new String[] {"key", "locate", "--help"},
            new String[] {"rotation", "status", "--help"},
            new String[] {"encrypt", "--help"})) {
      Run help = run(new byte[0], command);
      assertEquals(0, help.exit(), String.join(" ", command) + ": " + help.err());
      assertTrue(
          help.out().startsWith("Usage: kms " + command[0]) && help.out().contains("Exit codes:"),
          help.out());
    }
    assertTrue(run(new byte[0], "cluster", "status", "-h").out().contains("--management=URL"));
  }

  @Test
  void keyLocateNamesTheNodeShardAndWhetherTheKeyIsInMemory() throws Exception {
    String keyId = newKey();
    assertEquals(0, kms(new byte[] {1}, "encrypt", keyId).exit(), "the key is in use");
    String management = "http://127.0.0.1:" + node.managementPort().orElseThrow();

    Run table = kms("key", "locate", keyId, "--management", management);

    assertEquals(0, table.exit(), table.err());
    List<String> lines = table.out().lines().toList();
    assertTrue(lines.get(0).matches("Zone\\s+Role\\s+Node\\s+Shard\\s+InMemory"), table.out());
    assertTrue(
        lines.get(1).matches("ch-gva-2\\s+-\\s+pekko://verenc-kms@\\S+\\s+\\d+\\s+yes"),
        table.out());
    JsonNode alias =
        json(
            kms(
                "--output",
                "json",
                "key",
                "locate",
                "alias/verenc/default",
                "--management",
                management));
    assertEquals("PRIMARY", alias.get(0).get("Role").asText(), "the default key is multi-zone");
    Run unknown = kms("key", "locate", "alias/nowhere", "--management", management);
    assertEquals(KmsCli.REFUSED, unknown.exit());
    assertTrue(unknown.err().contains("exist per zone"), unknown.err());
    Run noManagement = kms("key", "locate", keyId, "--management", "http://127.0.0.1:1");
    assertTrue(noManagement.err().contains("cannot reach the management endpoint"));
  }

  @Test
  void aNamedProfileGivesCredentialsRegionAndEndpoint(@TempDir Path dir) throws Exception {
    Path credentials =
        Files.writeString(
            dir.resolve("credentials"),
            "[ops]\naws_access_key_id = test\naws_secret_access_key = test\n"
                + "[wrong]\naws_access_key_id = test\naws_secret_access_key = not-the-secret\n");
    Path config =
        Files.writeString(
            dir.resolve("config"),
            "[profile ops]\nregion = ch-gva-2\nendpoint_url = "
                + endpoint
                + "\n"
                + "[profile wrong]\nregion = ch-gva-2\nendpoint_url = "
                + endpoint
                + "\n");
    System.setProperty("aws.sharedCredentialsFile", credentials.toString());
    System.setProperty("aws.configFile", config.toString());
    try {
      String keyId =
          json(run(new byte[0], "--profile", "ops", "--output", "json", "create-key"))
              .get("KeyId")
              .asText();
      assertTrue(run(new byte[0], "--profile", "ops", "list").out().contains(keyId));
      // raw signed calls (Verenc extensions) use the profile too
      Run refused = run(new byte[0], "--profile", "ops", "replication", "status", keyId);
      assertTrue(refused.err().contains("not a multi-zone key"), refused.err());

      Run wrongSecret = run(new byte[0], "--profile", "wrong", "list");
      assertEquals(KmsCli.REFUSED, wrongSecret.exit());
      assertTrue(
          wrongSecret.err().startsWith("kms: InvalidSignatureException:"), wrongSecret.err());
      Run missing = run(new byte[0], "--profile", "nobody", "list");
      assertEquals(KmsCli.REFUSED, missing.exit());
      assertTrue(missing.err().contains("no profile named 'nobody'"), missing.err());
    } finally {
      System.clearProperty("aws.sharedCredentialsFile");
      System.clearProperty("aws.configFile");
    }
  }
}
