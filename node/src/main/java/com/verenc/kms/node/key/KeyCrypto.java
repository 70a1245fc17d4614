package com.verenc.kms.node.key;

import com.verenc.kms.crypto.AsymmetricKey;
import com.verenc.kms.crypto.CiphertextBlob;
import com.verenc.kms.crypto.Ecdh;
import com.verenc.kms.crypto.EncryptionAlgorithm;
import com.verenc.kms.crypto.Envelope;
import com.verenc.kms.crypto.Hmac;
import com.verenc.kms.crypto.IncompatibleAlgorithmException;
import com.verenc.kms.crypto.InvalidCiphertextException;
import com.verenc.kms.crypto.InvalidInputException;
import com.verenc.kms.crypto.KeyAgreementAlgorithm;
import com.verenc.kms.crypto.MacAlgorithm;
import com.verenc.kms.crypto.MessageType;
import com.verenc.kms.crypto.RandomBytes;
import com.verenc.kms.crypto.RsaOaep;
import com.verenc.kms.crypto.Signatures;
import com.verenc.kms.crypto.SigningAlgorithm;
import com.verenc.kms.node.key.CryptoRequest.DataKeyPairRequest;
import com.verenc.kms.node.key.CryptoRequest.DataKeyRequest;
import com.verenc.kms.node.key.CryptoRequest.DecryptRequest;
import com.verenc.kms.node.key.CryptoRequest.EncryptRequest;
import com.verenc.kms.node.key.CryptoRequest.GenerateMacRequest;
import com.verenc.kms.node.key.CryptoRequest.PublicKeyRequest;
import com.verenc.kms.node.key.CryptoRequest.SharedSecretRequest;
import com.verenc.kms.node.key.CryptoRequest.SignRequest;
import com.verenc.kms.node.key.CryptoRequest.VerifyMacRequest;
import com.verenc.kms.node.key.CryptoRequest.VerifyRequest;
import com.verenc.kms.node.key.model.KeyType;
import com.verenc.kms.node.key.model.KeyUsage;
import com.verenc.kms.protocol.ErrorCode;
import java.util.Map;
import java.util.Optional;

/**
 * The cryptography of one key over the material versions it holds: the same functions serve the
 * key's entity and the resident fast path, so both answer alike. An answer is empty when the
 * material it needs is not at hand; an algorithm the key does not offer is an {@link
 * IncompatibleAlgorithmException}, a request the algorithm cannot take an {@code
 * InvalidInputException}, and a MAC or signature that does not verify a {@link NotVerified}.
 */
final class KeyCrypto {
  private static final String SYMMETRIC_DEFAULT = "SYMMETRIC_DEFAULT";

  /** The material versions one holder of a key can use. */
  interface Materials {
    int currentVersion();

    /** The material of {@code version}, when this holder has it. */
    Optional<byte[]> version(int version);

    /** The key pair of {@code version}, decoded once by its holder, when it has the material. */
    Optional<AsymmetricKey> keyPair(int version);
  }

  /** A MAC or signature that does not verify: the caller gets this error. */
  static final class NotVerified extends RuntimeException {
    private final ErrorCode code;

    NotVerified(ErrorCode code, String message) {
      super(message, null, false, false);
      this.code = code;
    }

    Rejection rejection() {
      return new Rejection(code, getMessage());
    }
  }

  private final String keyId;
  private final String keyArn;
  private final KeyType type;
  private final KeyUsage usage;
  private final Materials materials;

  KeyCrypto(String keyId, String keyArn, KeyType type, KeyUsage usage, Materials materials) {
    this.keyId = keyId;
    this.keyArn = keyArn;
    this.type = type;
    this.usage = usage;
    this.materials = materials;
  }

  Optional<KeyAnswer.Ciphertext> encrypt(EncryptRequest request) {
    String algorithm = encryptionAlgorithm(request.algorithm());
    if (!type.asymmetric()) {
      return seal(request.plaintext(), request.context())
          .map(blob -> new KeyAnswer.Ciphertext(keyArn, blob));
    }
    refuseContext(request.context(), algorithm);
    return currentKeyPair()
        .map(
            pair ->
                new KeyAnswer.Ciphertext(
                    keyArn,
                    RsaOaep.encrypt(pair, EncryptionAlgorithm.of(algorithm), request.plaintext())));
  }

  Optional<KeyAnswer.DataKey> dataKey(DataKeyRequest request) {
    byte[] dataKey = RandomBytes.next(request.numberOfBytes());
    return seal(dataKey, request.context())
        .map(
            blob ->
                new KeyAnswer.DataKey(keyArn, blob, request.includePlaintext() ? dataKey : null));
  }

  Optional<KeyAnswer.Ciphertext> dataKeyPair(DataKeyPairRequest request) {
    return seal(request.privateKey(), request.context())
        .map(blob -> new KeyAnswer.Ciphertext(keyArn, blob));
  }

  /**
   * Empty when the ciphertext is not this key's or names a version whose material is not at hand.
   *
   * @throws InvalidCiphertextException when the ciphertext does not open under its version
   */
  Optional<KeyAnswer.Plaintext> decrypt(DecryptRequest request) {
    String algorithm = encryptionAlgorithm(request.algorithm());
    if (type.asymmetric()) {
      refuseContext(request.context(), algorithm);
      return currentKeyPair()
          .map(
              pair ->
                  new KeyAnswer.Plaintext(
                      keyArn,
                      RsaOaep.decrypt(pair, EncryptionAlgorithm.of(algorithm), request.blob())));
    }
    CiphertextBlob blob = CiphertextBlob.decode(request.blob());
    if (!blob.keyId().equals(keyId)) {
      return Optional.empty();
    }
    return materials
        .version(blob.materialVersion())
        .map(
            material ->
                new KeyAnswer.Plaintext(keyArn, Envelope.open(blob, material, request.context())));
  }

  Optional<KeyAnswer.Mac> mac(GenerateMacRequest request) {
    MacAlgorithm algorithm = MacAlgorithm.of(request.algorithm());
    return current()
        .map(
            key ->
                new KeyAnswer.Mac(
                    keyArn, Hmac.generate(type.primitive(), algorithm, key, request.message())));
  }

  Optional<KeyAnswer.Verified> verifyMac(VerifyMacRequest request) {
    MacAlgorithm algorithm = MacAlgorithm.of(request.algorithm());
    return current()
        .map(
            key -> {
              if (!Hmac.verify(
                  type.primitive(), algorithm, key, request.message(), request.mac())) {
                throw new NotVerified(
                    ErrorCode.INVALID_MAC,
                    "The MAC is not valid for this message under "
                        + keyArn
                        + " with "
                        + algorithm
                        + ".");
              }
              return new KeyAnswer.Verified(keyArn);
            });
  }

  Optional<KeyAnswer.Signature> sign(SignRequest request) {
    SigningAlgorithm algorithm = SigningAlgorithm.of(request.algorithm());
    return currentKeyPair()
        .map(
            pair ->
                new KeyAnswer.Signature(
                    keyArn,
                    Signatures.sign(
                        pair, algorithm, messageType(request.digest()), request.message())));
  }

  Optional<KeyAnswer.Verified> verify(VerifyRequest request) {
    SigningAlgorithm algorithm = SigningAlgorithm.of(request.algorithm());
    return currentKeyPair()
        .map(
            pair -> {
              if (!Signatures.verify(
                  pair,
                  algorithm,
                  messageType(request.digest()),
                  request.message(),
                  request.signature())) {
                throw new NotVerified(
                    ErrorCode.KMS_INVALID_SIGNATURE,
                    "The signature is not valid for this message under "
                        + keyArn
                        + " with "
                        + algorithm
                        + ".");
              }
              return new KeyAnswer.Verified(keyArn);
            });
  }

  Optional<KeyAnswer.PublicKey> publicKey(PublicKeyRequest request) {
    return currentKeyPair()
        .map(pair -> new KeyAnswer.PublicKey(keyArn, pair.publicKeyDer(), type.spec(), usage));
  }

  Optional<KeyAnswer.SharedSecret> sharedSecret(SharedSecretRequest request) {
    KeyAgreementAlgorithm algorithm = KeyAgreementAlgorithm.of(request.algorithm());
    return currentKeyPair()
        .map(
            pair ->
                new KeyAnswer.SharedSecret(
                    keyArn, Ecdh.deriveSharedSecret(pair, algorithm, request.peerPublicKey())));
  }

  /** The algorithm asked for (SYMMETRIC_DEFAULT when none), if the key offers it. */
  private String encryptionAlgorithm(String requested) {
    String algorithm = requested == null ? SYMMETRIC_DEFAULT : requested;
    if (!type.algorithms(usage).encryption().contains(algorithm)) {
      throw new IncompatibleAlgorithmException(
          "EncryptionAlgorithm "
              + algorithm
              + " is not valid for "
              + keyArn
              + ", a "
              + type.spec()
              + " key; it allows "
              + type.algorithms(usage).encryption()
              + (requested == null ? " (give EncryptionAlgorithm)." : "."));
    }
    return algorithm;
  }

  /** An RSA ciphertext cannot be bound to an encryption context, so one given is an error. */
  private static void refuseContext(Map<String, String> context, String algorithm) {
    if (context != null && !context.isEmpty()) {
      throw new InvalidInputException(
          "EncryptionContext is not supported with "
              + algorithm
              + ": only symmetric encryption keys bind a ciphertext to a context. Omit it.");
    }
  }

  private static MessageType messageType(boolean digest) {
    return digest ? MessageType.DIGEST : MessageType.RAW;
  }

  private Optional<byte[]> current() {
    return materials.version(materials.currentVersion());
  }

  private Optional<AsymmetricKey> currentKeyPair() {
    return materials.keyPair(materials.currentVersion());
  }

  private Optional<byte[]> seal(byte[] plaintext, Map<String, String> context) {
    int version = materials.currentVersion();
    return materials
        .version(version)
        .map(material -> Envelope.seal(keyId, version, material, plaintext, context));
  }
}
