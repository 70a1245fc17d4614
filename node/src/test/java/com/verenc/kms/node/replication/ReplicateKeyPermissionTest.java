package com.verenc.kms.node.replication;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.verenc.kms.node.testkit.CredentialsFile;
import com.verenc.kms.node.testkit.TestFiles;
import com.verenc.kms.node.testkit.TestZones;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KmsException;

/**
 * ReplicateKey needs the two permissions of the seed's ReplicateKey page: kms:ReplicateKey on the
 * primary key and kms:CreateKey in the replica zone (aws:RequestedRegion is that zone).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReplicateKeyPermissionTest {
  static final String A = "ch-gva-2";
  static final String B = "de-fra-1";
  static final String ACCOUNT = "111122223333";

  private Path dir;
  private TestZones zones;
  private final List<KmsClient> clients = new ArrayList<>();

  @BeforeAll
  void start() throws IOException {
    dir = Files.createTempDirectory("kms-replicate-permission-");
    String replicate =
        "{\"Effect\":\"Allow\",\"Action\":[\"kms:ReplicateKey\",\"kms:DescribeKey\"],"
            + "\"Resource\":\"*\"}";
    Path credentials =
        new CredentialsFile()
            .account(ACCOUNT, "test", "test")
            .principal(
                "role",
                "home-only",
                "home-only",
                "s1",
                "{\"Statement\":["
                    + replicate
                    + ",{\"Effect\":\"Allow\",\"Action\":\"kms:CreateKey\",\"Resource\":\"*\","
                    + "\"Condition\":{\"StringEquals\":{\"aws:RequestedRegion\":\""
                    + A
                    + "\"}}}]}")
            .principal(
                "role",
                "replicator",
                "replicator",
                "s2",
                "{\"Statement\":["
                    + replicate
                    + ",{\"Effect\":\"Allow\",\"Action\":\"kms:CreateKey\",\"Resource\":\"*\"}]}")
            .writeTo(dir.resolve("credentials.json"));
    zones =
        TestZones.start(dir, List.of(A, B), Map.of("kms.credentials-file", credentials.toString()));
  }

  @AfterAll
  void stop() {
    clients.forEach(KmsClient::close);
    if (zones != null) {
      zones.close();
    }
    TestFiles.deleteRecursively(dir);
  }

  @Test
  void replicateKeyNeedsCreateKeyInTheReplicaZone() {
    KmsClient root = zones.client(A);
    String keyId = root.createKey(r -> r.multiRegion(true)).keyMetadata().keyId();

    KmsClient homeOnly = client("home-only", "s1");
    KmsException denied =
        assertThrows(
            KmsException.class, () -> homeOnly.replicateKey(r -> r.keyId(keyId).replicaRegion(B)));
    assertEquals("AccessDeniedException", denied.awsErrorDetails().errorCode());
    assertEquals(
        "User: arn:aws:iam::"
            + ACCOUNT
            + ":role/home-only is not authorized to perform: kms:CreateKey on resource: * "
            + "because no identity-based policy allows the kms:CreateKey action",
        denied.awsErrorDetails().errorMessage());
    // The same role may create keys in its home zone: the condition reads the requested zone.
    homeOnly.createKey(r -> r.description("home"));

    KmsClient replicator = client("replicator", "s2");
    String replicaArn =
        replicator.replicateKey(r -> r.keyId(keyId).replicaRegion(B)).replicaKeyMetadata().arn();
    assertEquals("arn:aws:kms:" + B + ":" + ACCOUNT + ":key/" + keyId, replicaArn);
  }

  private KmsClient client(String accessKey, String secret) {
    KmsClient client = zones.zone(A).client(accessKey, secret);
    clients.add(client);
    return client;
  }
}
