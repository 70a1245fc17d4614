package com.verenc.kms.protocol;

import static com.verenc.kms.protocol.WireTestSupport.a;
import static com.verenc.kms.protocol.WireTestSupport.b64;
import static com.verenc.kms.protocol.WireTestSupport.body;
import static com.verenc.kms.protocol.WireTestSupport.read;
import static com.verenc.kms.protocol.WireTestSupport.rejected;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.verenc.kms.protocol.model.ImportKeyMaterialRequest;
import java.time.Instant;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/** One boundary test per AWS input limit: min-1 fails, min and max pass, max+1 fails. */
class RequestValidationTest {

  private static final String KEY = "1234abcd-12ab-34cd-56ef-1234567890ab";

  private static void boundary(
      Operation op, IntFunction<ObjectNode> bodyOfSize, int min, int max, ErrorCode code) {
    if (min > 0) {
      assertEquals(code, rejected(op, bodyOfSize.apply(min - 1)).code(), op + " at min-1");
    }
    assertDoesNotThrow(() -> read(op, bodyOfSize.apply(min)), op + " at min");
    assertDoesNotThrow(() -> read(op, bodyOfSize.apply(max)), op + " at max");
    KmsException e = rejected(op, bodyOfSize.apply(max + 1));
    assertEquals(code, e.code(), op + " at max+1");
    assertTrue(e.getMessage().startsWith("1 validation error detected: "), e.getMessage());
  }

  private static void boundary(Operation op, IntFunction<ObjectNode> bodyOfSize, int min, int max) {
    boundary(op, bodyOfSize, min, max, ErrorCode.VALIDATION);
  }

  private static ObjectNode key() {
    return body().put("KeyId", KEY);
  }

  private static ObjectNode tags(int count, int keyLength, int valueLength) {
    ObjectNode b = key();
    ArrayNode tags = b.putArray("Tags");
    for (int i = 0; i < count; i++) {
      tags.addObject().put("TagKey", a(keyLength)).put("TagValue", a(valueLength));
    }
    return b;
  }

  @Test
  void keyIdIsOneTo2048Characters() {
    boundary(Operation.DescribeKey, n -> body().put("KeyId", a(n)), 1, 2048);
    boundary(
        Operation.CreateAlias,
        n -> body().put("AliasName", "alias/x").put("TargetKeyId", a(n)),
        1,
        2048);
    boundary(
        Operation.ReEncrypt,
        n -> body().put("CiphertextBlob", b64(1)).put("DestinationKeyId", a(n)),
        1,
        2048);
  }

  @Test
  void plaintextIsOneTo4096BytesWithTheAwsMessage() {
    boundary(Operation.Encrypt, n -> key().put("Plaintext", b64(n)), 1, 4096);
    KmsException e = rejected(Operation.Encrypt, key().put("Plaintext", b64(4097)));
    assertEquals(
        "1 validation error detected: Value at 'plaintext' failed to satisfy constraint:"
            + " Member must have length less than or equal to 4096",
        e.getMessage());
  }

  @Test
  void ciphertextBlobIsOneTo6144Bytes() {
    boundary(Operation.Decrypt, n -> body().put("CiphertextBlob", b64(n)), 1, 6144);
    boundary(
        Operation.ReEncrypt,
        n -> key().put("DestinationKeyId", KEY).put("CiphertextBlob", b64(n)),
        1,
        6144);
  }

  @Test
  void descriptionIsUpTo8192Characters() {
    boundary(Operation.UpdateKeyDescription, n -> key().put("Description", a(n)), 0, 8192);
    boundary(Operation.CreateKey, n -> body().put("Description", a(n)), 0, 8192);
    boundary(
        Operation.ReplicateKey,
        n -> key().put("ReplicaRegion", "de-fra-1").put("Description", a(n)),
        0,
        8192);
  }

  @Test
  void policyIsOneTo131072Characters() {
    boundary(Operation.PutKeyPolicy, n -> key().put("Policy", a(n)), 1, 131072);
    boundary(Operation.CreateKey, n -> body().put("Policy", a(n)), 1, 131072);
  }

  @Test
  void policyNameIsOneTo128WordCharacters() {
    boundary(Operation.GetKeyPolicy, n -> key().put("PolicyName", a(n)), 1, 128);
    assertEquals(
        ErrorCode.VALIDATION,
        rejected(Operation.GetKeyPolicy, key().put("PolicyName", "my-policy")).code());
    assertDoesNotThrow(() -> read(Operation.GetKeyPolicy, key().put("PolicyName", "default_1")));
  }

  @Test
  void limitDependsOnTheListOperation() {
    boundary(Operation.ListKeys, n -> body().put("Limit", n), 1, 1000);
    boundary(Operation.ListResourceTags, n -> key().put("Limit", n), 1, 50);
    boundary(Operation.ListKeyPolicies, n -> key().put("Limit", n), 1, 1000);
    boundary(Operation.ListAliases, n -> body().put("Limit", n), 1, 100);
    boundary(Operation.ListKeyRotations, n -> key().put("Limit", n), 1, 1000);
    KmsException e = rejected(Operation.ListKeys, body().put("Limit", 1001));
    assertEquals(
        "1 validation error detected: Value '1001' at 'limit' failed to satisfy constraint:"
            + " Member must have value less than or equal to 1000",
        e.getMessage());
  }

  @Test
  void markerIsOneTo1024PrintableLatin1Characters() {
    boundary(Operation.ListKeys, n -> body().put("Marker", a(n)), 1, 1024);
    assertEquals(
        ErrorCode.VALIDATION,
        rejected(Operation.ListAliases, body().put("Marker", "a\u0100")).code());
    assertEquals(
        ErrorCode.VALIDATION, rejected(Operation.ListAliases, body().put("Marker", "a\n")).code());
  }

  @Test
  void numberOfBytesIsOneTo1024() {
    boundary(Operation.GenerateDataKey, n -> key().put("NumberOfBytes", n), 1, 1024);
    boundary(
        Operation.GenerateDataKeyWithoutPlaintext, n -> key().put("NumberOfBytes", n), 1, 1024);
    boundary(Operation.GenerateRandom, n -> body().put("NumberOfBytes", n), 1, 1024);
  }

  @Test
  void dataKeySizeIsGivenByExactlyOneOfKeySpecAndNumberOfBytes() {
    KmsException neither = rejected(Operation.GenerateDataKey, key());
    assertEquals(ErrorCode.VALIDATION, neither.code());
    assertTrue(neither.getMessage().contains("neither"), neither.getMessage());
    KmsException both =
        rejected(
            Operation.GenerateDataKeyWithoutPlaintext,
            key().put("KeySpec", "AES_256").put("NumberOfBytes", 32));
    assertTrue(both.getMessage().contains("not both"), both.getMessage());
    assertDoesNotThrow(() -> read(Operation.GenerateDataKey, key().put("KeySpec", "AES_128")));
    assertEquals(
        ErrorCode.VALIDATION,
        rejected(Operation.GenerateDataKey, key().put("KeySpec", "AES_512")).code());
  }

  @Test
  void pendingWindowIsSevenTo30Days() {
    boundary(Operation.ScheduleKeyDeletion, n -> key().put("PendingWindowInDays", n), 7, 30);
  }

  @Test
  void rotationPeriodIs90To2560Days() {
    boundary(Operation.EnableKeyRotation, n -> key().put("RotationPeriodInDays", n), 90, 2560);
  }

  @Test
  void aliasNameIsOneTo256CharactersStartingWithAlias() {
    // "alias/" plus at least one character is the shortest valid name, so min-1 is tested apart.
    boundary(Operation.DeleteAlias, n -> body().put("AliasName", "alias/" + a(n - 6)), 7, 256);
    assertEquals(
        ErrorCode.VALIDATION, rejected(Operation.DeleteAlias, body().put("AliasName", "")).code());
    assertEquals(
        ErrorCode.VALIDATION,
        rejected(Operation.CreateAlias, body().put("AliasName", "payments").put("TargetKeyId", KEY))
            .code());
    assertEquals(
        ErrorCode.VALIDATION,
        rejected(
                Operation.UpdateAlias,
                body().put("AliasName", "alias/pay ments").put("TargetKeyId", KEY))
            .code());
    assertDoesNotThrow(
        () ->
            read(
                Operation.UpdateAlias,
                body().put("AliasName", "alias/team-a/pay_ments").put("TargetKeyId", KEY)));
  }

  @Test
  void tagKeyIsOneTo128AndTagValueUpTo256CharactersAsTagErrors() {
    boundary(Operation.TagResource, n -> tags(1, n, 1), 1, 128, ErrorCode.TAG);
    boundary(Operation.TagResource, n -> tags(1, 1, n), 0, 256, ErrorCode.TAG);
    boundary(Operation.CreateKey, n -> tags(1, n, 1).without("KeyId"), 1, 128, ErrorCode.TAG);
    boundary(
        Operation.ReplicateKey,
        n -> tags(1, 1, n).put("ReplicaRegion", "de-fra-1"),
        0,
        256,
        ErrorCode.TAG);
    ObjectNode missingValue = key();
    missingValue.putArray("Tags").addObject().put("TagKey", "Purpose");
    assertEquals(ErrorCode.TAG, rejected(Operation.TagResource, missingValue).code());
    KmsException e = rejected(Operation.TagResource, tags(1, 129, 1));
    assertTrue(e.getMessage().contains("'tags.1.member.tagKey'"), e.getMessage());
  }

  @Test
  void untagKeysAreZeroTo50TagKeys() {
    IntFunction<ObjectNode> untag =
        n -> {
          ObjectNode b = key();
          ArrayNode keys = b.putArray("TagKeys");
          for (int i = 0; i < n; i++) {
            keys.add("k" + i);
          }
          return b;
        };
    boundary(Operation.UntagResource, untag, 0, 50);
    boundary(
        Operation.UntagResource,
        n -> {
          ObjectNode b = key();
          b.putArray("TagKeys").add(a(n));
          return b;
        },
        1,
        128,
        ErrorCode.TAG);
  }

  @Test
  void atMost50Tags() {
    IntFunction<ObjectNode> many =
        n -> {
          ObjectNode b = key();
          ArrayNode tags = b.putArray("Tags");
          for (int i = 0; i < n; i++) {
            tags.addObject().put("TagKey", "k" + i).put("TagValue", "v");
          }
          return b;
        };
    boundary(Operation.TagResource, many, 0, 50);
    boundary(Operation.CreateKey, n -> many.apply(n).without("KeyId"), 0, 50);
  }

  @Test
  void enumeratedMembersAcceptOnlyTheAwsValues() {
    assertDoesNotThrow(
        () ->
            read(
                Operation.CreateKey,
                body()
                    .put("KeyUsage", "ENCRYPT_DECRYPT")
                    .put("KeySpec", "SYMMETRIC_DEFAULT")
                    .put("Origin", "AWS_KMS")));
    for (String spec : new String[] {"RSA_2048", "ECC_SECG_P256K1", "HMAC_512", "SM2"}) {
      assertDoesNotThrow(
          () -> read(Operation.CreateKey, body().put("CustomerMasterKeySpec", spec)));
    }
    KmsException usage = rejected(Operation.CreateKey, body().put("KeyUsage", "ENCRYPT"));
    assertTrue(
        usage
            .getMessage()
            .contains("Member must satisfy enum value set: [SIGN_VERIFY, ENCRYPT_DECRYPT,"),
        usage.getMessage());
    assertEquals(
        ErrorCode.VALIDATION,
        rejected(Operation.CreateKey, body().put("KeySpec", "AES_256")).code());
    assertEquals(
        ErrorCode.VALIDATION, rejected(Operation.CreateKey, body().put("Origin", "AWS")).code());
    assertEquals(
        ErrorCode.VALIDATION,
        rejected(
                Operation.CreateKey,
                body()
                    .put("KeySpec", "SYMMETRIC_DEFAULT")
                    .put("CustomerMasterKeySpec", "SYMMETRIC_DEFAULT"))
            .code());
    assertDoesNotThrow(
        () ->
            read(
                Operation.Encrypt,
                key().put("Plaintext", b64(1)).put("EncryptionAlgorithm", "RSAES_OAEP_SHA_256")));
    assertEquals(
        ErrorCode.VALIDATION,
        rejected(
                Operation.Encrypt,
                key().put("Plaintext", b64(1)).put("EncryptionAlgorithm", "AES_GCM"))
            .code());
    assertEquals(
        ErrorCode.VALIDATION,
        rejected(
                Operation.ReEncrypt,
                body()
                    .put("CiphertextBlob", b64(1))
                    .put("DestinationKeyId", KEY)
                    .put("DestinationEncryptionAlgorithm", "AES"))
            .code());
  }

  @Test
  void messagesAreOneTo4096BytesAndMacsAndSignaturesOneTo6144() {
    IntFunction<ObjectNode> sign =
        n -> key().put("Message", b64(n)).put("SigningAlgorithm", "ECDSA_SHA_256");
    boundary(Operation.Sign, sign, 1, 4096);
    boundary(
        Operation.Verify,
        n -> sign.apply(1).put("Signature", b64(n)).put("Message", b64(1)),
        1,
        6144);
    IntFunction<ObjectNode> mac =
        n -> key().put("Message", b64(n)).put("MacAlgorithm", "HMAC_SHA_256");
    boundary(Operation.GenerateMac, mac, 1, 4096);
    boundary(Operation.VerifyMac, n -> mac.apply(1).put("Mac", b64(n)), 1, 6144);
    KmsException e = rejected(Operation.Sign, sign.apply(4097));
    assertEquals(
        "1 validation error detected: Value at 'message' failed to satisfy constraint:"
            + " Member must have length less than or equal to 4096",
        e.getMessage());
  }

  @Test
  void publicKeyOfDeriveSharedSecretIsOneTo8192Bytes() {
    boundary(
        Operation.DeriveSharedSecret,
        n -> key().put("KeyAgreementAlgorithm", "ECDH").put("PublicKey", b64(n)),
        1,
        8192);
  }

  @Test
  void algorithmsAndSpecsOfAsymmetricAndHmacKeysAcceptOnlyTheAwsValues() {
    KmsException signing =
        rejected(
            Operation.Sign, key().put("Message", b64(1)).put("SigningAlgorithm", "SHA256withRSA"));
    assertEquals(
        "1 validation error detected: Value 'SHA256withRSA' at 'signingAlgorithm' failed to"
            + " satisfy constraint: Member must satisfy enum value set: [RSASSA_PSS_SHA_256,"
            + " RSASSA_PSS_SHA_384, RSASSA_PSS_SHA_512, RSASSA_PKCS1_V1_5_SHA_256,"
            + " RSASSA_PKCS1_V1_5_SHA_384, RSASSA_PKCS1_V1_5_SHA_512, ECDSA_SHA_256,"
            + " ECDSA_SHA_384, ECDSA_SHA_512, SM2DSA, ML_DSA_SHAKE_256, ED25519_SHA_512,"
            + " ED25519_PH_SHA_512]",
        signing.getMessage());
    assertDoesNotThrow(
        () ->
            read(
                Operation.Verify,
                key()
                    .put("Message", b64(32))
                    .put("MessageType", "DIGEST")
                    .put("Signature", b64(64))
                    .put("SigningAlgorithm", "ED25519_PH_SHA_512")));
    assertEquals(
        ErrorCode.VALIDATION,
        rejected(
                Operation.Sign,
                key()
                    .put("Message", b64(1))
                    .put("MessageType", "HASH")
                    .put("SigningAlgorithm", "ECDSA_SHA_256"))
            .code());
    assertEquals(
        ErrorCode.VALIDATION,
        rejected(
                Operation.GenerateMac,
                key().put("Message", b64(1)).put("MacAlgorithm", "HMAC_SHA_1"))
            .code());
    assertEquals(
        ErrorCode.VALIDATION,
        rejected(Operation.GenerateDataKeyPair, key().put("KeyPairSpec", "HMAC_256")).code());
    assertDoesNotThrow(
        () ->
            read(
                Operation.GenerateDataKeyPairWithoutPlaintext,
                key().put("KeyPairSpec", "ECC_NIST_EDWARDS25519")));
    assertEquals(
        ErrorCode.VALIDATION,
        rejected(
                Operation.DeriveSharedSecret,
                key().put("KeyAgreementAlgorithm", "X25519").put("PublicKey", b64(1)))
            .code());
  }

  private static ObjectNode importBody() {
    return key().put("ImportToken", b64(1)).put("EncryptedKeyMaterial", b64(1));
  }

  @Test
  void importTokensAndEncryptedKeyMaterialAreOneTo6144Bytes() {
    boundary(Operation.ImportKeyMaterial, n -> importBody().put("ImportToken", b64(n)), 1, 6144);
    boundary(
        Operation.ImportKeyMaterial,
        n -> importBody().put("EncryptedKeyMaterial", b64(n)),
        1,
        6144);
    KmsException e =
        rejected(Operation.ImportKeyMaterial, importBody().put("EncryptedKeyMaterial", b64(6145)));
    assertEquals(
        "1 validation error detected: Value at 'encryptedKeyMaterial' failed to satisfy"
            + " constraint: Member must have length less than or equal to 6144",
        e.getMessage());
  }

  @Test
  void keyMaterialIdsAre64LowercaseHexDigits() {
    String id = "0123456789abcdef".repeat(4);
    assertDoesNotThrow(
        () -> read(Operation.ImportKeyMaterial, importBody().put("KeyMaterialId", id)));
    assertDoesNotThrow(
        () -> read(Operation.DeleteImportedKeyMaterial, key().put("KeyMaterialId", id)));
    KmsException upper =
        rejected(
            Operation.DeleteImportedKeyMaterial,
            key().put("KeyMaterialId", id.toUpperCase(java.util.Locale.ROOT)));
    assertEquals(
        "1 validation error detected: Value '"
            + id.toUpperCase(java.util.Locale.ROOT)
            + "' at 'keyMaterialId' failed to satisfy constraint: Member must satisfy regular"
            + " expression pattern: ^[a-f0-9]+$",
        upper.getMessage());
    KmsException shorter =
        rejected(Operation.ImportKeyMaterial, importBody().put("KeyMaterialId", id.substring(1)));
    assertEquals(
        "1 validation error detected: Value '"
            + id.substring(1)
            + "' at 'keyMaterialId' failed to satisfy constraint: Member must have length"
            + " greater than or equal to 64",
        shorter.getMessage());
    assertEquals(
        ErrorCode.VALIDATION,
        rejected(Operation.DeleteImportedKeyMaterial, key().put("KeyMaterialId", id + "0")).code());
  }

  @Test
  void keyMaterialDescriptionsAreAtMost256CharactersOfTheModelsAlphabet() {
    // The model's minimum is 0, but its pattern wants one character: "" is refused too.
    boundary(
        Operation.ImportKeyMaterial, n -> importBody().put("KeyMaterialDescription", a(n)), 1, 256);
    assertDoesNotThrow(
        () ->
            read(
                Operation.ImportKeyMaterial,
                importBody().put("KeyMaterialDescription", "HSM export 2024-05/01: batch_7.a")));
    KmsException e =
        rejected(Operation.ImportKeyMaterial, importBody().put("KeyMaterialDescription", "café"));
    assertEquals(
        "1 validation error detected: Value 'café' at 'keyMaterialDescription' failed to"
            + " satisfy constraint: Member must satisfy regular expression pattern:"
            + " ^[a-zA-Z0-9:/_\\s.-]+$",
        e.getMessage());
  }

  @Test
  void importEnumsAcceptOnlyTheAwsValues() {
    KmsException algorithm =
        rejected(
            Operation.GetParametersForImport,
            key().put("WrappingAlgorithm", "RSA_OAEP").put("WrappingKeySpec", "RSA_2048"));
    assertEquals(
        "1 validation error detected: Value 'RSA_OAEP' at 'wrappingAlgorithm' failed to satisfy"
            + " constraint: Member must satisfy enum value set: [RSAES_PKCS1_V1_5,"
            + " RSAES_OAEP_SHA_1, RSAES_OAEP_SHA_256, RSA_AES_KEY_WRAP_SHA_1,"
            + " RSA_AES_KEY_WRAP_SHA_256, SM2PKE]",
        algorithm.getMessage());
    KmsException spec =
        rejected(
            Operation.GetParametersForImport,
            key()
                .put("WrappingAlgorithm", "RSAES_OAEP_SHA_256")
                .put("WrappingKeySpec", "RSA_1024"));
    assertEquals(
        "1 validation error detected: Value 'RSA_1024' at 'wrappingKeySpec' failed to satisfy"
            + " constraint: Member must satisfy enum value set: [RSA_2048, RSA_3072, RSA_4096,"
            + " SM2]",
        spec.getMessage());
    assertDoesNotThrow(
        () ->
            read(
                Operation.GetParametersForImport,
                key()
                    .put("WrappingAlgorithm", "RSA_AES_KEY_WRAP_SHA_256")
                    .put("WrappingKeySpec", "RSA_4096")));
    assertEquals(
        ErrorCode.VALIDATION,
        rejected(Operation.ImportKeyMaterial, importBody().put("ExpirationModel", "NEVER")).code());
    assertEquals(
        ErrorCode.VALIDATION,
        rejected(Operation.ImportKeyMaterial, importBody().put("ImportType", "REIMPORT")).code());
    assertDoesNotThrow(
        () ->
            read(
                Operation.ImportKeyMaterial,
                importBody()
                    .put("ExpirationModel", "KEY_MATERIAL_DOES_NOT_EXPIRE")
                    .put("ImportType", "EXISTING_KEY_MATERIAL")));
  }

  @Test
  void validToIsReadAsEpochSecondsOrIso8601() {
    ImportKeyMaterialRequest epoch =
        (ImportKeyMaterialRequest)
            read(
                Operation.ImportKeyMaterial,
                importBody()
                    .put("ValidTo", new java.math.BigDecimal("1700000000.123"))
                    .put("ExpirationModel", "KEY_MATERIAL_EXPIRES"));
    assertEquals(Instant.ofEpochMilli(1_700_000_000_123L), epoch.validTo());
    ImportKeyMaterialRequest iso =
        (ImportKeyMaterialRequest)
            read(Operation.ImportKeyMaterial, importBody().put("ValidTo", "2023-11-14T22:13:20Z"));
    assertEquals(Instant.parse("2023-11-14T22:13:20Z"), iso.validTo());
    assertEquals(
        ErrorCode.SERIALIZATION,
        rejected(Operation.ImportKeyMaterial, importBody().put("ValidTo", "next year")).code());
  }

  @Test
  void encryptionContextValuesMustNotBeNull() {
    ObjectNode b = key().put("Plaintext", b64(1));
    b.putObject("EncryptionContext").put("tenant", "acme").putNull("purpose");
    KmsException e = rejected(Operation.Encrypt, b);
    assertEquals(ErrorCode.VALIDATION, e.code());
    assertTrue(e.getMessage().contains("'purpose'"), e.getMessage());
  }

  @Test
  void encryptionContextIsAtMost8KibOfUtf8() {
    for (Operation op : new Operation[] {Operation.Encrypt, Operation.GenerateDataKey}) {
      ObjectNode fits = key().put("Plaintext", b64(1)).put("KeySpec", "AES_256");
      // 4 + 8188 bytes; the value's "é" are two bytes each, so characters alone would not tell.
      fits.putObject("EncryptionContext").put("abcd", "é".repeat(4094));
      assertDoesNotThrow(() -> read(op, fits));
      ObjectNode over = key().put("Plaintext", b64(1)).put("KeySpec", "AES_256");
      over.putObject("EncryptionContext").put("abcd", "é".repeat(4094)).put("x", "");
      KmsException e = rejected(op, over);
      assertEquals(ErrorCode.VALIDATION, e.code());
      assertTrue(
          e.getMessage().contains("at most 8192 bytes (UTF-8 of all keys and values), got 8193"),
          e.getMessage());
    }
  }

  @Test
  void regionsAreOneTo32CharactersInZoneForm() {
    boundary(Operation.ReplicateKey, n -> key().put("ReplicaRegion", a(n - 4) + "-b-1"), 5, 32);
    boundary(
        Operation.UpdatePrimaryRegion, n -> key().put("PrimaryRegion", a(n - 4) + "-b-1"), 5, 32);
    assertEquals(
        ErrorCode.VALIDATION,
        rejected(Operation.ReplicateKey, key().put("ReplicaRegion", "")).code());
    assertEquals(
        ErrorCode.VALIDATION,
        rejected(Operation.ReplicateKey, key().put("ReplicaRegion", "us_west_2")).code());
    assertDoesNotThrow(
        () -> read(Operation.UpdatePrimaryRegion, key().put("PrimaryRegion", "us-gov-west-1")));
  }

  @Test
  void requiredMembersAreNamedWhenMissing() {
    KmsException e = rejected(Operation.DescribeKey, body());
    assertEquals(
        "1 validation error detected: Value null at 'keyId' failed to satisfy constraint:"
            + " Member must not be null",
        e.getMessage());
    String[][] missing = {
      {"Encrypt", "{}", "keyId"},
      {"Encrypt", "{\"KeyId\":\"k\"}", "plaintext"},
      {"Decrypt", "{}", "ciphertextBlob"},
      {"ReEncrypt", "{\"CiphertextBlob\":\"AA==\"}", "destinationKeyId"},
      {"CreateAlias", "{\"TargetKeyId\":\"k\"}", "aliasName"},
      {"UpdateAlias", "{\"AliasName\":\"alias/a\"}", "targetKeyId"},
      {"TagResource", "{\"KeyId\":\"k\"}", "tags"},
      {"UntagResource", "{\"KeyId\":\"k\"}", "tagKeys"},
      {"PutKeyPolicy", "{\"KeyId\":\"k\"}", "policy"},
      {"UpdateKeyDescription", "{\"KeyId\":\"k\"}", "description"},
      {"ReplicateKey", "{\"KeyId\":\"k\"}", "replicaRegion"},
      {"UpdatePrimaryRegion", "{\"KeyId\":\"k\"}", "primaryRegion"},
      {"EnableKey", "{}", "keyId"},
      {"ScheduleKeyDeletion", "{}", "keyId"},
      {"RotateKeyOnDemand", "{}", "keyId"},
      {"GenerateRandom", "{}", "numberOfBytes"},
      {"Sign", "{\"KeyId\":\"k\",\"Message\":\"AA==\"}", "signingAlgorithm"},
      {"Verify", "{\"KeyId\":\"k\",\"Message\":\"AA==\"}", "signature"},
      {"GenerateMac", "{\"KeyId\":\"k\",\"MacAlgorithm\":\"HMAC_SHA_256\"}", "message"},
      {"VerifyMac", "{\"KeyId\":\"k\",\"Message\":\"AA==\"}", "mac"},
      {"GetPublicKey", "{}", "keyId"},
      {"GenerateDataKeyPair", "{\"KeyId\":\"k\"}", "keyPairSpec"},
      {"GenerateDataKeyPairWithoutPlaintext", "{\"KeyId\":\"k\"}", "keyPairSpec"},
      {"DeriveSharedSecret", "{\"KeyId\":\"k\",\"KeyAgreementAlgorithm\":\"ECDH\"}", "publicKey"},
      {
        "GetParametersForImport",
        "{\"KeyId\":\"k\",\"WrappingKeySpec\":\"RSA_4096\"}",
        "wrappingAlgorithm"
      },
      {
        "GetParametersForImport",
        "{\"KeyId\":\"k\",\"WrappingAlgorithm\":\"RSAES_OAEP_SHA_256\"}",
        "wrappingKeySpec"
      },
      {"ImportKeyMaterial", "{\"KeyId\":\"k\",\"EncryptedKeyMaterial\":\"AA==\"}", "importToken"},
      {"ImportKeyMaterial", "{\"KeyId\":\"k\",\"ImportToken\":\"AA==\"}", "encryptedKeyMaterial"},
      {"DeleteImportedKeyMaterial", "{}", "keyId"},
      {"GetKeyLastUsage", "{}", "keyId"},
    };
    for (String[] m : missing) {
      KmsException r = rejected(Operation.valueOf(m[0]), m[1]);
      assertEquals(ErrorCode.VALIDATION, r.code(), m[0]);
      assertTrue(
          r.getMessage().contains("Value null at '" + m[2] + "'"), m[0] + ": " + r.getMessage());
    }
  }

  @Test
  void optionalMembersMayBeAbsent() {
    for (String op : new String[] {"CreateKey", "ListKeys", "ListAliases"}) {
      assertDoesNotThrow(() -> read(Operation.valueOf(op), "{}"), op);
    }
    assertDoesNotThrow(() -> read(Operation.Decrypt, body().put("CiphertextBlob", b64(10))));
  }

  @Test
  void severalViolationsAreReportedTogether() {
    KmsException e = rejected(Operation.ListKeys, body().put("Limit", 0).put("Marker", ""));
    assertTrue(e.getMessage().startsWith("2 validation errors detected: "), e.getMessage());
    assertTrue(
        e.getMessage().contains("'limit'") && e.getMessage().contains("'marker'"), e.getMessage());
  }
}
