package com.verenc.kms.node.key;

import com.verenc.kms.node.CborSerializable;
import com.verenc.kms.node.key.model.CryptoOperation;
import java.util.Map;
import java.util.Optional;

/**
 * A cryptographic request of a caller: what the key entity serves, and what {@link ResidentKeys}
 * serves without it for a key resident on this node. {@code action} is the policy action it needs
 * (kms:Encrypt or kms:ReEncryptTo for an encryption, kms:Decrypt or kms:ReEncryptFrom for a
 * decryption). Algorithm names are the API's; the protocol has checked they are names AWS knows,
 * the key checks they are its own.
 */
public sealed interface CryptoRequest<A extends KeyAnswer> extends CborSerializable
    permits CryptoRequest.EncryptRequest,
        CryptoRequest.DecryptRequest,
        CryptoRequest.DataKeyRequest,
        CryptoRequest.DataKeyPairRequest,
        CryptoRequest.GenerateMacRequest,
        CryptoRequest.VerifyMacRequest,
        CryptoRequest.SignRequest,
        CryptoRequest.VerifyRequest,
        CryptoRequest.PublicKeyRequest,
        CryptoRequest.SharedSecretRequest {

  String accountId();

  String action();

  CryptoOperation operation();

  /**
   * The encryption context the request binds (Encrypt, Decrypt, GenerateDataKey*,
   * GenerateDataKeyPair*); empty for requests that take none.
   */
  default Map<String, String> context() {
    return Map.of();
  }

  /**
   * This request served by a holder of the key's material (the entity, or the key resident on this
   * node); empty when the material it needs is not at hand.
   */
  Optional<A> servedBy(KeyCrypto crypto);

  /**
   * {@code algorithm} is the EncryptionAlgorithm (SYMMETRIC_DEFAULT for a symmetric key, an
   * RSAES_OAEP_* for an RSA key); {@code context} binds a symmetric ciphertext.
   */
  record EncryptRequest(
      String accountId,
      String action,
      byte[] plaintext,
      Map<String, String> context,
      String algorithm)
      implements CryptoRequest<KeyAnswer.Ciphertext> {
    @Override
    public Optional<KeyAnswer.Ciphertext> servedBy(KeyCrypto crypto) {
      return crypto.encrypt(this);
    }

    /** An encryption with SYMMETRIC_DEFAULT. */
    public EncryptRequest(
        String accountId, String action, byte[] plaintext, Map<String, String> context) {
      this(accountId, action, plaintext, context, null);
    }

    @Override
    public CryptoOperation operation() {
      return CryptoOperation.ENCRYPT;
    }
  }

  record DecryptRequest(
      String accountId, String action, byte[] blob, Map<String, String> context, String algorithm)
      implements CryptoRequest<KeyAnswer.Plaintext> {
    @Override
    public Optional<KeyAnswer.Plaintext> servedBy(KeyCrypto crypto) {
      return crypto.decrypt(this);
    }

    /** A decryption of a symmetric ciphertext (SYMMETRIC_DEFAULT). */
    public DecryptRequest(
        String accountId, String action, byte[] blob, Map<String, String> context) {
      this(accountId, action, blob, context, null);
    }

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
      implements CryptoRequest<KeyAnswer.DataKey> {
    @Override
    public Optional<KeyAnswer.DataKey> servedBy(KeyCrypto crypto) {
      return crypto.dataKey(this);
    }

    @Override
    public String action() {
      return includePlaintext ? "kms:GenerateDataKey" : "kms:GenerateDataKeyWithoutPlaintext";
    }

    @Override
    public CryptoOperation operation() {
      return CryptoOperation.GENERATE_DATA_KEY;
    }
  }

  /**
   * The private key of a data key pair made by the API, to be sealed under the key as a data key
   * is.
   */
  record DataKeyPairRequest(
      String accountId, byte[] privateKey, Map<String, String> context, boolean includePlaintext)
      implements CryptoRequest<KeyAnswer.Ciphertext> {
    @Override
    public Optional<KeyAnswer.Ciphertext> servedBy(KeyCrypto crypto) {
      return crypto.dataKeyPair(this);
    }

    @Override
    public String action() {
      return includePlaintext
          ? "kms:GenerateDataKeyPair"
          : "kms:GenerateDataKeyPairWithoutPlaintext";
    }

    @Override
    public CryptoOperation operation() {
      return CryptoOperation.GENERATE_DATA_KEY;
    }
  }

  record GenerateMacRequest(String accountId, String algorithm, byte[] message)
      implements CryptoRequest<KeyAnswer.Mac> {
    @Override
    public Optional<KeyAnswer.Mac> servedBy(KeyCrypto crypto) {
      return crypto.mac(this);
    }

    @Override
    public String action() {
      return "kms:GenerateMac";
    }

    @Override
    public CryptoOperation operation() {
      return CryptoOperation.GENERATE_MAC;
    }
  }

  record VerifyMacRequest(String accountId, String algorithm, byte[] message, byte[] mac)
      implements CryptoRequest<KeyAnswer.Verified> {
    @Override
    public Optional<KeyAnswer.Verified> servedBy(KeyCrypto crypto) {
      return crypto.verifyMac(this);
    }

    @Override
    public String action() {
      return "kms:VerifyMac";
    }

    @Override
    public CryptoOperation operation() {
      return CryptoOperation.VERIFY_MAC;
    }
  }

  /** {@code digest}: the message is already the digest (MessageType DIGEST). */
  record SignRequest(String accountId, String algorithm, boolean digest, byte[] message)
      implements CryptoRequest<KeyAnswer.Signature> {
    @Override
    public Optional<KeyAnswer.Signature> servedBy(KeyCrypto crypto) {
      return crypto.sign(this);
    }

    @Override
    public String action() {
      return "kms:Sign";
    }

    @Override
    public CryptoOperation operation() {
      return CryptoOperation.SIGN;
    }
  }

  record VerifyRequest(
      String accountId, String algorithm, boolean digest, byte[] message, byte[] signature)
      implements CryptoRequest<KeyAnswer.Verified> {
    @Override
    public Optional<KeyAnswer.Verified> servedBy(KeyCrypto crypto) {
      return crypto.verify(this);
    }

    @Override
    public String action() {
      return "kms:Verify";
    }

    @Override
    public CryptoOperation operation() {
      return CryptoOperation.VERIFY;
    }
  }

  record PublicKeyRequest(String accountId) implements CryptoRequest<KeyAnswer.PublicKey> {
    @Override
    public Optional<KeyAnswer.PublicKey> servedBy(KeyCrypto crypto) {
      return crypto.publicKey(this);
    }

    @Override
    public String action() {
      return "kms:GetPublicKey";
    }

    @Override
    public CryptoOperation operation() {
      return CryptoOperation.GET_PUBLIC_KEY;
    }
  }

  /** ECDH with the peer's public key (DER SubjectPublicKeyInfo). */
  record SharedSecretRequest(String accountId, String algorithm, byte[] peerPublicKey)
      implements CryptoRequest<KeyAnswer.SharedSecret> {
    @Override
    public Optional<KeyAnswer.SharedSecret> servedBy(KeyCrypto crypto) {
      return crypto.sharedSecret(this);
    }

    @Override
    public String action() {
      return "kms:DeriveSharedSecret";
    }

    @Override
    public CryptoOperation operation() {
      return CryptoOperation.DERIVE_SHARED_SECRET;
    }
  }
}
