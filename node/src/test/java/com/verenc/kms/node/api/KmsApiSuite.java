package com.verenc.kms.node.api;

import static com.verenc.kms.node.api.KmsTestSupport.ACCOUNT;
import static com.verenc.kms.node.api.KmsTestSupport.TEST_AUTHORIZATION;
import static com.verenc.kms.node.api.KmsTestSupport.ZONE;
import static com.verenc.kms.node.api.KmsTestSupport.aliasArn;
import static com.verenc.kms.node.api.KmsTestSupport.assertKmsError;
import static com.verenc.kms.node.api.KmsTestSupport.assertNotFound;
import static com.verenc.kms.node.api.KmsTestSupport.assertValidationError;
import static com.verenc.kms.node.api.KmsTestSupport.keyArn;
import static com.verenc.kms.node.api.KmsTestSupport.listAllAliases;
import static com.verenc.kms.node.api.KmsTestSupport.listAllKeyIds;
import static com.verenc.kms.node.api.KmsTestSupport.rawPost;
import static com.verenc.kms.node.api.KmsTestSupport.tag;
import static com.verenc.kms.node.api.KmsTestSupport.uniqueAlias;
import static com.verenc.kms.node.api.KmsTestSupport.utf8;
import static com.verenc.kms.node.api.KmsTestSupport.verencAliasArn;
import static com.verenc.kms.node.api.KmsTestSupport.verencKeyArn;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.verenc.kms.node.api.KmsTestSupport.RawResponse;
import com.verenc.kms.node.testkit.TestDatabase;
import com.verenc.kms.node.testkit.TestNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.AliasListEntry;
import software.amazon.awssdk.services.kms.model.AlreadyExistsException;
import software.amazon.awssdk.services.kms.model.CancelKeyDeletionResponse;
import software.amazon.awssdk.services.kms.model.DataKeySpec;
import software.amazon.awssdk.services.kms.model.DecryptResponse;
import software.amazon.awssdk.services.kms.model.DisabledException;
import software.amazon.awssdk.services.kms.model.DryRunOperationException;
import software.amazon.awssdk.services.kms.model.EncryptResponse;
import software.amazon.awssdk.services.kms.model.EncryptionAlgorithmSpec;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyResponse;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyWithoutPlaintextResponse;
import software.amazon.awssdk.services.kms.model.GetKeyPolicyResponse;
import software.amazon.awssdk.services.kms.model.IncorrectKeyException;
import software.amazon.awssdk.services.kms.model.InvalidArnException;
import software.amazon.awssdk.services.kms.model.InvalidCiphertextException;
import software.amazon.awssdk.services.kms.model.InvalidKeyUsageException;
import software.amazon.awssdk.services.kms.model.InvalidMarkerException;
import software.amazon.awssdk.services.kms.model.KeyManagerType;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.KeyUsageType;
import software.amazon.awssdk.services.kms.model.KmsException;
import software.amazon.awssdk.services.kms.model.KmsInvalidStateException;
import software.amazon.awssdk.services.kms.model.LimitExceededException;
import software.amazon.awssdk.services.kms.model.ListResourceTagsResponse;
import software.amazon.awssdk.services.kms.model.MalformedPolicyDocumentException;
import software.amazon.awssdk.services.kms.model.MultiRegionConfiguration;
import software.amazon.awssdk.services.kms.model.MultiRegionKeyType;
import software.amazon.awssdk.services.kms.model.OriginType;
import software.amazon.awssdk.services.kms.model.ReEncryptResponse;
import software.amazon.awssdk.services.kms.model.ScheduleKeyDeletionResponse;
import software.amazon.awssdk.services.kms.model.Tag;
import software.amazon.awssdk.services.kms.model.TagException;

/**
 * The TrentService API as an AWS SDK user sees it, against one node per concrete class. Every test
 * makes its own keys and aliases: tests share the node and the account, never state.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class KmsApiSuite {
  private static final ObjectMapper JSON = new ObjectMapper();

  protected TestNode node;
  protected KmsClient kms;
  private Path dir;

  protected abstract TestDatabase database(Path dir);

  @BeforeAll
  void startNode() throws IOException {
    dir = Files.createTempDirectory("kms-api-");
    node = TestNode.start(database(dir));
    kms = node.client();
  }

  @AfterAll
  void stopNode() {
    KmsTestSupport.stopAll(kms, node, dir);
  }

  // ------------------------------------------------------------------ helpers

  String newKey() {
    return kms.createKey(b -> b.description("test key")).keyMetadata().keyId();
  }

  String newAlias(String purpose, String keyId) {
    String alias = uniqueAlias(purpose);
    kms.createAlias(b -> b.aliasName(alias).targetKeyId(keyId));
    return alias;
  }

  KeyMetadata describe(String keyRef) {
    return kms.describeKey(b -> b.keyId(keyRef)).keyMetadata();
  }

  SdkBytes encrypt(String keyRef, String plaintext) {
    return kms.encrypt(b -> b.keyId(keyRef).plaintext(utf8(plaintext))).ciphertextBlob();
  }

  String decrypt(SdkBytes blob) {
    return kms.decrypt(b -> b.ciphertextBlob(blob)).plaintext().asUtf8String();
  }

  static SdkBytes flipByte(SdkBytes blob, int index) {
    byte[] bytes = blob.asByteArray();
    bytes[index] ^= 0x01;
    return SdkBytes.fromByteArray(bytes);
  }

  static String aliasName(AliasListEntry e) {
    return e.aliasName();
  }

  // ================================================================== CreateKey

  @Test
  void newKeyHasTheDefaultMetadata() {
    Instant now = node.clock().instant();
    KeyMetadata m = kms.createKey(b -> {}).keyMetadata();

    assertTrue(
        m.keyId().matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"),
        m.keyId());
    assertEquals(keyArn(m.keyId()), m.arn());
    assertEquals(ACCOUNT, m.awsAccountId());
    assertEquals(KeyState.ENABLED, m.keyState());
    assertTrue(m.enabled());
    assertEquals(KeyUsageType.ENCRYPT_DECRYPT, m.keyUsage());
    assertEquals(KeySpec.SYMMETRIC_DEFAULT, m.keySpec());
    assertEquals(KeyManagerType.CUSTOMER, m.keyManager());
    assertEquals(OriginType.AWS_KMS, m.origin());
    assertEquals(List.of(EncryptionAlgorithmSpec.SYMMETRIC_DEFAULT), m.encryptionAlgorithms());
    assertEquals(Boolean.FALSE, m.multiRegion());
    assertNull(m.multiRegionConfiguration());
    assertNull(m.deletionDate());
    assertTrue(
        Duration.between(now, m.creationDate()).abs().compareTo(Duration.ofMinutes(1)) < 0,
        "CreationDate " + m.creationDate() + " is close to the node's now " + now);
  }

  @Test
  void describeKeyReturnsWhatCreateKeyReturned() {
    KeyMetadata created = kms.createKey(b -> b.description("same twice")).keyMetadata();
    assertEquals(created, describe(created.keyId()));
  }

  @Test
  void descriptionIsKept() {
    String keyId = kms.createKey(b -> b.description("payments key")).keyMetadata().keyId();
    assertEquals("payments key", describe(keyId).description());
  }

  @Test
  void tagsGivenAtCreationAreListed() {
    String keyId =
        kms.createKey(b -> b.tags(tag("team", "payments"), tag("env", "test")))
            .keyMetadata()
            .keyId();
    assertEquals(
        List.of(tag("env", "test"), tag("team", "payments")),
        kms.listResourceTags(b -> b.keyId(keyId)).tags());
  }

  @Test
  void policyGivenAtCreationIsReturnedByGetKeyPolicy() {
    String policy = customPolicy("created-with");
    String keyId = kms.createKey(b -> b.policy(policy)).keyMetadata().keyId();
    assertEquals(policy, kms.getKeyPolicy(b -> b.keyId(keyId).policyName("default")).policy());
  }

  @Test
  void multiRegionKeyIsAPrimaryInThisZone() {
    KeyMetadata m = kms.createKey(b -> b.multiRegion(true)).keyMetadata();

    assertTrue(m.keyId().matches("mrk-[0-9a-f]{32}"), m.keyId());
    assertEquals(keyArn(m.keyId()), m.arn());
    assertEquals(Boolean.TRUE, m.multiRegion());
    MultiRegionConfiguration config = m.multiRegionConfiguration();
    assertNotNull(config);
    assertEquals(MultiRegionKeyType.PRIMARY, config.multiRegionKeyType());
    assertEquals(ZONE, config.primaryKey().region());
    assertEquals(m.arn(), config.primaryKey().arn());
    assertTrue(config.replicaKeys().isEmpty());
    assertEquals(m, describe(m.keyId()));
  }

  @Test
  void multiRegionKeyEncryptsAndDecrypts() {
    String keyId = kms.createKey(b -> b.multiRegion(true)).keyMetadata().keyId();
    assertEquals("across zones", decrypt(encrypt(keyId, "across zones")));
  }

  @Test
  void aKeySpecThisKmsDoesNotCreateIsNotSupported() {
    assertKmsError(
        software.amazon.awssdk.services.kms.model.UnsupportedOperationException.class,
        "UnsupportedOperationException",
        () -> kms.createKey(b -> b.keySpec("SM2").keyUsage(KeyUsageType.SIGN_VERIFY)));
  }

  @Test
  void signVerifyUsageIsRefusedForASymmetricKey() {
    assertValidationError(() -> kms.createKey(b -> b.keyUsage(KeyUsageType.SIGN_VERIFY)));
  }

  @Test
  void policyThatIsNotJsonIsMalformed() {
    assertKmsError(
        MalformedPolicyDocumentException.class,
        "MalformedPolicyDocumentException",
        () -> kms.createKey(b -> b.policy("this is not json")));
  }

  @Test
  void tagKeyWithTheReservedAwsPrefixIsRefused() {
    assertKmsError(
        TagException.class,
        "TagException",
        () -> kms.createKey(b -> b.tags(tag("aws:owner", "me"))));
  }

  // ================================================================== DescribeKey

  @Test
  void describeKeyByKeyId() {
    String keyId = newKey();
    assertEquals(keyId, describe(keyId).keyId());
  }

  @Test
  void describeKeyByKeyArn() {
    String keyId = newKey();
    assertEquals(keyId, describe(keyArn(keyId)).keyId());
  }

  @Test
  void describeKeyByAliasName() {
    String keyId = newKey();
    String alias = newAlias("describe", keyId);
    assertEquals(keyId, describe(alias).keyId());
  }

  @Test
  void describeKeyByAliasArn() {
    String keyId = newKey();
    String alias = newAlias("describe-arn", keyId);
    assertEquals(keyId, describe(aliasArn(alias)).keyId());
  }

  @Test
  void describeKeyBySeedFormKeyArn() {
    String keyId = newKey();
    assertEquals(keyId, describe(verencKeyArn(keyId)).keyId());
  }

  @Test
  void describeKeyBySeedFormAliasArn() {
    String keyId = newKey();
    String alias = newAlias("describe-seed-arn", keyId);
    assertEquals(keyId, describe(verencAliasArn(alias)).keyId());
  }

  @Test
  void anArnOfAnotherZonePartitionOrAccountDoesNotResolve() {
    String keyId = newKey();
    String alias = newAlias("elsewhere", keyId);
    for (String elsewhere :
        List.of(
            "arn:aws:kms:de-fra-1:" + ACCOUNT + ":key/" + keyId,
            "arn:aws-cn:kms:" + ZONE + ":" + ACCOUNT + ":key/" + keyId,
            "arn:aws:kms:" + ZONE + ":444455556666:key/" + keyId,
            "arn:aws:kms:de-fra-1:" + ACCOUNT + ":" + alias,
            "arn:aws-us-gov:kms:" + ZONE + ":" + ACCOUNT + ":" + alias)) {
      assertNotFound(() -> describe(elsewhere));
      assertNotFound(() -> kms.encrypt(b -> b.keyId(elsewhere).plaintext(utf8("x"))));
    }
  }

  @Test
  void aliasNamesMayHoldColons() {
    String keyId = newKey();
    String alias = uniqueAlias("app") + ":prod";
    kms.createAlias(b -> b.aliasName(alias).targetKeyId(keyId));
    assertEquals(keyId, describe(alias).keyId());
    assertEquals(keyId, describe(aliasArn(alias)).keyId());
  }

  @Test
  void describeOfUnknownKeyIdIsNotFound() {
    assertNotFound(() -> describe(UUID.randomUUID().toString()));
  }

  @Test
  void describeOfUnknownKeyArnIsNotFound() {
    assertNotFound(() -> describe(keyArn(UUID.randomUUID().toString())));
  }

  @Test
  void describeOfUnknownAliasIsNotFound() {
    assertNotFound(() -> describe(uniqueAlias("nobody")));
  }

  @Test
  void describeOfGarbageKeyIdIsNotFound() {
    assertNotFound(() -> describe("this-is-not-a-key"));
  }

  @Test
  void describeOfMalformedArnIsInvalidArn() {
    assertKmsError(
        InvalidArnException.class, "InvalidArnException", () -> describe("arn:verenc:nonsense"));
  }

  // ================================================================== ListKeys

  @Test
  void listKeysWithLimitTwoWalksEveryKeyOnce() {
    List<String> created = IntStream.range(0, 5).mapToObj(i -> newKey()).toList();

    List<String> listed = listAllKeyIds(kms, 2);

    for (String keyId : created) {
      assertEquals(
          1, Collections.frequency(listed, keyId), "key " + keyId + " listed exactly once");
    }
    assertEquals(listed.size(), new HashSet<>(listed).size(), "no key is listed twice");
  }

  @Test
  void listKeysEntriesCarryTheKeyArn() {
    String keyId = newKey();
    var entry =
        kms.listKeys(b -> b.limit(1000)).keys().stream()
            .filter(e -> e.keyId().equals(keyId))
            .findFirst()
            .orElseThrow();
    assertEquals(keyArn(keyId), entry.keyArn());
  }

  @Test
  void listKeysWithInvalidMarkerIsRefused() {
    newKey();
    assertKmsError(
        InvalidMarkerException.class,
        "InvalidMarkerException",
        () -> kms.listKeys(b -> b.marker("not-a-marker-" + UUID.randomUUID())));
  }

  // ================================================================== Encrypt / Decrypt

  @Test
  void encryptDecryptRoundTrip() {
    String keyId = newKey();
    assertEquals("attack at dawn", decrypt(encrypt(keyId, "attack at dawn")));
  }

  @Test
  void encryptAnswersWithTheKeyArnAndSymmetricDefault() {
    String keyId = newKey();
    String alias = newAlias("enc-response", keyId);
    EncryptResponse enc = kms.encrypt(b -> b.keyId(alias).plaintext(utf8("x")));
    assertEquals(keyArn(keyId), enc.keyId());
    assertEquals(EncryptionAlgorithmSpec.SYMMETRIC_DEFAULT, enc.encryptionAlgorithm());
  }

  @Test
  void decryptWithoutKeyIdFindsTheKeyInTheBlob() {
    String keyId = newKey();
    DecryptResponse dec = kms.decrypt(b -> b.ciphertextBlob(encrypt(keyId, "hello")));
    assertEquals("hello", dec.plaintext().asUtf8String());
    assertEquals(keyArn(keyId), dec.keyId());
    assertEquals(EncryptionAlgorithmSpec.SYMMETRIC_DEFAULT, dec.encryptionAlgorithm());
  }

  @Test
  void decryptWithTheRightKeyIdArnOrAlias() {
    String keyId = newKey();
    String alias = newAlias("dec-right", keyId);
    SdkBytes blob = encrypt(keyId, "hello");
    for (String ref : List.of(keyId, keyArn(keyId), alias, aliasArn(alias))) {
      assertEquals(
          "hello",
          kms.decrypt(b -> b.ciphertextBlob(blob).keyId(ref)).plaintext().asUtf8String(),
          ref);
    }
  }

  @Test
  void decryptNamingAnotherKeyIsIncorrectKey() {
    String keyId = newKey();
    String other = newKey();
    SdkBytes blob = encrypt(keyId, "hello");
    assertKmsError(
        IncorrectKeyException.class,
        "IncorrectKeyException",
        () -> kms.decrypt(b -> b.ciphertextBlob(blob).keyId(other)));
  }

  @Test
  void encryptOfUnknownKeyIsNotFound() {
    assertNotFound(() -> encrypt(UUID.randomUUID().toString(), "x"));
  }

  @Test
  void encryptOf4096BytesIsAccepted() {
    String keyId = newKey();
    byte[] plaintext = new byte[4096];
    Arrays.fill(plaintext, (byte) 7);
    SdkBytes blob =
        kms.encrypt(b -> b.keyId(keyId).plaintext(SdkBytes.fromByteArray(plaintext)))
            .ciphertextBlob();
    assertArrayEquals(
        plaintext, kms.decrypt(b -> b.ciphertextBlob(blob)).plaintext().asByteArray());
  }

  @Test
  void encryptOf4097BytesIsRefused() {
    String keyId = newKey();
    assertValidationError(
        () -> kms.encrypt(b -> b.keyId(keyId).plaintext(SdkBytes.fromByteArray(new byte[4097]))));
  }

  @Test
  void encryptionContextThatIsNotWellFormedUnicodeIsAValidationError() throws IOException {
    String keyId = newKey();
    HttpResponse<String> r =
        rawPost(
            node.endpoint(),
            "TrentService.Encrypt",
            TEST_AUTHORIZATION,
            "{\"KeyId\":\""
                + keyId
                + "\",\"Plaintext\":\"aGk=\",\"EncryptionContext\":{\"a\":\"\\ud800\"}}");
    assertRawError("ValidationException", r);
  }

  @Test
  void encryptionContextRoundTrip() {
    String keyId = newKey();
    Map<String, String> ctx = Map.of("tenant", "acme", "purpose", "invoices");
    SdkBytes blob =
        kms.encrypt(b -> b.keyId(keyId).plaintext(utf8("secret")).encryptionContext(ctx))
            .ciphertextBlob();
    assertEquals(
        "secret",
        kms.decrypt(b -> b.ciphertextBlob(blob).encryptionContext(ctx)).plaintext().asUtf8String());
  }

  @Test
  void wrongEncryptionContextIsInvalidCiphertext() {
    String keyId = newKey();
    SdkBytes blob =
        kms.encrypt(
                b ->
                    b.keyId(keyId)
                        .plaintext(utf8("secret"))
                        .encryptionContext(Map.of("tenant", "acme")))
            .ciphertextBlob();
    assertKmsError(
        InvalidCiphertextException.class,
        "InvalidCiphertextException",
        () -> kms.decrypt(b -> b.ciphertextBlob(blob).encryptionContext(Map.of("tenant", "evil"))));
  }

  @Test
  void missingEncryptionContextIsInvalidCiphertext() {
    String keyId = newKey();
    SdkBytes blob =
        kms.encrypt(
                b ->
                    b.keyId(keyId)
                        .plaintext(utf8("secret"))
                        .encryptionContext(Map.of("tenant", "acme")))
            .ciphertextBlob();
    assertKmsError(
        InvalidCiphertextException.class,
        "InvalidCiphertextException",
        () -> kms.decrypt(b -> b.ciphertextBlob(blob)));
  }

  @Test
  void unexpectedEncryptionContextIsInvalidCiphertext() {
    String keyId = newKey();
    SdkBytes blob = encrypt(keyId, "secret");
    assertKmsError(
        InvalidCiphertextException.class,
        "InvalidCiphertextException",
        () -> kms.decrypt(b -> b.ciphertextBlob(blob).encryptionContext(Map.of("tenant", "acme"))));
  }

  @Test
  void blobTamperedInTheMiddleIsInvalidCiphertext() {
    String keyId = newKey();
    // 200 bytes of plaintext: the middle of the blob is inside the sealed data.
    SdkBytes blob = encrypt(keyId, "p".repeat(200));
    int middle = blob.asByteArray().length / 2;
    assertKmsError(
        InvalidCiphertextException.class,
        "InvalidCiphertextException",
        () -> kms.decrypt(b -> b.ciphertextBlob(flipByte(blob, middle))));
  }

  @Test
  void blobTamperedAtTheEndIsInvalidCiphertext() {
    String keyId = newKey();
    SdkBytes blob = encrypt(keyId, "hello");
    int last = blob.asByteArray().length - 1;
    assertKmsError(
        InvalidCiphertextException.class,
        "InvalidCiphertextException",
        () -> kms.decrypt(b -> b.ciphertextBlob(flipByte(blob, last))));
  }

  @Test
  void blobTamperedAtTheStartIsInvalidCiphertext() {
    String keyId = newKey();
    SdkBytes blob = encrypt(keyId, "hello");
    assertKmsError(
        InvalidCiphertextException.class,
        "InvalidCiphertextException",
        () -> kms.decrypt(b -> b.ciphertextBlob(flipByte(blob, 0))));
  }

  @Test
  void truncatedBlobIsInvalidCiphertext() {
    String keyId = newKey();
    byte[] blob = encrypt(keyId, "hello").asByteArray();
    SdkBytes truncated = SdkBytes.fromByteArray(Arrays.copyOf(blob, blob.length - 1));
    assertKmsError(
        InvalidCiphertextException.class,
        "InvalidCiphertextException",
        () -> kms.decrypt(b -> b.ciphertextBlob(truncated)));
  }

  @Test
  void garbageBlobIsInvalidCiphertext() {
    assertKmsError(
        InvalidCiphertextException.class,
        "InvalidCiphertextException",
        () ->
            kms.decrypt(
                b -> b.ciphertextBlob(utf8("this is certainly not a ciphertext blob at all"))));
  }

  @Test
  void asymmetricEncryptionAlgorithmIsInvalidKeyUsage() {
    String keyId = newKey();
    assertKmsError(
        InvalidKeyUsageException.class,
        "InvalidKeyUsageException",
        () ->
            kms.encrypt(
                b ->
                    b.keyId(keyId)
                        .plaintext(utf8("x"))
                        .encryptionAlgorithm(EncryptionAlgorithmSpec.RSAES_OAEP_SHA_256)));
  }

  @Test
  void dryRunEncryptAnswersDryRunOperation() {
    String keyId = newKey();
    assertKmsError(
        DryRunOperationException.class,
        "DryRunOperationException",
        () -> kms.encrypt(b -> b.keyId(keyId).plaintext(utf8("x")).dryRun(true)));
    kms.disableKey(b -> b.keyId(keyId));
    assertKmsError(
        DisabledException.class,
        "DisabledException",
        () -> kms.encrypt(b -> b.keyId(keyId).plaintext(utf8("x")).dryRun(true)));
  }

  @Test
  void twoEncryptionsOfTheSamePlaintextDiffer() {
    String keyId = newKey();
    assertFalse(encrypt(keyId, "same").equals(encrypt(keyId, "same")));
  }

  // ================================================================== ReEncrypt

  @Test
  void reEncryptedBlobDecryptsUnderTheDestinationKey() {
    String a = newKey();
    String b = newKey();
    SdkBytes blob = encrypt(a, "moving");

    ReEncryptResponse re = kms.reEncrypt(r -> r.ciphertextBlob(blob).destinationKeyId(b));

    assertEquals(keyArn(a), re.sourceKeyId());
    assertEquals(keyArn(b), re.keyId());
    assertEquals(EncryptionAlgorithmSpec.SYMMETRIC_DEFAULT, re.sourceEncryptionAlgorithm());
    assertEquals(EncryptionAlgorithmSpec.SYMMETRIC_DEFAULT, re.destinationEncryptionAlgorithm());
    DecryptResponse dec = kms.decrypt(r -> r.ciphertextBlob(re.ciphertextBlob()));
    assertEquals("moving", dec.plaintext().asUtf8String());
    assertEquals(keyArn(b), dec.keyId(), "the new blob names the destination key");
    assertKmsError(
        IncorrectKeyException.class,
        "IncorrectKeyException",
        () -> kms.decrypt(r -> r.ciphertextBlob(re.ciphertextBlob()).keyId(a)));
  }

  @Test
  void reEncryptWithSourceKeyIdAndContexts() {
    String a = newKey();
    String b = newKey();
    String destinationAlias = newAlias("reencrypt-dest", b);
    Map<String, String> sourceCtx = Map.of("stage", "old");
    Map<String, String> destCtx = Map.of("stage", "new");
    SdkBytes blob =
        kms.encrypt(r -> r.keyId(a).plaintext(utf8("ctx")).encryptionContext(sourceCtx))
            .ciphertextBlob();

    ReEncryptResponse re =
        kms.reEncrypt(
            r ->
                r.ciphertextBlob(blob)
                    .sourceKeyId(a)
                    .sourceEncryptionContext(sourceCtx)
                    .destinationKeyId(destinationAlias)
                    .destinationEncryptionContext(destCtx));

    assertEquals(keyArn(b), re.keyId());
    assertEquals(
        "ctx",
        kms.decrypt(r -> r.ciphertextBlob(re.ciphertextBlob()).encryptionContext(destCtx))
            .plaintext()
            .asUtf8String());
    assertKmsError(
        InvalidCiphertextException.class,
        "InvalidCiphertextException",
        () -> kms.decrypt(r -> r.ciphertextBlob(re.ciphertextBlob()).encryptionContext(sourceCtx)));
  }

  @Test
  void reEncryptWithWrongSourceContextIsInvalidCiphertext() {
    String a = newKey();
    String b = newKey();
    SdkBytes blob =
        kms.encrypt(r -> r.keyId(a).plaintext(utf8("ctx")).encryptionContext(Map.of("k", "v")))
            .ciphertextBlob();
    assertKmsError(
        InvalidCiphertextException.class,
        "InvalidCiphertextException",
        () -> kms.reEncrypt(r -> r.ciphertextBlob(blob).destinationKeyId(b)));
  }

  @Test
  void reEncryptToAnUnknownKeyIsNotFound() {
    String a = newKey();
    SdkBytes blob = encrypt(a, "x");
    assertNotFound(
        () ->
            kms.reEncrypt(
                r -> r.ciphertextBlob(blob).destinationKeyId(UUID.randomUUID().toString())));
  }

  // ================================================================== GenerateDataKey

  @Test
  void generateDataKeyAes256Is32BytesAndItsBlobDecryptsToIt() {
    String keyId = newKey();
    GenerateDataKeyResponse dk =
        kms.generateDataKey(b -> b.keyId(keyId).keySpec(DataKeySpec.AES_256));
    assertEquals(32, dk.plaintext().asByteArray().length);
    assertEquals(keyArn(keyId), dk.keyId());
    DecryptResponse dec = kms.decrypt(b -> b.ciphertextBlob(dk.ciphertextBlob()));
    assertArrayEquals(dk.plaintext().asByteArray(), dec.plaintext().asByteArray());
    assertEquals(keyArn(keyId), dec.keyId());
  }

  @Test
  void generateDataKeyAes128Is16Bytes() {
    String keyId = newKey();
    GenerateDataKeyResponse dk =
        kms.generateDataKey(b -> b.keyId(keyId).keySpec(DataKeySpec.AES_128));
    assertEquals(16, dk.plaintext().asByteArray().length);
    assertArrayEquals(
        dk.plaintext().asByteArray(),
        kms.decrypt(b -> b.ciphertextBlob(dk.ciphertextBlob())).plaintext().asByteArray());
  }

  @Test
  void generateDataKeyOf1And1024Bytes() {
    String keyId = newKey();
    for (int n : new int[] {1, 1024}) {
      GenerateDataKeyResponse dk = kms.generateDataKey(b -> b.keyId(keyId).numberOfBytes(n));
      assertEquals(n, dk.plaintext().asByteArray().length);
      assertArrayEquals(
          dk.plaintext().asByteArray(),
          kms.decrypt(b -> b.ciphertextBlob(dk.ciphertextBlob())).plaintext().asByteArray());
    }
  }

  @Test
  void dataKeyWithEncryptionContextNeedsTheContextToDecrypt() {
    String keyId = newKey();
    Map<String, String> ctx = Map.of("file", "report.pdf");
    GenerateDataKeyResponse dk =
        kms.generateDataKey(
            b -> b.keyId(keyId).keySpec(DataKeySpec.AES_256).encryptionContext(ctx));
    assertArrayEquals(
        dk.plaintext().asByteArray(),
        kms.decrypt(b -> b.ciphertextBlob(dk.ciphertextBlob()).encryptionContext(ctx))
            .plaintext()
            .asByteArray());
    assertKmsError(
        InvalidCiphertextException.class,
        "InvalidCiphertextException",
        () -> kms.decrypt(b -> b.ciphertextBlob(dk.ciphertextBlob())));
  }

  @Test
  void generateDataKeyWithNeitherKeySpecNorNumberOfBytesIsRefused() {
    String keyId = newKey();
    assertValidationError(() -> kms.generateDataKey(b -> b.keyId(keyId)));
  }

  @Test
  void generateDataKeyWithBothKeySpecAndNumberOfBytesIsRefused() {
    String keyId = newKey();
    assertValidationError(
        () ->
            kms.generateDataKey(
                b -> b.keyId(keyId).keySpec(DataKeySpec.AES_256).numberOfBytes(32)));
  }

  @Test
  void generateDataKeyOf1025BytesIsRefused() {
    String keyId = newKey();
    assertValidationError(() -> kms.generateDataKey(b -> b.keyId(keyId).numberOfBytes(1025)));
  }

  @Test
  void generateDataKeyOf0BytesIsRefused() {
    String keyId = newKey();
    assertValidationError(() -> kms.generateDataKey(b -> b.keyId(keyId).numberOfBytes(0)));
  }

  @Test
  void generateDataKeyWithoutPlaintextBlobDecryptsTo32Bytes() {
    String keyId = newKey();
    GenerateDataKeyWithoutPlaintextResponse dk =
        kms.generateDataKeyWithoutPlaintext(b -> b.keyId(keyId).keySpec(DataKeySpec.AES_256));
    assertEquals(keyArn(keyId), dk.keyId());
    assertEquals(
        32,
        kms.decrypt(b -> b.ciphertextBlob(dk.ciphertextBlob())).plaintext().asByteArray().length);
  }

  @Test
  void generateDataKeyWithoutPlaintextSendsNoPlaintext() throws IOException {
    String keyId = newKey();
    HttpResponse<String> response =
        rawPost(
            node.endpoint(),
            "TrentService.GenerateDataKeyWithoutPlaintext",
            TEST_AUTHORIZATION,
            "{\"KeyId\":\"" + keyId + "\",\"KeySpec\":\"AES_256\"}");
    assertEquals(200, response.statusCode(), response.body());
    JsonNode body = JSON.readTree(response.body());
    assertTrue(body.hasNonNull("CiphertextBlob"), response.body());
    assertFalse(body.has("Plaintext"), "no plaintext in " + response.body());
  }

  // ================================================================== GenerateRandom

  @Test
  void generateRandomGivesTheBytesAskedFrom1To1024() {
    for (int n : new int[] {1, 32, 1024}) {
      assertEquals(n, kms.generateRandom(b -> b.numberOfBytes(n)).plaintext().asByteArray().length);
    }
  }

  @Test
  void generateRandomTwiceGivesDifferentBytes() {
    byte[] first = kms.generateRandom(b -> b.numberOfBytes(32)).plaintext().asByteArray();
    byte[] second = kms.generateRandom(b -> b.numberOfBytes(32)).plaintext().asByteArray();
    assertFalse(Arrays.equals(first, second));
  }

  @Test
  void generateRandomOf0BytesIsRefused() {
    assertValidationError(() -> kms.generateRandom(b -> b.numberOfBytes(0)));
  }

  @Test
  void generateRandomOf1025BytesIsRefused() {
    assertValidationError(() -> kms.generateRandom(b -> b.numberOfBytes(1025)));
  }

  // ================================================================== Enable / Disable

  @Test
  void disabledKeyRefusesEncryptDecryptAndDataKeys() {
    String keyId = newKey();
    SdkBytes blob = encrypt(keyId, "before");
    kms.disableKey(b -> b.keyId(keyId));

    assertKmsError(DisabledException.class, "DisabledException", () -> encrypt(keyId, "x"));
    assertKmsError(DisabledException.class, "DisabledException", () -> decrypt(blob));
    assertKmsError(
        DisabledException.class,
        "DisabledException",
        () -> kms.generateDataKey(b -> b.keyId(keyId).keySpec(DataKeySpec.AES_256)));
    assertKmsError(
        DisabledException.class,
        "DisabledException",
        () ->
            kms.generateDataKeyWithoutPlaintext(b -> b.keyId(keyId).keySpec(DataKeySpec.AES_256)));
  }

  @Test
  void disabledKeyIsDescribedAsDisabled() {
    String keyId = newKey();
    kms.disableKey(b -> b.keyId(keyId));
    KeyMetadata m = describe(keyId);
    assertEquals(KeyState.DISABLED, m.keyState());
    assertFalse(m.enabled());
  }

  @Test
  void reEncryptToADisabledKeyIsRefused() {
    String a = newKey();
    String b = newKey();
    SdkBytes blob = encrypt(a, "x");
    kms.disableKey(r -> r.keyId(b));
    assertKmsError(
        DisabledException.class,
        "DisabledException",
        () -> kms.reEncrypt(r -> r.ciphertextBlob(blob).destinationKeyId(b)));
  }

  @Test
  void enableKeyRestoresCryptography() {
    String keyId = newKey();
    SdkBytes blob = encrypt(keyId, "before");
    kms.disableKey(b -> b.keyId(keyId));
    kms.enableKey(b -> b.keyId(keyId));

    KeyMetadata m = describe(keyId);
    assertEquals(KeyState.ENABLED, m.keyState());
    assertTrue(m.enabled());
    assertEquals("before", decrypt(blob));
    assertEquals("after", decrypt(encrypt(keyId, "after")));
  }

  @Test
  void disableAndEnableAreIdempotent() {
    String keyId = newKey();
    kms.enableKey(b -> b.keyId(keyId));
    assertEquals(KeyState.ENABLED, describe(keyId).keyState());
    kms.disableKey(b -> b.keyId(keyId));
    kms.disableKey(b -> b.keyId(keyId));
    assertEquals(KeyState.DISABLED, describe(keyId).keyState());
    kms.enableKey(b -> b.keyId(keyId));
    kms.enableKey(b -> b.keyId(keyId));
    assertEquals(KeyState.ENABLED, describe(keyId).keyState());
  }

  @Test
  void disableKeyByAlias() {
    String keyId = newKey();
    String alias = newAlias("disable", keyId);
    kms.disableKey(b -> b.keyId(alias));
    assertEquals(KeyState.DISABLED, describe(keyId).keyState());
  }

  @Test
  void enableOrDisableOfUnknownKeyIsNotFound() {
    assertNotFound(() -> kms.disableKey(b -> b.keyId(UUID.randomUUID().toString())));
    assertNotFound(() -> kms.enableKey(b -> b.keyId(UUID.randomUUID().toString())));
  }

  // ================================================================== ScheduleKeyDeletion /
  // CancelKeyDeletion

  @Test
  void scheduleKeyDeletionDefaultWindowIs30Days() {
    String keyId = newKey();
    Instant now = node.clock().instant();

    ScheduleKeyDeletionResponse r = kms.scheduleKeyDeletion(b -> b.keyId(keyId));

    assertEquals(keyArn(keyId), r.keyId());
    assertEquals(KeyState.PENDING_DELETION, r.keyState());
    assertEquals(30, r.pendingWindowInDays());
    assertCloseTo(now.plus(Duration.ofDays(30)), r.deletionDate());
    KeyMetadata m = describe(keyId);
    assertEquals(KeyState.PENDING_DELETION, m.keyState());
    assertFalse(m.enabled());
    assertEquals(r.deletionDate(), m.deletionDate());
    assertEquals(30, m.pendingDeletionWindowInDays());
  }

  @Test
  void scheduleKeyDeletionWithWindowOf7Days() {
    String keyId = newKey();
    Instant now = node.clock().instant();
    ScheduleKeyDeletionResponse r =
        kms.scheduleKeyDeletion(b -> b.keyId(keyId).pendingWindowInDays(7));
    assertEquals(7, r.pendingWindowInDays());
    assertCloseTo(now.plus(Duration.ofDays(7)), r.deletionDate());
  }

  @Test
  void deletionWindowOf6DaysIsRefused() {
    String keyId = newKey();
    assertValidationError(
        () -> kms.scheduleKeyDeletion(b -> b.keyId(keyId).pendingWindowInDays(6)));
    assertEquals(KeyState.ENABLED, describe(keyId).keyState());
  }

  @Test
  void deletionWindowOf31DaysIsRefused() {
    String keyId = newKey();
    assertValidationError(
        () -> kms.scheduleKeyDeletion(b -> b.keyId(keyId).pendingWindowInDays(31)));
    assertEquals(KeyState.ENABLED, describe(keyId).keyState());
  }

  @Test
  void keyPendingDeletionRefusesCryptography() {
    String keyId = newKey();
    SdkBytes blob = encrypt(keyId, "before");
    kms.scheduleKeyDeletion(b -> b.keyId(keyId).pendingWindowInDays(7));

    assertKmsError(
        KmsInvalidStateException.class, "KMSInvalidStateException", () -> encrypt(keyId, "x"));
    assertKmsError(KmsInvalidStateException.class, "KMSInvalidStateException", () -> decrypt(blob));
    assertKmsError(
        KmsInvalidStateException.class,
        "KMSInvalidStateException",
        () -> kms.generateDataKey(b -> b.keyId(keyId).keySpec(DataKeySpec.AES_256)));
  }

  @Test
  void keyPendingDeletionCannotBeEnabledOrDisabled() {
    String keyId = newKey();
    kms.scheduleKeyDeletion(b -> b.keyId(keyId).pendingWindowInDays(7));
    assertKmsError(
        KmsInvalidStateException.class,
        "KMSInvalidStateException",
        () -> kms.enableKey(b -> b.keyId(keyId)));
    assertKmsError(
        KmsInvalidStateException.class,
        "KMSInvalidStateException",
        () -> kms.disableKey(b -> b.keyId(keyId)));
  }

  @Test
  void schedulingDeletionTwiceIsRefused() {
    String keyId = newKey();
    kms.scheduleKeyDeletion(b -> b.keyId(keyId).pendingWindowInDays(7));
    assertKmsError(
        KmsInvalidStateException.class,
        "KMSInvalidStateException",
        () -> kms.scheduleKeyDeletion(b -> b.keyId(keyId).pendingWindowInDays(10)));
    assertEquals(7, describe(keyId).pendingDeletionWindowInDays());
  }

  @Test
  void cancelledDeletionLeavesTheKeyDisabledUntilEnabled() {
    String keyId = newKey();
    SdkBytes blob = encrypt(keyId, "kept");
    kms.scheduleKeyDeletion(b -> b.keyId(keyId).pendingWindowInDays(7));

    CancelKeyDeletionResponse cancelled = kms.cancelKeyDeletion(b -> b.keyId(keyId));

    assertEquals(keyArn(keyId), cancelled.keyId());
    KeyMetadata m = describe(keyId);
    assertEquals(KeyState.DISABLED, m.keyState());
    assertFalse(m.enabled());
    assertNull(m.deletionDate());
    assertNull(m.pendingDeletionWindowInDays());
    assertKmsError(DisabledException.class, "DisabledException", () -> decrypt(blob));

    kms.enableKey(b -> b.keyId(keyId));
    assertEquals(KeyState.ENABLED, describe(keyId).keyState());
    assertEquals("kept", decrypt(blob));
  }

  @Test
  void cancelOfAKeyNotPendingDeletionIsRefused() {
    String keyId = newKey();
    assertKmsError(
        KmsInvalidStateException.class,
        "KMSInvalidStateException",
        () -> kms.cancelKeyDeletion(b -> b.keyId(keyId)));
  }

  @Test
  void scheduleDeletionOfUnknownKeyIsNotFound() {
    assertNotFound(() -> kms.scheduleKeyDeletion(b -> b.keyId(UUID.randomUUID().toString())));
  }

  @Test
  void aliasCannotBeCreatedForAKeyPendingDeletion() {
    String keyId = newKey();
    kms.scheduleKeyDeletion(b -> b.keyId(keyId).pendingWindowInDays(7));
    assertKmsError(
        KmsInvalidStateException.class,
        "KMSInvalidStateException",
        () -> kms.createAlias(b -> b.aliasName(uniqueAlias("pending")).targetKeyId(keyId)));
  }

  private void assertCloseTo(Instant expected, Instant actual) {
    assertTrue(
        Duration.between(expected, actual).abs().compareTo(Duration.ofSeconds(5)) < 0,
        "expected about " + expected + ", got " + actual);
  }

  // ================================================================== UpdateKeyDescription

  @Test
  void updateKeyDescriptionShowsInDescribeKey() {
    String keyId = newKey();
    kms.updateKeyDescription(b -> b.keyId(keyId).description("rotated every year"));
    assertEquals("rotated every year", describe(keyId).description());
  }

  @Test
  void descriptionCanBeUpdatedThroughAnAlias() {
    String keyId = newKey();
    String alias = newAlias("describe-update", keyId);
    kms.updateKeyDescription(b -> b.keyId(alias).description("via alias"));
    assertEquals("via alias", describe(keyId).description());
  }

  @Test
  void updateKeyDescriptionOfUnknownKeyIsNotFound() {
    assertNotFound(
        () ->
            kms.updateKeyDescription(b -> b.keyId(UUID.randomUUID().toString()).description("x")));
  }

  // ================================================================== Aliases

  @Test
  void aliasCanBeUsedToEncrypt() {
    String keyId = newKey();
    String alias = newAlias("encrypt", keyId);
    SdkBytes blob = encrypt(alias, "via alias");
    DecryptResponse dec = kms.decrypt(b -> b.ciphertextBlob(blob));
    assertEquals("via alias", dec.plaintext().asUtf8String());
    assertEquals(keyArn(keyId), dec.keyId());
  }

  @Test
  void aliasCanBeCreatedWithTheKeyArn() {
    String keyId = newKey();
    String alias = uniqueAlias("by-arn");
    kms.createAlias(b -> b.aliasName(alias).targetKeyId(keyArn(keyId)));
    assertEquals(keyId, describe(alias).keyId());
  }

  @Test
  void duplicateAliasAlreadyExists() {
    String keyId = newKey();
    String other = newKey();
    String alias = newAlias("dup", keyId);
    assertKmsError(
        AlreadyExistsException.class,
        "AlreadyExistsException",
        () -> kms.createAlias(b -> b.aliasName(alias).targetKeyId(other)));
    assertEquals(keyId, describe(alias).keyId(), "the alias still points to the first key");
  }

  @Test
  void aliasToUnknownKeyIsNotFound() {
    String alias = uniqueAlias("to-nothing");
    assertNotFound(
        () -> kms.createAlias(b -> b.aliasName(alias).targetKeyId(UUID.randomUUID().toString())));
    assertNotFound(() -> describe(alias));
  }

  @Test
  void aliasNameWithoutThePrefixIsRefused() {
    String keyId = newKey();
    assertValidationError(
        () ->
            kms.createAlias(b -> b.aliasName("payments-" + UUID.randomUUID()).targetKeyId(keyId)));
  }

  @Test
  void aliasPrefixAwsIsReserved() {
    String keyId = newKey();
    assertKmsError(
        KmsException.class,
        "NotAuthorizedException",
        () -> kms.createAlias(b -> b.aliasName("alias/aws/x").targetKeyId(keyId)));
  }

  @Test
  void aliasPrefixVerencIsReserved() {
    String keyId = newKey();
    assertKmsError(
        KmsException.class,
        "NotAuthorizedException",
        () -> kms.createAlias(b -> b.aliasName("alias/verenc/x").targetKeyId(keyId)));
  }

  @Test
  void updateAliasRepointsIt() {
    String first = newKey();
    String second = newKey();
    String alias = newAlias("repoint", first);

    kms.updateAlias(b -> b.aliasName(alias).targetKeyId(second));

    assertEquals(second, describe(alias).keyId());
    assertEquals(keyArn(second), kms.encrypt(b -> b.keyId(alias).plaintext(utf8("x"))).keyId());
  }

  @Test
  void updateOfUnknownAliasIsNotFound() {
    String keyId = newKey();
    assertNotFound(
        () -> kms.updateAlias(b -> b.aliasName(uniqueAlias("missing")).targetKeyId(keyId)));
  }

  @Test
  void updateAliasToUnknownKeyIsNotFound() {
    String keyId = newKey();
    String alias = newAlias("repoint-nowhere", keyId);
    assertNotFound(
        () -> kms.updateAlias(b -> b.aliasName(alias).targetKeyId(UUID.randomUUID().toString())));
    assertEquals(keyId, describe(alias).keyId());
  }

  @Test
  void updateAliasNeedsPermissionOnTheKeyItPointsToNow() {
    String current = newKey();
    String next = newKey();
    String alias = newAlias("repoint-denied", current);
    kms.putKeyPolicy(
        b ->
            b.keyId(current)
                .policy(
                    "{\"Version\":\"2012-10-17\",\"Statement\":["
                        + "{\"Sid\":\"AllowAll\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::111122223333:root\"},"
                        + "\"Action\":\"kms:*\",\"Resource\":\"*\"},"
                        + "{\"Sid\":\"KeepAlias\",\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"kms:UpdateAlias\","
                        + "\"Resource\":\"*\"}]}"));

    assertKmsError(
        KmsException.class,
        "AccessDeniedException",
        () -> kms.updateAlias(b -> b.aliasName(alias).targetKeyId(next)));
    assertEquals(
        current, describe(alias).keyId(), "the alias stays on the key that denies moving it");

    kms.putKeyPolicy(b -> b.keyId(current).policy(customPolicy("AllowAll")));
    kms.updateAlias(b -> b.aliasName(alias).targetKeyId(next));
    assertEquals(next, describe(alias).keyId());
  }

  @Test
  void deletedAliasNoLongerResolves() {
    String keyId = newKey();
    String alias = newAlias("delete", keyId);

    kms.deleteAlias(b -> b.aliasName(alias));

    assertNotFound(() -> describe(alias));
    assertEquals(KeyState.ENABLED, describe(keyId).keyState(), "the key stays");
    assertTrue(listAllAliases(kms, keyId, 100).isEmpty());
  }

  @Test
  void deleteOfUnknownAliasIsNotFound() {
    assertNotFound(() -> kms.deleteAlias(b -> b.aliasName(uniqueAlias("never-made"))));
  }

  @Test
  void deletedAliasNameCanBeReused() {
    String first = newKey();
    String second = newKey();
    String alias = newAlias("reuse", first);
    kms.deleteAlias(b -> b.aliasName(alias));
    kms.createAlias(b -> b.aliasName(alias).targetKeyId(second));
    assertEquals(second, describe(alias).keyId());
  }

  @Test
  void listAliasesShowsEveryAliasWithItsArnAndTarget() {
    String keyId = newKey();
    String alias = newAlias("listed", keyId);

    AliasListEntry entry =
        listAllAliases(kms, null, 100).stream()
            .filter(e -> e.aliasName().equals(alias))
            .findFirst()
            .orElseThrow();

    assertEquals(aliasArn(alias), entry.aliasArn());
    assertEquals("arn:aws:kms:ch-gva-2:111122223333:" + alias, entry.aliasArn());
    assertEquals(keyId, entry.targetKeyId());
  }

  @Test
  void listAliasesFilteredByKeyIdShowsOnlyThatKeysAliases() {
    String keyId = newKey();
    String other = newKey();
    String a1 = newAlias("mine", keyId);
    String a2 = newAlias("mine", keyId);
    newAlias("theirs", other);

    Set<String> names =
        listAllAliases(kms, keyId, 100).stream()
            .map(KmsApiSuite::aliasName)
            .collect(Collectors.toSet());
    assertEquals(Set.of(a1, a2), names);
    Set<String> byArn =
        listAllAliases(kms, keyArn(keyId), 100).stream()
            .map(KmsApiSuite::aliasName)
            .collect(Collectors.toSet());
    assertEquals(Set.of(a1, a2), byArn, "KeyId may be given as the key ARN");
  }

  @Test
  void listAliasesPagingWithLimitOneWalksEveryAliasOnce() {
    String keyId = newKey();
    List<String> created =
        List.of(newAlias("page", keyId), newAlias("page", keyId), newAlias("page", keyId));

    List<String> onePerPage =
        listAllAliases(kms, null, 1).stream().map(KmsApiSuite::aliasName).toList();
    for (String alias : created) {
      assertEquals(1, Collections.frequency(onePerPage, alias), alias + " listed exactly once");
    }
    assertEquals(onePerPage.size(), new HashSet<>(onePerPage).size(), "no alias is listed twice");

    List<String> filtered =
        listAllAliases(kms, keyId, 1).stream().map(KmsApiSuite::aliasName).toList();
    assertEquals(Set.copyOf(created), Set.copyOf(filtered));
    assertEquals(3, filtered.size());
  }

  @Test
  void listAliasesWithInvalidMarkerIsRefused() {
    String keyId = newKey();
    newAlias("marker", keyId);
    assertKmsError(
        InvalidMarkerException.class,
        "InvalidMarkerException",
        () -> kms.listAliases(b -> b.marker("bogus-" + UUID.randomUUID())));
  }

  // ================================================================== Tags

  @Test
  void tagResourceAddsTags() {
    String keyId = newKey();
    kms.tagResource(b -> b.keyId(keyId).tags(tag("b", "2"), tag("a", "1")));
    assertEquals(
        List.of(tag("a", "1"), tag("b", "2")), kms.listResourceTags(b -> b.keyId(keyId)).tags());
  }

  @Test
  void tagResourceOverwritesAnExistingValue() {
    String keyId = newKey();
    kms.tagResource(b -> b.keyId(keyId).tags(tag("env", "test"), tag("team", "a")));
    kms.tagResource(b -> b.keyId(keyId).tags(tag("env", "prod")));
    assertEquals(
        List.of(tag("env", "prod"), tag("team", "a")),
        kms.listResourceTags(b -> b.keyId(keyId)).tags());
  }

  @Test
  void untagResourceRemovesTags() {
    String keyId = newKey();
    kms.tagResource(b -> b.keyId(keyId).tags(tag("a", "1"), tag("b", "2"), tag("c", "3")));
    kms.untagResource(b -> b.keyId(keyId).tagKeys("a", "c", "not-there"));
    assertEquals(List.of(tag("b", "2")), kms.listResourceTags(b -> b.keyId(keyId)).tags());
  }

  @Test
  void tagsAreListedSortedByKeyAndPagedWithLimitOne() {
    String keyId = newKey();
    kms.tagResource(b -> b.keyId(keyId).tags(tag("zeta", "z"), tag("alpha", "a"), tag("mu", "m")));

    List<Tag> walked = new ArrayList<>();
    String marker = null;
    for (int page = 0; page < 10; page++) {
      String m = marker;
      ListResourceTagsResponse r = kms.listResourceTags(b -> b.keyId(keyId).limit(1).marker(m));
      assertTrue(r.tags().size() <= 1);
      walked.addAll(r.tags());
      if (!Boolean.TRUE.equals(r.truncated())) {
        assertNull(r.nextMarker());
        break;
      }
      assertNotNull(r.nextMarker());
      marker = r.nextMarker();
    }
    assertEquals(List.of(tag("alpha", "a"), tag("mu", "m"), tag("zeta", "z")), walked);
  }

  @Test
  void tagsCanBeSetThroughAnAlias() {
    String keyId = newKey();
    String alias = newAlias("tag", keyId);
    kms.tagResource(b -> b.keyId(alias).tags(tag("via", "alias")));
    assertEquals(List.of(tag("via", "alias")), kms.listResourceTags(b -> b.keyId(keyId)).tags());
  }

  @Test
  void reservedAwsTagKeyIsRefused() {
    String keyId = newKey();
    assertKmsError(
        TagException.class,
        "TagException",
        () -> kms.tagResource(b -> b.keyId(keyId).tags(tag("aws:created-by", "me"))));
  }

  @Test
  void fiftyTagsAreAllowedAndTheFiftyFirstExceedsTheLimit() {
    String keyId = newKey();
    kms.tagResource(b -> b.keyId(keyId).tags(tags("k", 0, 40)));
    kms.tagResource(b -> b.keyId(keyId).tags(tags("k", 40, 50)));
    // Overwriting an existing tag of a full key is no new tag.
    kms.tagResource(b -> b.keyId(keyId).tags(tag("k00", "new value")));
    assertEquals(50, kms.listResourceTags(b -> b.keyId(keyId)).tags().size());

    assertKmsError(
        LimitExceededException.class,
        "LimitExceededException",
        () -> kms.tagResource(b -> b.keyId(keyId).tags(tag("one-too-many", "x"))));
    assertEquals(50, kms.listResourceTags(b -> b.keyId(keyId)).tags().size(), "nothing was added");
  }

  @Test
  void moreThanFiftyTagsInOneRequestIsRefused() {
    String keyId = newKey();
    // The Tags member is limited to 50 entries by the service's input validation.
    assertValidationError(() -> kms.tagResource(b -> b.keyId(keyId).tags(tags("t", 0, 51))));
    assertTrue(kms.listResourceTags(b -> b.keyId(keyId)).tags().isEmpty());
  }

  @Test
  void tagsOfUnknownKeyIsNotFound() {
    assertNotFound(() -> kms.listResourceTags(b -> b.keyId(UUID.randomUUID().toString())));
    assertNotFound(
        () -> kms.tagResource(b -> b.keyId(UUID.randomUUID().toString()).tags(tag("a", "b"))));
  }

  private List<Tag> tags(String prefix, int from, int to) {
    return IntStream.range(from, to)
        .mapToObj(i -> tag(String.format("%s%02d", prefix, i), "v" + i))
        .toList();
  }

  // ================================================================== Policies

  static String customPolicy(String sid) {
    return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\""
        + sid
        + "\",\"Effect\":\"Allow\","
        + "\"Principal\":{\"AWS\":\"arn:aws:iam::111122223333:root\"},\"Action\":\"kms:*\",\"Resource\":\"*\"}]}";
  }

  @Test
  void defaultPolicyGivesTheAccountRootFullAccess() throws IOException {
    String keyId = newKey();
    GetKeyPolicyResponse r = kms.getKeyPolicy(b -> b.keyId(keyId).policyName("default"));
    assertEquals("default", r.policyName());
    JsonNode policy = JSON.readTree(r.policy());
    JsonNode statements = policy.get("Statement");
    assertNotNull(statements, r.policy());
    boolean rootAllowed = false;
    for (JsonNode s : statements) {
      rootAllowed |=
          s.path("Effect").asText().equals("Allow")
              && s.path("Principal").path("AWS").asText().equals("arn:aws:iam::111122223333:root")
              && s.path("Action").asText().equals("kms:*");
    }
    assertTrue(rootAllowed, "the account root may do kms:* in " + r.policy());
  }

  @Test
  void getKeyPolicyWithoutPolicyNameReturnsTheDefaultPolicy() {
    String keyId = newKey();
    String named = kms.getKeyPolicy(b -> b.keyId(keyId).policyName("default")).policy();
    assertEquals(named, kms.getKeyPolicy(b -> b.keyId(keyId)).policy());
  }

  @Test
  void putKeyPolicyReplacesThePolicy() {
    String keyId = newKey();
    String policy = customPolicy("replaced");
    kms.putKeyPolicy(b -> b.keyId(keyId).policyName("default").policy(policy));
    assertEquals(policy, kms.getKeyPolicy(b -> b.keyId(keyId).policyName("default")).policy());
  }

  @Test
  void putOfAMalformedPolicyIsRefusedAndKeepsTheOldOne() {
    String keyId = newKey();
    String before = kms.getKeyPolicy(b -> b.keyId(keyId).policyName("default")).policy();
    assertKmsError(
        MalformedPolicyDocumentException.class,
        "MalformedPolicyDocumentException",
        () -> kms.putKeyPolicy(b -> b.keyId(keyId).policyName("default").policy("{not json")));
    assertEquals(before, kms.getKeyPolicy(b -> b.keyId(keyId).policyName("default")).policy());
  }

  @Test
  void policyNamedOtherIsNotFound() {
    String keyId = newKey();
    assertNotFound(() -> kms.getKeyPolicy(b -> b.keyId(keyId).policyName("other")));
  }

  @Test
  void listKeyPoliciesNamesOnlyDefault() {
    String keyId = newKey();
    assertEquals(List.of("default"), kms.listKeyPolicies(b -> b.keyId(keyId)).policyNames());
  }

  @Test
  void policyOfUnknownKeyIsNotFound() {
    assertNotFound(
        () -> kms.getKeyPolicy(b -> b.keyId(UUID.randomUUID().toString()).policyName("default")));
  }

  // ================================================================== Transport errors (raw HTTP)

  @Test
  void successfulResponseHasARequestId() {
    HttpResponse<String> r =
        rawPost(
            node.endpoint(),
            "TrentService.GenerateRandom",
            TEST_AUTHORIZATION,
            "{\"NumberOfBytes\":16}");
    assertEquals(200, r.statusCode(), r.body());
    assertRequestId(r);
    assertTrue(
        r.headers().firstValue("Content-Type").orElse("").startsWith("application/x-amz-json-1.1"),
        r.headers().toString());
  }

  @Test
  void unknownTargetIsUnknownOperation() throws IOException {
    assertRawError(
        "UnknownOperationException",
        rawPost(node.endpoint(), "TrentService.MakeCoffee", TEST_AUTHORIZATION, "{}"));
  }

  @Test
  void missingTargetIsUnknownOperation() throws IOException {
    assertRawError(
        "UnknownOperationException", rawPost(node.endpoint(), null, TEST_AUTHORIZATION, "{}"));
  }

  @Test
  void unparsableJsonIsASerializationError() throws IOException {
    assertRawError(
        "SerializationException",
        rawPost(node.endpoint(), "TrentService.DescribeKey", TEST_AUTHORIZATION, "{\"KeyId\": "));
  }

  @Test
  void wrongMemberTypeIsASerializationError() throws IOException {
    assertRawError(
        "SerializationException",
        rawPost(
            node.endpoint(),
            "TrentService.GenerateRandom",
            TEST_AUTHORIZATION,
            "{\"NumberOfBytes\":\"many\"}"));
  }

  @Test
  void bodyOver300KibIsTooLarge() throws IOException {
    byte[] body = ("{\"Description\":\"" + "x".repeat(310 * 1024) + "\"}").getBytes();
    RawResponse r =
        KmsTestSupport.rawExpectContinue(
            node.endpoint(), "TrentService.CreateKey", TEST_AUTHORIZATION, body, false);
    assertRawError(
        "RequestEntityTooLargeException",
        r.status(),
        r.headers().get("x-amzn-requestid"),
        r.body());
  }

  @Test
  void chunkedBodyOver300KibIsTooLarge() throws IOException {
    // One byte over the limit, sent as a chunk: the server has to count, it cannot read a length.
    byte[] body = new byte[300 * 1024 + 1];
    Arrays.fill(body, (byte) 'x');
    RawResponse r =
        KmsTestSupport.rawExpectContinue(
            node.endpoint(), "TrentService.CreateKey", TEST_AUTHORIZATION, body, true);
    assertRawError(
        "RequestEntityTooLargeException",
        r.status(),
        r.headers().get("x-amzn-requestid"),
        r.body());
  }

  @Test
  void missingAuthorizationIsMissingAuthenticationToken() throws IOException {
    assertRawError(
        "MissingAuthenticationTokenException",
        rawPost(node.endpoint(), "TrentService.ListKeys", RawAuth.NONE, "{}"));
  }

  @Test
  void unknownAccessKeyIsUnrecognizedClient() throws IOException {
    assertRawError(
        "UnrecognizedClientException",
        rawPost(
            node.endpoint(),
            "TrentService.ListKeys",
            RawAuth.signedAs(
                "AKIDUNKNOWN" + UUID.randomUUID().toString().substring(0, 8), "secret"),
            "{}"));
  }

  @Test
  void unknownAccessKeyThroughTheSdkIsUnrecognizedClient() {
    try (KmsClient stranger = node.client("nobody-" + UUID.randomUUID(), "secret")) {
      assertKmsError(KmsException.class, "UnrecognizedClientException", stranger::listKeys);
    }
  }

  @Test
  void validationErrorBodyCarriesTypeAndMessage() throws IOException {
    HttpResponse<String> r =
        rawPost(
            node.endpoint(),
            "TrentService.GenerateRandom",
            TEST_AUTHORIZATION,
            "{\"NumberOfBytes\":0}");
    assertRawError("ValidationException", r);
  }

  @Test
  void notFoundErrorBodyHasNoInternals() throws IOException {
    assertRawError(
        "NotFoundException",
        rawPost(
            node.endpoint(),
            "TrentService.DescribeKey",
            TEST_AUTHORIZATION,
            "{\"KeyId\":\"" + UUID.randomUUID() + "\"}"));
  }

  @Test
  void ciphertextSentByHandAsBase64Decrypts() {
    String keyId = newKey();
    SdkBytes blob = encrypt(keyId, "by hand");
    HttpResponse<String> r =
        rawPost(
            node.endpoint(),
            "TrentService.Decrypt",
            TEST_AUTHORIZATION,
            "{\"CiphertextBlob\":\""
                + Base64.getEncoder().encodeToString(blob.asByteArray())
                + "\"}");
    assertEquals(200, r.statusCode(), r.body());
    assertRequestId(r);
    assertTrue(
        r.body().contains(Base64.getEncoder().encodeToString("by hand".getBytes())), r.body());
  }

  private void assertRawError(String type, HttpResponse<String> r) throws IOException {
    assertRawError(
        type, r.statusCode(), r.headers().firstValue("x-amzn-RequestId").orElse(null), r.body());
  }

  private void assertRawError(String type, int status, String requestId, String rawBody)
      throws IOException {
    assertEquals(400, status, rawBody);
    assertFalse(
        requestId == null || requestId.isBlank(),
        "x-amzn-RequestId header on the error " + rawBody);
    JsonNode body = JSON.readTree(rawBody);
    assertEquals(type, body.path("__type").asText(), rawBody);
    String message =
        body.has("message") ? body.get("message").asText() : body.path("Message").asText();
    assertFalse(message.isBlank(), "the error explains itself: " + rawBody);
    assertFalse(rawBody.contains("Exception:"), "no exception text in " + rawBody);
    assertFalse(rawBody.contains("at com."), "no stack frames in " + rawBody);
    assertFalse(rawBody.contains("at org."), "no stack frames in " + rawBody);
  }

  private void assertRequestId(HttpResponse<String> r) {
    String id = r.headers().firstValue("x-amzn-RequestId").orElse("");
    assertFalse(id.isBlank(), "x-amzn-RequestId header in " + r.headers());
  }
}
