package com.verenc.kms.protocol.model;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** The limits of members shared by many TrentService requests, as in the AWS KMS API reference. */
final class KmsMembers {

  // Enum values in the order of the AWS model, which is the order AWS lists them in its messages.
  static final List<String> KEY_USAGES =
      List.of("SIGN_VERIFY", "ENCRYPT_DECRYPT", "GENERATE_VERIFY_MAC", "KEY_AGREEMENT");
  static final List<String> CUSTOMER_MASTER_KEY_SPECS =
      List.of(
          "RSA_2048",
          "RSA_3072",
          "RSA_4096",
          "ECC_NIST_P256",
          "ECC_NIST_P384",
          "ECC_NIST_P521",
          "ECC_SECG_P256K1",
          "SYMMETRIC_DEFAULT",
          "HMAC_224",
          "HMAC_256",
          "HMAC_384",
          "HMAC_512",
          "SM2");
  static final List<String> KEY_SPECS =
      List.of(
          "RSA_2048",
          "RSA_3072",
          "RSA_4096",
          "ECC_NIST_P256",
          "ECC_NIST_P384",
          "ECC_NIST_P521",
          "ECC_SECG_P256K1",
          "SYMMETRIC_DEFAULT",
          "HMAC_224",
          "HMAC_256",
          "HMAC_384",
          "HMAC_512",
          "SM2",
          "ML_DSA_44",
          "ML_DSA_65",
          "ML_DSA_87",
          "ECC_NIST_EDWARDS25519");
  static final List<String> ORIGINS =
      List.of("AWS_KMS", "EXTERNAL", "AWS_CLOUDHSM", "EXTERNAL_KEY_STORE");
  static final List<String> ENCRYPTION_ALGORITHMS =
      List.of("SYMMETRIC_DEFAULT", "RSAES_OAEP_SHA_1", "RSAES_OAEP_SHA_256", "SM2PKE");
  static final List<String> DATA_KEY_SPECS = List.of("AES_256", "AES_128");
  static final List<String> DATA_KEY_PAIR_SPECS =
      List.of(
          "RSA_2048",
          "RSA_3072",
          "RSA_4096",
          "ECC_NIST_P256",
          "ECC_NIST_P384",
          "ECC_NIST_P521",
          "ECC_SECG_P256K1",
          "SM2",
          "ECC_NIST_EDWARDS25519");
  static final List<String> SIGNING_ALGORITHMS =
      List.of(
          "RSASSA_PSS_SHA_256",
          "RSASSA_PSS_SHA_384",
          "RSASSA_PSS_SHA_512",
          "RSASSA_PKCS1_V1_5_SHA_256",
          "RSASSA_PKCS1_V1_5_SHA_384",
          "RSASSA_PKCS1_V1_5_SHA_512",
          "ECDSA_SHA_256",
          "ECDSA_SHA_384",
          "ECDSA_SHA_512",
          "SM2DSA",
          "ML_DSA_SHAKE_256",
          "ED25519_SHA_512",
          "ED25519_PH_SHA_512");
  static final List<String> MESSAGE_TYPES = List.of("RAW", "DIGEST", "EXTERNAL_MU");
  static final List<String> MAC_ALGORITHMS =
      List.of("HMAC_SHA_224", "HMAC_SHA_256", "HMAC_SHA_384", "HMAC_SHA_512");
  static final List<String> KEY_AGREEMENT_ALGORITHMS = List.of("ECDH");
  static final List<String> KEY_ENCRYPTION_MECHANISMS = List.of("RSAES_OAEP_SHA_256");
  static final List<String> DRY_RUN_MODIFIERS = List.of("IGNORE_CIPHERTEXT");
  static final List<String> INCLUDE_KEY_MATERIAL = List.of("ALL_KEY_MATERIAL", "ROTATIONS_ONLY");
  // The model's AlgorithmSpec: the WrappingAlgorithm of GetParametersForImport.
  static final List<String> WRAPPING_ALGORITHMS =
      List.of(
          "RSAES_PKCS1_V1_5",
          "RSAES_OAEP_SHA_1",
          "RSAES_OAEP_SHA_256",
          "RSA_AES_KEY_WRAP_SHA_1",
          "RSA_AES_KEY_WRAP_SHA_256",
          "SM2PKE");
  static final List<String> WRAPPING_KEY_SPECS = List.of("RSA_2048", "RSA_3072", "RSA_4096", "SM2");
  static final List<String> EXPIRATION_MODELS =
      List.of("KEY_MATERIAL_EXPIRES", "KEY_MATERIAL_DOES_NOT_EXPIRE");
  static final List<String> IMPORT_TYPES = List.of("NEW_KEY_MATERIAL", "EXISTING_KEY_MATERIAL");

  /** The model's GrantOperation: what a grant may allow. */
  static final List<String> GRANT_OPERATIONS =
      List.of(
          "Decrypt",
          "Encrypt",
          "GenerateDataKey",
          "GenerateDataKeyWithoutPlaintext",
          "ReEncryptFrom",
          "ReEncryptTo",
          "Sign",
          "Verify",
          "GetPublicKey",
          "CreateGrant",
          "RetireGrant",
          "DescribeKey",
          "GenerateDataKeyPair",
          "GenerateDataKeyPairWithoutPlaintext",
          "GenerateMac",
          "VerifyMac",
          "DeriveSharedSecret");

  /** The model's PrincipalIdType: a principal's ARN (or, at AWS, a service principal). */
  static final Pattern PRINCIPAL_ID = Pattern.compile("^[\\w+=,.@:/-]+$");

  /** The model's GrantNameType. */
  static final Pattern GRANT_NAME = Pattern.compile("^[a-zA-Z0-9:/_-]+$");

  /** A grant constraint holds at most this many pairs, as AWS documents. */
  static final int MAX_CONSTRAINT_PAIRS = 8;

  /** A value of a grant constraint is at most this long, as AWS documents. */
  static final int MAX_CONSTRAINT_VALUE = 384;

  /** The model's pattern; the {@code alias/} prefix is a rule of its own ({@link #aliasName}). */
  static final Pattern ALIAS_NAME = Pattern.compile("^[a-zA-Z0-9:/_-]+$");

  static final Pattern POLICY = Pattern.compile("[\\u0009\\u000A\\u000D\\u0020-\\u00FF]+");
  static final Pattern XKS_KEY_ID = Pattern.compile("^[a-zA-Z0-9-_.]+$");
  static final Pattern POLICY_NAME = Pattern.compile("[\\w]+");
  static final Pattern MARKER = Pattern.compile("[\\u0020-\\u00FF]*");
  static final Pattern REGION = Pattern.compile("^([a-z]+-){2,3}\\d+$");

  /** The model's BackingKeyIdType: a key material identifier, 64 lowercase hex digits. */
  static final Pattern KEY_MATERIAL_ID = Pattern.compile("^[a-f0-9]+$");

  static final Pattern KEY_MATERIAL_DESCRIPTION = Pattern.compile("^[a-zA-Z0-9:/_\\s.-]+$");

  static final int MAX_TAGS = 50;

  /** The encryption context is bound into every ciphertext; AWS caps it at 8 KiB. */
  static final int MAX_ENCRYPTION_CONTEXT_BYTES = 8192;

  private KmsMembers() {}

  static void keyId(Constraints c, String member, String value, boolean required) {
    if (required) {
      c.required(member, value);
    }
    c.length(member, value, 1, 2048);
  }

  static void ciphertextBlob(Constraints c, byte[] value) {
    c.required("ciphertextBlob", value).length("ciphertextBlob", value, 1, 6144);
  }

  static void page(Constraints c, Integer limit, int maxLimit, String marker) {
    c.range("limit", limit, 1, maxLimit);
    c.length("marker", marker, 1, 1024).pattern("marker", marker, MARKER);
  }

  static void grantTokens(Constraints c, List<String> grantTokens) {
    c.size("grantTokens", grantTokens, 0, 10).noNullElements("grantTokens", grantTokens);
    if (grantTokens != null) {
      for (int i = 0; i < grantTokens.size(); i++) {
        c.length(Constraints.element("grantTokens", i), grantTokens.get(i), 1, 8192);
      }
    }
  }

  static void principalId(Constraints c, String member, String value, boolean required) {
    if (required) {
      c.required(member, value);
    }
    c.length(member, value, 1, 256).pattern(member, value, PRINCIPAL_ID);
  }

  static void grantId(Constraints c, String member, String value, boolean required) {
    if (required) {
      c.required(member, value);
    }
    c.length(member, value, 1, 128);
  }

  static void grantToken(Constraints c, String member, String value) {
    c.length(member, value, 1, 8192);
  }

  /** Operations of CreateGrant: required, each one the model names, at least one. */
  static void grantOperations(Constraints c, List<String> operations) {
    c.required("operations", operations).noNullElements("operations", operations);
    if (operations != null) {
      for (int i = 0; i < operations.size(); i++) {
        c.oneOf(Constraints.element("operations", i), operations.get(i), GRANT_OPERATIONS);
      }
      c.rule(
          !operations.isEmpty(),
          "Operations is empty: name at least one operation the grant allows, e.g. [\"Decrypt\"]");
    }
  }

  /** One of the two encryption context constraints, each of at most 8 pairs of short values. */
  static void grantConstraints(Constraints c, GrantConstraints constraints) {
    if (constraints == null) {
      return;
    }
    c.rule(
        constraints.encryptionContextSubset() == null
            || constraints.encryptionContextEquals() == null,
        "Constraints may hold EncryptionContextSubset or EncryptionContextEquals, not both");
    constraint(c, "constraints.encryptionContextSubset", constraints.encryptionContextSubset());
    constraint(c, "constraints.encryptionContextEquals", constraints.encryptionContextEquals());
  }

  private static void constraint(Constraints c, String member, Map<String, String> pairs) {
    if (pairs == null) {
      return;
    }
    encryptionContext(c, member, pairs);
    c.rule(
        pairs.size() <= MAX_CONSTRAINT_PAIRS,
        "Value at '"
            + member
            + "' failed to satisfy constraint: a grant constraint holds at most "
            + MAX_CONSTRAINT_PAIRS
            + " encryption context pairs, got "
            + pairs.size());
    c.rule(
        pairs.values().stream().allMatch(v -> v == null || v.length() <= MAX_CONSTRAINT_VALUE),
        "Value at '"
            + member
            + "' failed to satisfy constraint: each value of a grant constraint is at most "
            + MAX_CONSTRAINT_VALUE
            + " characters");
  }

  static void encryptionContext(Constraints c, String member, Map<String, String> context) {
    c.noNullValues(member, context);
    if (context != null) {
      // Keys and values are bound into the ciphertext as UTF-8, so they must be well-formed
      // Unicode.
      boolean wellFormed =
          context.entrySet().stream()
              .allMatch(
                  e ->
                      wellFormed(e.getKey()) && (e.getValue() == null || wellFormed(e.getValue())));
      c.rule(
          wellFormed,
          "Value at '"
              + member
              + "' failed to satisfy constraint: "
              + "keys and values must be well-formed Unicode (no unpaired surrogates)");
      int bytes = utf8Length(context);
      c.rule(
          bytes <= MAX_ENCRYPTION_CONTEXT_BYTES,
          "Value at '"
              + member
              + "' failed to satisfy constraint: "
              + "the encryption context must be at most "
              + MAX_ENCRYPTION_CONTEXT_BYTES
              + " bytes (UTF-8 of all keys and values), got "
              + bytes);
    }
  }

  private static int utf8Length(Map<String, String> context) {
    int total = 0;
    for (Map.Entry<String, String> e : context.entrySet()) {
      total += utf8Length(e.getKey()) + (e.getValue() == null ? 0 : utf8Length(e.getValue()));
    }
    return total;
  }

  private static int utf8Length(String s) {
    int bytes = 0;
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      if (ch < 0x80) {
        bytes += 1;
      } else if (ch < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(ch)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        bytes += 4;
        i++;
      } else {
        bytes += 3;
      }
    }
    return bytes;
  }

  private static boolean wellFormed(String s) {
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      if (Character.isHighSurrogate(ch)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(ch)) {
        return false;
      }
    }
    return true;
  }

  static void encryptionAlgorithm(Constraints c, String member, String value) {
    c.oneOf(member, value, ENCRYPTION_ALGORITHMS);
  }

  /** Message of Sign, Verify, GenerateMac and VerifyMac: 1 to 4096 bytes, never echoed. */
  static void message(Constraints c, byte[] value) {
    c.required("message", value).length("message", value, 1, 4096);
  }

  /** A MAC or a signature (the model's CiphertextType): 1 to 6144 bytes. */
  static void macOrSignature(Constraints c, String member, byte[] value) {
    c.required(member, value).length(member, value, 1, 6144);
  }

  /**
   * A blob of the model's CiphertextType other than a ciphertext to decrypt: 1 to 6144 bytes, e.g.
   * the ImportToken and EncryptedKeyMaterial of ImportKeyMaterial.
   */
  static void ciphertextType(Constraints c, String member, byte[] value) {
    c.required(member, value).length(member, value, 1, 6144);
  }

  /** KeyMaterialId of ImportKeyMaterial and DeleteImportedKeyMaterial (BackingKeyIdType). */
  static void keyMaterialId(Constraints c, String value) {
    c.length("keyMaterialId", value, 64, 64).pattern("keyMaterialId", value, KEY_MATERIAL_ID);
  }

  static void keyMaterialDescription(Constraints c, String value) {
    c.length("keyMaterialDescription", value, 0, 256)
        .pattern("keyMaterialDescription", value, KEY_MATERIAL_DESCRIPTION);
  }

  /** A DER-encoded public key (the model's PublicKeyType): 1 to 8192 bytes. */
  static void publicKey(Constraints c, byte[] value) {
    c.required("publicKey", value).length("publicKey", value, 1, 8192);
  }

  static void macAlgorithm(Constraints c, String value) {
    c.required("macAlgorithm", value).oneOf("macAlgorithm", value, MAC_ALGORITHMS);
  }

  static void signingAlgorithm(Constraints c, String value) {
    c.required("signingAlgorithm", value).oneOf("signingAlgorithm", value, SIGNING_ALGORITHMS);
  }

  static void messageType(Constraints c, String value) {
    c.oneOf("messageType", value, MESSAGE_TYPES);
  }

  static void keyPairSpec(Constraints c, String value) {
    c.required("keyPairSpec", value).oneOf("keyPairSpec", value, DATA_KEY_PAIR_SPECS);
  }

  static void keyAgreementAlgorithm(Constraints c, String value) {
    c.required("keyAgreementAlgorithm", value)
        .oneOf("keyAgreementAlgorithm", value, KEY_AGREEMENT_ALGORITHMS);
  }

  static void description(Constraints c, String value, boolean required) {
    if (required) {
      c.required("description", value);
    }
    c.length("description", value, 0, 8192);
  }

  static void policy(Constraints c, String value, boolean required) {
    if (required) {
      c.required("policy", value);
    }
    c.length("policy", value, 1, 131072).pattern("policy", value, POLICY);
  }

  static void policyName(Constraints c, String value) {
    c.length("policyName", value, 1, 128).pattern("policyName", value, POLICY_NAME);
  }

  static void aliasName(Constraints c, String value) {
    c.required("aliasName", value)
        .length("aliasName", value, 1, 256)
        .pattern("aliasName", value, ALIAS_NAME);
    c.rule(
        value == null || value.isEmpty() || (value.startsWith("alias/") && value.length() > 6),
        "Value '"
            + value
            + "' at 'aliasName' failed to satisfy constraint: An alias name is alias/ followed by a name, such as "
            + "alias/ExampleAlias");
  }

  /** Attestation for Nitro Enclaves: validated as the model says; the node refuses to use it. */
  static void recipient(Constraints c, RecipientInfo recipient) {
    if (recipient != null) {
      c.oneOf(
          "recipient.keyEncryptionAlgorithm",
          recipient.keyEncryptionAlgorithm(),
          KEY_ENCRYPTION_MECHANISMS);
      c.length("recipient.attestationDocument", recipient.attestationDocument(), 1, 262144);
    }
  }

  static void dryRunModifiers(Constraints c, List<String> modifiers) {
    c.noNullElements("dryRunModifiers", modifiers);
    if (modifiers != null) {
      for (int i = 0; i < modifiers.size(); i++) {
        c.oneOf(Constraints.element("dryRunModifiers", i), modifiers.get(i), DRY_RUN_MODIFIERS);
      }
    }
  }

  static void region(Constraints c, String member, String value) {
    c.required(member, value).length(member, value, 1, 32).pattern(member, value, REGION);
  }

  static void customKeyStoreId(Constraints c, String value) {
    c.length("customKeyStoreId", value, 1, 64);
  }

  static void numberOfBytes(Constraints c, Integer value) {
    c.range("numberOfBytes", value, 1, 1024);
  }

  /** GenerateDataKey*: the data key size is given by exactly one of KeySpec and NumberOfBytes. */
  static void dataKeySize(Constraints c, String keySpec, Integer numberOfBytes) {
    c.oneOf("keySpec", keySpec, DATA_KEY_SPECS);
    numberOfBytes(c, numberOfBytes);
    c.rule(
        keySpec != null || numberOfBytes != null,
        "Specify the data key size with either KeySpec (AES_256 or AES_128) or NumberOfBytes: neither was given");
    c.rule(
        keySpec == null || numberOfBytes == null,
        "Specify the data key size with either KeySpec or NumberOfBytes, not both");
  }

  /** The list-level limits of Tags; the tags themselves are checked by {@link #checkTags}. */
  static void tagList(Constraints c, List<Tag> tags) {
    c.size("tags", tags, 0, MAX_TAGS).noNullElements("tags", tags);
  }

  /** Tag keys and values; violations are a {@code TagException}, as AWS reports them. */
  static void checkTags(List<Tag> tags) {
    if (tags == null) {
      return;
    }
    Constraints c = Constraints.tagging();
    for (int i = 0; i < tags.size(); i++) {
      Tag tag = tags.get(i);
      if (tag != null) {
        String at = Constraints.element("tags", i);
        tagKey(c, at + ".tagKey", tag.tagKey());
        c.required(at + ".tagValue", tag.tagValue())
            .length(at + ".tagValue", tag.tagValue(), 0, 256);
      }
    }
    c.throwIfViolated();
  }

  /** The keys of UntagResource; violations are a {@code TagException}. */
  static void checkTagKeys(List<String> tagKeys) {
    if (tagKeys == null) {
      return;
    }
    Constraints c = Constraints.tagging();
    for (int i = 0; i < tagKeys.size(); i++) {
      if (tagKeys.get(i) != null) {
        tagKey(c, Constraints.element("tagKeys", i), tagKeys.get(i));
      }
    }
    c.throwIfViolated();
  }

  private static void tagKey(Constraints c, String member, String value) {
    c.required(member, value).length(member, value, 1, 128);
  }
}
