package com.verenc.kms.node.esdk;

import static com.verenc.kms.node.esdk.TwoZones.A;
import static com.verenc.kms.node.esdk.TwoZones.B;
import static com.verenc.kms.node.testkit.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.encryptionsdk.AwsCrypto;
import com.amazonaws.encryptionsdk.CommitmentPolicy;
import com.amazonaws.encryptionsdk.CryptoResult;
import com.verenc.kms.node.testkit.TestFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.cryptography.materialproviders.IClientSupplier;
import software.amazon.cryptography.materialproviders.IKeyring;
import software.amazon.cryptography.materialproviders.MaterialProviders;
import software.amazon.cryptography.materialproviders.model.CreateAwsKmsDiscoveryKeyringInput;
import software.amazon.cryptography.materialproviders.model.CreateAwsKmsDiscoveryMultiKeyringInput;
import software.amazon.cryptography.materialproviders.model.CreateAwsKmsKeyringInput;
import software.amazon.cryptography.materialproviders.model.CreateAwsKmsMrkDiscoveryKeyringInput;
import software.amazon.cryptography.materialproviders.model.CreateAwsKmsMrkKeyringInput;
import software.amazon.cryptography.materialproviders.model.CreateAwsKmsMrkMultiKeyringInput;
import software.amazon.cryptography.materialproviders.model.DiscoveryFilter;
import software.amazon.cryptography.materialproviders.model.MaterialProvidersConfig;

/**
 * Envelope encryption with the AWS Encryption SDK for Java and its Material Providers Library, as
 * applications use them, against two zones of node processes: keyrings by key ARN, by alias ARN,
 * discovery keyrings, and a multi-zone key through the MRK-aware keyrings (encrypt in one zone,
 * decrypt in the other, before and after the primary rotates). The SDK checks that every KeyId the
 * node answers with is the AWS-form ARN it asked for.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class EncryptionSdkSuite {
  private static final String ACCOUNT = "111122223333";
  private static final Map<String, String> CONTEXT =
      Map.of("tenant", "acme", "purpose", "esdk-suite");
  private static final MaterialProviders MPL =
      MaterialProviders.builder()
          .MaterialProvidersConfig(MaterialProvidersConfig.builder().build())
          .build();
  private static final AwsCrypto CRYPTO =
      AwsCrypto.builder()
          .withCommitmentPolicy(CommitmentPolicy.RequireEncryptRequireDecrypt)
          .build();
  private static final DiscoveryFilter OWN_ACCOUNT =
      DiscoveryFilter.builder().partition("aws").accountIds(List.of(ACCOUNT)).build();

  private Path dir;
  private TwoZones zones;

  /** Whether the zones run on PostgreSQL rather than H2. */
  abstract boolean postgres();

  @BeforeAll
  void startZones() throws Exception {
    dir = Files.createTempDirectory("kms-esdk");
    zones = TwoZones.start(dir, postgres());
  }

  @AfterAll
  void stopZones() {
    if (zones != null) {
      zones.close();
    }
    TestFiles.deleteRecursively(dir);
  }

  /** The MPL asks for a client per region it reads from an ARN: here, the zone's node. */
  private IClientSupplier clients() {
    return input -> zones.client(input.region());
  }

  private static String keyArn(String zone, String keyId) {
    return "arn:aws:kms:" + zone + ":" + ACCOUNT + ":key/" + keyId;
  }

  private static byte[] plaintext(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static void assertOpens(IKeyring keyring, byte[] message, byte[] expected) {
    CryptoResult<byte[], ?> opened = CRYPTO.decryptData(keyring, message, CONTEXT);
    assertArrayEquals(expected, opened.getResult());
    assertTrue(opened.getEncryptionContext().entrySet().containsAll(CONTEXT.entrySet()));
  }

  @Test
  void roundTripByKeyArnWithItsEncryptionContext() {
    String keyId =
        zones.client(A).createKey(b -> b.description("esdk by key ARN")).keyMetadata().keyId();
    IKeyring keyring =
        MPL.CreateAwsKmsKeyring(
            CreateAwsKmsKeyringInput.builder()
                .kmsKeyId(keyArn(A, keyId))
                .kmsClient(zones.client(A))
                .build());
    byte[] data = plaintext("sealed by key ARN");
    byte[] message = CRYPTO.encryptData(keyring, data, CONTEXT).getResult();
    assertOpens(keyring, message, data);
    // The context is bound to the message: one that it does not contain is refused.
    assertThrows(
        RuntimeException.class,
        () -> CRYPTO.decryptData(keyring, message, Map.of("tenant", "other")));
  }

  @Test
  void anAliasArnEncryptsAndTheKeyItNamesDecrypts() {
    KmsClient kms = zones.client(A);
    String keyId = kms.createKey(b -> b.description("esdk by alias")).keyMetadata().keyId();
    kms.createAlias(b -> b.aliasName("alias/esdk/app-prod").targetKeyId(keyId));
    IKeyring byAlias =
        MPL.CreateAwsKmsKeyring(
            CreateAwsKmsKeyringInput.builder()
                .kmsKeyId("arn:aws:kms:" + A + ":" + ACCOUNT + ":alias/esdk/app-prod")
                .kmsClient(kms)
                .build());
    byte[] data = plaintext("sealed by alias ARN");
    byte[] message = CRYPTO.encryptData(byAlias, data, CONTEXT).getResult();
    // The SDK records the key ARN the node answered with; aliases cannot decrypt, by the SDK's
    // rule.
    IKeyring byKey =
        MPL.CreateAwsKmsKeyring(
            CreateAwsKmsKeyringInput.builder().kmsKeyId(keyArn(A, keyId)).kmsClient(kms).build());
    assertOpens(byKey, message, data);
  }

  @Test
  void discoveryKeyringsFindTheKeyFromTheMessage() {
    String keyId =
        zones.client(A).createKey(b -> b.description("esdk discovery")).keyMetadata().keyId();
    IKeyring keyring =
        MPL.CreateAwsKmsKeyring(
            CreateAwsKmsKeyringInput.builder()
                .kmsKeyId(keyArn(A, keyId))
                .kmsClient(zones.client(A))
                .build());
    byte[] data = plaintext("found by discovery");
    byte[] message = CRYPTO.encryptData(keyring, data, CONTEXT).getResult();
    IKeyring discovery =
        MPL.CreateAwsKmsDiscoveryKeyring(
            CreateAwsKmsDiscoveryKeyringInput.builder()
                .kmsClient(zones.client(A))
                .discoveryFilter(OWN_ACCOUNT)
                .build());
    assertOpens(discovery, message, data);
    // Asked in zone B first, the node there answers NotFound for an ARN of zone A; A then opens it.
    IKeyring everywhere =
        MPL.CreateAwsKmsDiscoveryMultiKeyring(
            CreateAwsKmsDiscoveryMultiKeyringInput.builder()
                .regions(List.of(B, A))
                .clientSupplier(clients())
                .discoveryFilter(OWN_ACCOUNT)
                .build());
    assertOpens(everywhere, message, data);
    // Another account's filter matches nothing.
    IKeyring others =
        MPL.CreateAwsKmsDiscoveryKeyring(
            CreateAwsKmsDiscoveryKeyringInput.builder()
                .kmsClient(zones.client(A))
                .discoveryFilter(
                    DiscoveryFilter.builder()
                        .partition("aws")
                        .accountIds(List.of("444455556666"))
                        .build())
                .build());
    assertThrows(RuntimeException.class, () -> CRYPTO.decryptData(others, message, CONTEXT));
  }

  @Test
  void aMultiZoneKeyEncryptsInOneZoneAndDecryptsInTheOtherBeforeAndAfterRotation() {
    KmsClient inA = zones.client(A);
    KmsClient inB = zones.client(B);
    String keyId =
        inA.createKey(b -> b.multiRegion(true).description("esdk multi-zone"))
            .keyMetadata()
            .keyId();
    inA.replicateKey(b -> b.keyId(keyId).replicaRegion(B));
    eventually(
        "the replica usable in " + B,
        () ->
            inB.describeKey(b -> b.keyId(keyId)).keyMetadata().keyState() == KeyState.ENABLED
                ? true
                : null);
    IKeyring encryptInA =
        MPL.CreateAwsKmsMrkMultiKeyring(
            CreateAwsKmsMrkMultiKeyringInput.builder()
                .generator(keyArn(A, keyId))
                .clientSupplier(clients())
                .build());
    IKeyring decryptInB =
        MPL.CreateAwsKmsMrkKeyring(
            CreateAwsKmsMrkKeyringInput.builder()
                .kmsKeyId(keyArn(B, keyId))
                .kmsClient(inB)
                .build());
    IKeyring discoverInB =
        MPL.CreateAwsKmsMrkDiscoveryKeyring(
            CreateAwsKmsMrkDiscoveryKeyringInput.builder()
                .kmsClient(inB)
                .region(B)
                .discoveryFilter(OWN_ACCOUNT)
                .build());
    byte[] before = plaintext("sealed in " + A + " before rotation");
    byte[] oldMessage = CRYPTO.encryptData(encryptInA, before, CONTEXT).getResult();
    assertOpens(decryptInB, oldMessage, before);
    assertOpens(discoverInB, oldMessage, before);

    inA.rotateKeyOnDemand(b -> b.keyId(keyId));
    byte[] after = plaintext("sealed in " + A + " after rotation");
    byte[] newMessage = CRYPTO.encryptData(encryptInA, after, CONTEXT).getResult();
    // Replication is eventually consistent: the new material reaches B within moments.
    eventually(
        "the rotated material usable in " + B,
        () -> {
          try {
            return CRYPTO.decryptData(decryptInB, newMessage, CONTEXT).getResult();
          } catch (RuntimeException notYet) {
            return null;
          }
        });
    assertOpens(decryptInB, newMessage, after);
    assertOpens(decryptInB, oldMessage, before);
    // And the other way round: sealed in B with the replica, opened in A.
    IKeyring encryptInB =
        MPL.CreateAwsKmsMrkMultiKeyring(
            CreateAwsKmsMrkMultiKeyringInput.builder()
                .generator(keyArn(B, keyId))
                .clientSupplier(clients())
                .build());
    byte[] fromB = plaintext("sealed in " + B);
    assertOpens(
        MPL.CreateAwsKmsMrkKeyring(
            CreateAwsKmsMrkKeyringInput.builder()
                .kmsKeyId(keyArn(A, keyId))
                .kmsClient(inA)
                .build()),
        CRYPTO.encryptData(encryptInB, fromB, CONTEXT).getResult(),
        fromB);
  }
}
