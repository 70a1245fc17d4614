package com.verenc.kms.node.quota;

import com.verenc.kms.protocol.Operation;
import java.util.Locale;

/** The groups of operations that share a request-rate quota, as AWS KMS groups them. */
public enum RequestClass {
  /** Operations that use key material (and GenerateRandom), which AWS meters together. */
  CRYPTOGRAPHIC,
  /** CreateKey, and ReplicateKey, which creates a key in another zone. */
  CREATE_KEY,
  /** Every other operation. */
  MANAGEMENT;

  public static RequestClass of(Operation op) {
    return switch (op) {
      case Encrypt,
          Decrypt,
          ReEncrypt,
          GenerateDataKey,
          GenerateDataKeyWithoutPlaintext,
          GenerateDataKeyPair,
          GenerateDataKeyPairWithoutPlaintext,
          GenerateMac,
          VerifyMac,
          Sign,
          Verify,
          DeriveSharedSecret,
          GenerateRandom ->
          CRYPTOGRAPHIC;
      case CreateKey, ReplicateKey -> CREATE_KEY;
      default -> MANAGEMENT;
    };
  }

  /**
   * The label of this class in metrics: {@code cryptographic}, {@code create_key}, {@code
   * management}.
   */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
