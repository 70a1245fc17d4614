package com.verenc.kms.node.key;

import com.verenc.kms.node.CborSerializable;
import com.verenc.kms.node.key.model.CryptoOperation;
import java.util.Map;

/**
 * A cryptographic request of a caller: what the key entity serves, and what {@link ResidentKeys}
 * serves without it for a key resident on this node. {@code action} is the policy action it needs
 * (kms:Encrypt or kms:ReEncryptTo for an encryption, kms:Decrypt or kms:ReEncryptFrom for a
 * decryption).
 */
public sealed interface CryptoRequest extends CborSerializable
    permits CryptoRequest.EncryptRequest,
        CryptoRequest.DecryptRequest,
        CryptoRequest.DataKeyRequest {

  String accountId();

  String action();

  CryptoOperation operation();

  /** The encryption context the ciphertext is bound to. */
  Map<String, String> context();

  record EncryptRequest(
      String accountId, String action, byte[] plaintext, Map<String, String> context)
      implements CryptoRequest {
    @Override
    public CryptoOperation operation() {
      return CryptoOperation.ENCRYPT;
    }
  }

  record DecryptRequest(String accountId, String action, byte[] blob, Map<String, String> context)
      implements CryptoRequest {
    @Override
    public CryptoOperation operation() {
      return CryptoOperation.DECRYPT;
    }
  }

  /**
   * A new data key of {@code numberOfBytes}; its plaintext is answered only when {@code
   * includePlaintext}.
   */
  record DataKeyRequest(
      String accountId, int numberOfBytes, Map<String, String> context, boolean includePlaintext)
      implements CryptoRequest {
    @Override
    public String action() {
      return includePlaintext ? "kms:GenerateDataKey" : "kms:GenerateDataKeyWithoutPlaintext";
    }

    @Override
    public CryptoOperation operation() {
      return CryptoOperation.GENERATE_DATA_KEY;
    }
  }
}
