package com.verenc.kms.node.key;

import com.verenc.kms.crypto.CiphertextBlob;
import com.verenc.kms.crypto.CryptoException;
import com.verenc.kms.crypto.Envelope;
import com.verenc.kms.crypto.RandomBytes;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a usable key needs to serve the crypto commands of its own account, as its entity saw it:
 * the actions its policy allows that account, its current material version and the material of
 * the versions the entity has unwrapped (copies, so the entity can erase its own on stop while a
 * request still holds these).
 */
record ResidentKey(String keyId, String accountId, String keyArn, Set<String> allowedActions, int currentVersion,
    Map<Integer, byte[]> materials) {

  /** The crypto actions whose policy decision is taken when the key is published. */
  static final Set<String> CRYPTO_ACTIONS = Set.of("kms:Encrypt", "kms:Decrypt", "kms:ReEncryptFrom",
      "kms:ReEncryptTo", "kms:GenerateDataKey", "kms:GenerateDataKeyWithoutPlaintext");

  Optional<KeyReply> serve(KeyCommand command) {
    try {
      if (command instanceof KeyCommand.Encrypt e && allows(e)) {
        return seal(e.plaintext(), e.context()).map(blob -> new KeyReply.Ciphertext(keyArn, blob));
      }
      if (command instanceof KeyCommand.GenerateDataKey g && allows(g)) {
        byte[] dataKey = RandomBytes.next(g.numberOfBytes());
        return seal(dataKey, g.context())
            .map(blob -> new KeyReply.DataKey(keyArn, blob, g.includePlaintext() ? dataKey : null));
      }
      if (command instanceof KeyCommand.Decrypt d && allows(d)) {
        CiphertextBlob blob = CiphertextBlob.decode(d.blob());
        byte[] material = materials.get(blob.materialVersion());
        if (!blob.keyId().equals(keyId) || material == null) {
          return Optional.empty();
        }
        return Optional.of(new KeyReply.Plaintext(keyArn, Envelope.open(blob, material, d.context())));
      }
    } catch (CryptoException e) {
      // Invalid ciphertexts included: the entity gives the answer, and logs real failures.
    }
    return Optional.empty();
  }

  private boolean allows(KeyCommand.FromCaller command) {
    return accountId.equals(command.accountId()) && allowedActions.contains(command.action());
  }

  private Optional<byte[]> seal(byte[] plaintext, Map<String, String> context) {
    byte[] material = materials.get(currentVersion);
    return material == null ? Optional.empty()
        : Optional.of(Envelope.seal(keyId, currentVersion, material, plaintext, context));
  }
}
