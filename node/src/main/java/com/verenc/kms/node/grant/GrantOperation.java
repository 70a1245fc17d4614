package com.verenc.kms.node.grant;

import com.verenc.kms.node.key.model.CryptoOperation;
import java.util.Optional;

/**
 * What a grant may allow, as the AWS model's GrantOperation names it; each is the policy action of
 * the same name (kms:Decrypt, kms:ReEncryptFrom, ...).
 */
public enum GrantOperation {
  DECRYPT("Decrypt", CryptoOperation.DECRYPT, true),
  ENCRYPT("Encrypt", CryptoOperation.ENCRYPT, true),
  GENERATE_DATA_KEY("GenerateDataKey", CryptoOperation.GENERATE_DATA_KEY, true),
  GENERATE_DATA_KEY_WITHOUT_PLAINTEXT(
      "GenerateDataKeyWithoutPlaintext", CryptoOperation.GENERATE_DATA_KEY, true),
  RE_ENCRYPT_FROM("ReEncryptFrom", CryptoOperation.DECRYPT, true),
  RE_ENCRYPT_TO("ReEncryptTo", CryptoOperation.ENCRYPT, true),
  SIGN("Sign", CryptoOperation.SIGN, false),
  VERIFY("Verify", CryptoOperation.VERIFY, false),
  GET_PUBLIC_KEY("GetPublicKey", CryptoOperation.GET_PUBLIC_KEY, false),
  CREATE_GRANT("CreateGrant", null, false),
  RETIRE_GRANT("RetireGrant", null, false),
  DESCRIBE_KEY("DescribeKey", null, false),
  GENERATE_DATA_KEY_PAIR("GenerateDataKeyPair", CryptoOperation.GENERATE_DATA_KEY, true),
  GENERATE_DATA_KEY_PAIR_WITHOUT_PLAINTEXT(
      "GenerateDataKeyPairWithoutPlaintext", CryptoOperation.GENERATE_DATA_KEY, true),
  GENERATE_MAC("GenerateMac", CryptoOperation.GENERATE_MAC, false),
  VERIFY_MAC("VerifyMac", CryptoOperation.VERIFY_MAC, false),
  DERIVE_SHARED_SECRET("DeriveSharedSecret", CryptoOperation.DERIVE_SHARED_SECRET, false);

  private final String wireName;
  private final CryptoOperation crypto;
  private final boolean takesEncryptionContext;

  GrantOperation(String wireName, CryptoOperation crypto, boolean takesEncryptionContext) {
    this.wireName = wireName;
    this.crypto = crypto;
    this.takesEncryptionContext = takesEncryptionContext;
  }

  /** The name on the wire: Decrypt, ReEncryptFrom, ... */
  public String wireName() {
    return wireName;
  }

  /** The cryptographic operation the key must serve; empty for DescribeKey and the grant ones. */
  public Optional<CryptoOperation> cryptoOperation() {
    return Optional.ofNullable(crypto);
  }

  /**
   * Whether its requests carry an encryption context, which a grant's constraint is checked
   * against; the constraint does not apply to the others.
   */
  public boolean takesEncryptionContext() {
    return takesEncryptionContext;
  }

  /** The operation of a wire name; empty for a name the model does not list. */
  public static Optional<GrantOperation> ofWireName(String name) {
    for (GrantOperation op : values()) {
      if (op.wireName.equals(name)) {
        return Optional.of(op);
      }
    }
    return Optional.empty();
  }

  /** The operation a policy action is, e.g. kms:Decrypt; empty for actions no grant allows. */
  public static Optional<GrantOperation> ofAction(String action) {
    return action.startsWith("kms:") ? ofWireName(action.substring(4)) : Optional.empty();
  }
}
