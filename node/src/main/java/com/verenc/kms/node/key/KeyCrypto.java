package com.verenc.kms.node.key;

import com.verenc.kms.crypto.CiphertextBlob;
import com.verenc.kms.crypto.Envelope;
import com.verenc.kms.crypto.InvalidCiphertextException;
import com.verenc.kms.crypto.RandomBytes;
import com.verenc.kms.node.key.CryptoRequest.DataKeyRequest;
import com.verenc.kms.node.key.CryptoRequest.DecryptRequest;
import com.verenc.kms.node.key.CryptoRequest.EncryptRequest;
import java.util.Optional;

/**
 * The cryptography of one key over the material versions it holds: the same functions serve the
 * key's entity and the resident fast path, so both answer alike.
 */
final class KeyCrypto {

  /** The material versions one holder of a key can use. */
  interface Materials {
    int currentVersion();

    /** The material of {@code version}, when this holder has it. */
    Optional<byte[]> version(int version);
  }

  private final String keyId;
  private final String keyArn;
  private final Materials materials;

  KeyCrypto(String keyId, String keyArn, Materials materials) {
    this.keyId = keyId;
    this.keyArn = keyArn;
    this.materials = materials;
  }

  /** Empty when the current version's material is not at hand. */
  Optional<KeyAnswer.Ciphertext> encrypt(EncryptRequest request) {
    return seal(request.plaintext(), request).map(blob -> new KeyAnswer.Ciphertext(keyArn, blob));
  }

  /** Empty when the current version's material is not at hand. */
  Optional<KeyAnswer.DataKey> dataKey(DataKeyRequest request) {
    byte[] dataKey = RandomBytes.next(request.numberOfBytes());
    return seal(dataKey, request)
        .map(
            blob ->
                new KeyAnswer.DataKey(keyArn, blob, request.includePlaintext() ? dataKey : null));
  }

  /**
   * Empty when the ciphertext is not this key's or names a version whose material is not at hand.
   *
   * @throws InvalidCiphertextException when the ciphertext does not open under its version
   */
  Optional<KeyAnswer.Plaintext> decrypt(DecryptRequest request) {
    CiphertextBlob blob = CiphertextBlob.decode(request.blob());
    if (!blob.keyId().equals(keyId)) {
      return Optional.empty();
    }
    Optional<byte[]> material = materials.version(blob.materialVersion());
    if (material.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new KeyAnswer.Plaintext(keyArn, Envelope.open(blob, material.get(), request.context())));
  }

  private Optional<byte[]> seal(byte[] plaintext, CryptoRequest request) {
    int version = materials.currentVersion();
    return materials
        .version(version)
        .map(material -> Envelope.seal(keyId, version, material, plaintext, request.context()));
  }
}
