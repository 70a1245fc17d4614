package com.verenc.kms.loadtest.simulation;

import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;

import com.verenc.kms.loadtest.settings.KeyType;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.http.HttpRequestActionBuilder;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;

/**
 * The rounds of {@link Smoke}, which between them call every operation a single node serves: each
 * round is what one user does, in an order where every request has what it needs (a key, a blob, a
 * signature) from the one before. Request names are the operations, so the report has one row each.
 */
final class SmokeRounds {
  /** The one operation a single node cannot serve: it needs the replica's zone to be up. */
  static final String NEEDS_TWO_ZONES = "UpdatePrimaryRegion";

  private static final SecureRandom RANDOM = new SecureRandom();

  private SmokeRounds() {}

  /** Under the prepared symmetric key {@code keyId}: every symmetric cryptographic operation. */
  static ChainBuilder crypto(KmsCalls kms) {
    return exec(kms.encrypt("Encrypt"))
        .exec(kms.decrypt("Decrypt"))
        .exec(
            kms.call(
                    "ReEncrypt",
                    "ReEncrypt",
                    "{\"CiphertextBlob\":\"#{blob}\",\"DestinationKeyId\":\"#{keyId}\"}")
                .check(jsonPath("$.CiphertextBlob").saveAs("blob")))
        .exec(kms.decrypt("Decrypt"))
        .exec(kms.generateDataKey("GenerateDataKey"))
        .exec(
            kms.call(
                "GenerateDataKeyWithoutPlaintext",
                "GenerateDataKeyWithoutPlaintext",
                "{\"KeyId\":\"#{keyId}\",\"KeySpec\":\"AES_256\"}"))
        .exec(
            kms.call(
                "GenerateDataKeyPair",
                "GenerateDataKeyPair",
                "{\"KeyId\":\"#{keyId}\",\"KeyPairSpec\":\"ECC_NIST_P256\"}"))
        .exec(
            kms.call(
                "GenerateDataKeyPairWithoutPlaintext",
                "GenerateDataKeyPairWithoutPlaintext",
                "{\"KeyId\":\"#{keyId}\",\"KeyPairSpec\":\"ECC_NIST_P256\"}"))
        .exec(kms.call("GenerateRandom", "GenerateRandom", "{\"NumberOfBytes\":32}"));
  }

  /**
   * A new key through its life: description, tags, policy, rotation, grants, alias (moved to the
   * prepared key {@code keyId}), disable/enable, last usage, deletion scheduled and cancelled.
   */
  static ChainBuilder administration(KmsCalls kms) {
    return exec(session -> session.set("aliasSuffix", UUID.randomUUID().toString()))
        .exec(
            kms.createKey("CreateKey")
                .check(jsonPath("$.KeyMetadata.AWSAccountId").saveAs("accountId")))
        .exec(kms.describeKey("DescribeKey"))
        .exec(onNewKey(kms, "UpdateKeyDescription", ",\"Description\":\"smoke, renamed\""))
        .exec(
            onNewKey(
                kms, "TagResource", ",\"Tags\":[{\"TagKey\":\"team\",\"TagValue\":\"smoke\"}]"))
        .exec(onNewKey(kms, "ListResourceTags", ""))
        .exec(onNewKey(kms, "UntagResource", ",\"TagKeys\":[\"team\"]"))
        .exec(
            onNewKey(kms, "GetKeyPolicy", ",\"PolicyName\":\"default\"")
                .check(jsonPath("$.Policy").saveAs("policy")))
        .exec(
            onNewKey(
                kms,
                "PutKeyPolicy",
                ",\"PolicyName\":\"default\",\"Policy\":#{policy.jsonStringify()}"))
        .exec(onNewKey(kms, "ListKeyPolicies", ""))
        // New keys rotate yearly by default, and a period changes only through disable + enable.
        .exec(onNewKey(kms, "GetKeyRotationStatus", ""))
        .exec(onNewKey(kms, "DisableKeyRotation", ""))
        .exec(onNewKey(kms, "EnableKeyRotation", ",\"RotationPeriodInDays\":180"))
        .exec(onNewKey(kms, "RotateKeyOnDemand", ""))
        .exec(onNewKey(kms, "ListKeyRotations", ""))
        .exec(grants(kms))
        .exec(kms.createAlias("CreateAlias"))
        .exec(
            kms.call(
                "UpdateAlias",
                "UpdateAlias",
                "{\"AliasName\":\"alias/loadtest-#{aliasSuffix}\",\"TargetKeyId\":\"#{keyId}\"}"))
        .exec(kms.call("ListAliases", "ListAliases", "{\"KeyId\":\"#{keyId}\",\"Limit\":100}"))
        .exec(
            kms.call(
                "DeleteAlias", "DeleteAlias", "{\"AliasName\":\"alias/loadtest-#{aliasSuffix}\"}"))
        .exec(onNewKey(kms, "DisableKey", ""))
        .exec(onNewKey(kms, "EnableKey", ""))
        .exec(onNewKey(kms, "GetKeyLastUsage", ""))
        .exec(onNewKey(kms, "ScheduleKeyDeletion", ",\"PendingWindowInDays\":7"))
        .exec(onNewKey(kms, "CancelKeyDeletion", ""))
        .exec(kms.listKeys("ListKeys"));
  }

  /**
   * Grants on the round's new key, to the account's root (the one principal every account has): one
   * listed both ways and retired by its token, another revoked.
   */
  private static ChainBuilder grants(KmsCalls kms) {
    String root = "arn:aws:iam::#{accountId}:root";
    String grant =
        ",\"GranteePrincipal\":\""
            + root
            + "\",\"RetiringPrincipal\":\""
            + root
            + "\",\"Operations\":[\"Encrypt\",\"Decrypt\",\"DescribeKey\"],"
            + "\"Constraints\":{\"EncryptionContextSubset\":{\"smoke\":\"yes\"}}";
    return exec(onNewKey(kms, "CreateGrant", grant)
            .check(jsonPath("$.GrantToken").saveAs("grantToken")))
        .exec(onNewKey(kms, "ListGrants", ",\"Limit\":10"))
        .exec(
            kms.call(
                "ListRetirableGrants",
                "ListRetirableGrants",
                "{\"RetiringPrincipal\":\"" + root + "\",\"Limit\":1}"))
        .exec(kms.call("RetireGrant", "RetireGrant", "{\"GrantToken\":\"#{grantToken}\"}"))
        .exec(
            kms.call(
                    "CreateGrant to revoke",
                    "CreateGrant",
                    "{\"KeyId\":\"#{newKeyId}\"" + grant + "}")
                .check(jsonPath("$.GrantId").saveAs("grantId")))
        .exec(onNewKey(kms, "RevokeGrant", ",\"GrantId\":\"#{grantId}\""));
  }

  /**
   * The other key types: an HMAC key (GenerateMac, VerifyMac), an ECC signing key (Sign, Verify,
   * GetPublicKey), an ECC key agreement key (DeriveSharedSecret with a peer's public key) and a key
   * of imported material (GetParametersForImport, ImportKeyMaterial wrapped here with
   * RSAES_OAEP_SHA_256, DeleteImportedKeyMaterial).
   */
  static ChainBuilder keyTypes(KmsCalls kms) {
    KeyType hmac = new KeyType("HMAC_256");
    KeyType signing = new KeyType("ECC_NIST_P256");
    String peer = peerPublicKey();
    return exec(newKey(kms, "CreateKey HMAC", hmac.createKeyBody("smoke hmac"), "macKeyId"))
        .exec(kms.generateMac("GenerateMac", hmac, "#{macKeyId}"))
        .exec(kms.verifyMac("VerifyMac", hmac, "#{macKeyId}"))
        .exec(newKey(kms, "CreateKey ECC", signing.createKeyBody("smoke signing"), "signKeyId"))
        .exec(kms.sign("Sign", signing, "#{signKeyId}"))
        .exec(kms.verify("Verify", signing, "#{signKeyId}"))
        .exec(kms.call("GetPublicKey", "GetPublicKey", "{\"KeyId\":\"#{signKeyId}\"}"))
        .exec(
            newKey(
                kms,
                "CreateKey key agreement",
                "{\"KeySpec\":\"ECC_NIST_P256\",\"KeyUsage\":\"KEY_AGREEMENT\"}",
                "agreementKeyId"))
        .exec(
            kms.call(
                "DeriveSharedSecret",
                "DeriveSharedSecret",
                "{\"KeyId\":\"#{agreementKeyId}\",\"KeyAgreementAlgorithm\":\"ECDH\",\"PublicKey\":\""
                    + peer
                    + "\"}"))
        .exec(
            newKey(
                kms,
                "CreateKey EXTERNAL",
                "{\"Origin\":\"EXTERNAL\",\"Description\":\"smoke import\"}",
                "importKeyId"))
        .exec(
            kms.call(
                    "GetParametersForImport",
                    "GetParametersForImport",
                    "{\"KeyId\":\"#{importKeyId}\",\"WrappingAlgorithm\":\"RSAES_OAEP_SHA_256\","
                        + "\"WrappingKeySpec\":\"RSA_2048\"}")
                .check(jsonPath("$.PublicKey").saveAs("wrappingKey"))
                .check(jsonPath("$.ImportToken").saveAs("importToken")))
        .exec(
            session ->
                session.set("encryptedMaterial", wrapNewMaterial(session.getString("wrappingKey"))))
        .exec(
            kms.call(
                "ImportKeyMaterial",
                "ImportKeyMaterial",
                "{\"KeyId\":\"#{importKeyId}\",\"ImportToken\":\"#{importToken}\","
                    + "\"EncryptedKeyMaterial\":\"#{encryptedMaterial}\","
                    + "\"ExpirationModel\":\"KEY_MATERIAL_DOES_NOT_EXPIRE\"}"))
        .exec(
            kms.call(
                "DeleteImportedKeyMaterial",
                "DeleteImportedKeyMaterial",
                "{\"KeyId\":\"#{importKeyId}\"}"));
  }

  /** A multi-zone key replicated to {@code replicaZone}, a zone of the node's installation. */
  static Optional<ChainBuilder> replication(KmsCalls kms, Optional<String> replicaZone) {
    return replicaZone.map(
        zone ->
            exec(newKey(
                    kms,
                    "CreateKey multi-zone",
                    "{\"MultiRegion\":true,\"Description\":\"smoke multi-zone\"}",
                    "multiZoneKeyId"))
                .exec(
                    kms.call(
                        "ReplicateKey",
                        "ReplicateKey",
                        "{\"KeyId\":\"#{multiZoneKeyId}\",\"ReplicaRegion\":\"" + zone + "\"}")));
  }

  /** {@code operation} on the round's new key, with {@code members} added to its body. */
  private static HttpRequestActionBuilder onNewKey(KmsCalls kms, String operation, String members) {
    return kms.call(operation, operation, "{\"KeyId\":\"#{newKeyId}\"" + members + "}");
  }

  private static HttpRequestActionBuilder newKey(
      KmsCalls kms, String name, String body, String saveAs) {
    return kms.call(name, "CreateKey", body).check(jsonPath("$.KeyMetadata.KeyId").saveAs(saveAs));
  }

  /** An ECC_NIST_P256 public key (DER, base64) of the other party of DeriveSharedSecret. */
  private static String peerPublicKey() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      return Base64.getEncoder()
          .encodeToString(generator.generateKeyPair().getPublic().getEncoded());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("no P-256 key pair generator in this JVM", e);
    }
  }

  /** 32 random bytes of key material wrapped as the importer does: RSAES_OAEP_SHA_256. */
  private static String wrapNewMaterial(String wrappingKeyBase64) {
    try {
      PublicKey wrappingKey =
          KeyFactory.getInstance("RSA")
              .generatePublic(
                  new X509EncodedKeySpec(Base64.getDecoder().decode(wrappingKeyBase64)));
      Cipher oaep = Cipher.getInstance("RSA/ECB/OAEPPadding");
      oaep.init(
          Cipher.ENCRYPT_MODE,
          wrappingKey,
          new OAEPParameterSpec(
              "SHA-256", "MGF1", MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT));
      byte[] material = new byte[32];
      RANDOM.nextBytes(material);
      return Base64.getEncoder().encodeToString(oaep.doFinal(material));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot wrap key material for ImportKeyMaterial", e);
    }
  }
}
