package com.verenc.kms.node.key;

import static com.verenc.kms.node.key.KeyEntityFixture.ACCOUNT;
import static com.verenc.kms.node.key.KeyEntityFixture.OTHER_ACCOUNT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.verenc.kms.crypto.CiphertextBlob;
import com.verenc.kms.node.key.CryptoRequest.DataKeyRequest;
import com.verenc.kms.node.key.CryptoRequest.DecryptRequest;
import com.verenc.kms.node.key.CryptoRequest.EncryptRequest;
import com.verenc.kms.node.key.CryptoRequest.GenerateMacRequest;
import com.verenc.kms.node.key.CryptoRequest.SignRequest;
import com.verenc.kms.node.key.CryptoRequest.VerifyMacRequest;
import com.verenc.kms.node.key.CryptoRequest.VerifyRequest;
import com.verenc.kms.node.key.model.KeySpec;
import com.verenc.kms.node.key.model.KeyUsage;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The node's resident keys, without actors: who they serve, and that retired material is zeroed.
 */
class ResidentKeysTest {
  private static final String KEY_ID = "k-resident";
  private static final String ARN = "arn:aws:kms:zone-a:" + ACCOUNT + ":key/" + KEY_ID;

  private final ResidentKeys resident = new ResidentKeys(true);

  private static byte[] material() {
    byte[] material = KeySpec.SYMMETRIC_DEFAULT.type().newMaterial();
    assertFalse(zeroed(material));
    return material;
  }

  private static ResidentKey key(Set<String> allowed, byte[] material) {
    return new ResidentKey(
        KEY_ID,
        ACCOUNT,
        ARN,
        allowed,
        KeySpec.SYMMETRIC_DEFAULT.type(),
        KeyUsage.ENCRYPT_DECRYPT,
        1,
        Map.of(1, material));
  }

  private static EncryptRequest encrypt(String account, String plaintext) {
    return new EncryptRequest(account, "kms:Encrypt", plaintext.getBytes(), Map.of());
  }

  private static DecryptRequest decrypt(String account, String action, byte[] blob) {
    return new DecryptRequest(account, action, blob, Map.of());
  }

  private static boolean zeroed(byte[] bytes) {
    for (byte b : bytes) {
      if (b != 0) {
        return false;
      }
    }
    return true;
  }

  @Test
  void aPublishedKeyServesItsAccountWithTheActionsItsPolicyAllows() {
    resident.publish(key(ResidentKey.CRYPTO_ACTIONS, material()));

    KeyAnswer.Ciphertext sealed =
        resident.serve(KEY_ID, encrypt(ACCOUNT, "resident")).orElseThrow();
    assertEquals(ARN, sealed.keyArn());
    assertEquals(1, CiphertextBlob.decode(sealed.blob()).materialVersion());
    KeyAnswer.Plaintext opened =
        resident.serve(KEY_ID, decrypt(ACCOUNT, "kms:Decrypt", sealed.blob())).orElseThrow();
    assertArrayEquals("resident".getBytes(), opened.plaintext());
    assertTrue(
        resident.serve(KEY_ID, decrypt(ACCOUNT, "kms:ReEncryptFrom", sealed.blob())).isPresent());

    KeyAnswer.DataKey dataKey =
        resident.serve(KEY_ID, new DataKeyRequest(ACCOUNT, 32, Map.of(), true)).orElseThrow();
    assertEquals(32, dataKey.plaintext().length);
    assertArrayEquals(
        dataKey.plaintext(),
        resident
            .serve(KEY_ID, decrypt(ACCOUNT, "kms:Decrypt", dataKey.blob()))
            .orElseThrow()
            .plaintext());

    assertTrue(resident.serve("k-not-resident", encrypt(ACCOUNT, "x")).isEmpty());
  }

  @Test
  void signaturesAndMacsAreServedHereAndWhatDoesNotVerifyGoesToTheEntity() {
    ResidentKey ecc =
        new ResidentKey(
            KEY_ID,
            ACCOUNT,
            ARN,
            ResidentKey.CRYPTO_ACTIONS,
            KeySpec.ECC_NIST_P256.type(),
            KeyUsage.SIGN_VERIFY,
            1,
            Map.of(1, KeySpec.ECC_NIST_P256.type().newMaterial()));
    resident.publish(ecc);
    byte[] message = "message".getBytes();
    byte[] signature =
        resident
            .serve(KEY_ID, new SignRequest(ACCOUNT, "ECDSA_SHA_256", false, message))
            .orElseThrow()
            .signature();
    assertTrue(
        resident
            .serve(KEY_ID, new VerifyRequest(ACCOUNT, "ECDSA_SHA_256", false, message, signature))
            .isPresent());
    assertTrue(
        resident
            .serve(
                KEY_ID,
                new VerifyRequest(ACCOUNT, "ECDSA_SHA_256", false, "other".getBytes(), signature))
            .isEmpty(),
        "the entity words the KMSInvalidSignatureException");
    assertTrue(
        resident.serve(KEY_ID, new SignRequest(ACCOUNT, "ECDSA_SHA_384", false, message)).isEmpty(),
        "the entity words the InvalidKeyUsageException");
    assertTrue(
        resident.serve(KEY_ID, encrypt(ACCOUNT, "not a signing operation")).isEmpty(),
        "a SIGN_VERIFY key does not encrypt");

    resident.publish(
        new ResidentKey(
            KEY_ID,
            ACCOUNT,
            ARN,
            ResidentKey.CRYPTO_ACTIONS,
            KeySpec.HMAC_256.type(),
            KeyUsage.GENERATE_VERIFY_MAC,
            1,
            Map.of(1, KeySpec.HMAC_256.type().newMaterial())));
    byte[] mac =
        resident
            .serve(KEY_ID, new GenerateMacRequest(ACCOUNT, "HMAC_SHA_256", message))
            .orElseThrow()
            .mac();
    assertEquals(32, mac.length);
    assertTrue(
        resident
            .serve(KEY_ID, new VerifyMacRequest(ACCOUNT, "HMAC_SHA_256", message, mac))
            .isPresent());
  }

  @Test
  void importedMaterialPastItsValidToIsNotServedHere() {
    byte[] material = material();
    resident.publish(
        new ResidentKey(
            KEY_ID,
            ACCOUNT,
            ARN,
            ResidentKey.CRYPTO_ACTIONS,
            KeySpec.SYMMETRIC_DEFAULT.type(),
            KeyUsage.ENCRYPT_DECRYPT,
            1,
            Map.of(1, material),
            java.time.Instant.now().minusSeconds(1)));
    assertTrue(
        resident.serve(KEY_ID, encrypt(ACCOUNT, "expired")).isEmpty(),
        "the entity refuses: the key is pending import");
    resident.publish(
        new ResidentKey(
            KEY_ID,
            ACCOUNT,
            ARN,
            ResidentKey.CRYPTO_ACTIONS,
            KeySpec.SYMMETRIC_DEFAULT.type(),
            KeyUsage.ENCRYPT_DECRYPT,
            1,
            Map.of(1, material()),
            java.time.Instant.now().plusSeconds(60)));
    assertTrue(resident.serve(KEY_ID, encrypt(ACCOUNT, "valid")).isPresent());
  }

  @Test
  void anotherAccountOrADisallowedActionGoesToTheEntity() {
    resident.publish(key(Set.of("kms:Encrypt"), material()));
    byte[] blob = resident.serve(KEY_ID, encrypt(ACCOUNT, "mine")).orElseThrow().blob();

    assertTrue(resident.serve(KEY_ID, encrypt(OTHER_ACCOUNT, "theirs")).isEmpty());
    assertTrue(resident.serve(KEY_ID, decrypt(OTHER_ACCOUNT, "kms:Decrypt", blob)).isEmpty());
    assertTrue(
        resident.serve(KEY_ID, decrypt(ACCOUNT, "kms:Decrypt", blob)).isEmpty(),
        "kms:Decrypt not allowed");
    assertTrue(
        resident.serve(KEY_ID, new DataKeyRequest(ACCOUNT, 32, Map.of(), true)).isEmpty(),
        "kms:GenerateDataKey not allowed");
    assertTrue(
        resident
            .serve(KEY_ID, new EncryptRequest(ACCOUNT, "kms:ReEncryptTo", new byte[] {1}, Map.of()))
            .isEmpty(),
        "kms:ReEncryptTo not allowed");
  }

  @Test
  void withdrawingZeroesTheCopiesAndServesNothingMore() {
    byte[] material = material();
    resident.publish(key(ResidentKey.CRYPTO_ACTIONS, material));
    byte[] blob = resident.serve(KEY_ID, encrypt(ACCOUNT, "before")).orElseThrow().blob();

    resident.withdraw(KEY_ID);
    assertTrue(zeroed(material), "the withdrawn key's material copy is zeroed");
    assertTrue(resident.serve(KEY_ID, encrypt(ACCOUNT, "after")).isEmpty());
    assertTrue(resident.serve(KEY_ID, decrypt(ACCOUNT, "kms:Decrypt", blob)).isEmpty());
    assertTrue(resident.serve(KEY_ID, new DataKeyRequest(ACCOUNT, 32, Map.of(), false)).isEmpty());
    resident.withdraw(KEY_ID);
  }

  @Test
  void aReplacementZeroesTheCopiesOfTheKeyItReplaces() {
    byte[] replaced = material();
    byte[] replacement = material();
    ResidentKey first = key(ResidentKey.CRYPTO_ACTIONS, replaced);
    resident.publish(first);
    resident.publish(key(ResidentKey.CRYPTO_ACTIONS, replacement));

    assertTrue(zeroed(replaced), "the replaced publication's copy is zeroed");
    assertTrue(first.erased());
    assertFalse(zeroed(replacement));
    byte[] blob = resident.serve(KEY_ID, encrypt(ACCOUNT, "replacement")).orElseThrow().blob();
    assertArrayEquals(
        "replacement".getBytes(),
        resident.serve(KEY_ID, decrypt(ACCOUNT, "kms:Decrypt", blob)).orElseThrow().plaintext());
  }

  @Test
  void publishingCanBeTurnedOff() {
    assertFalse(new ResidentKeys(false).enabled());
    assertTrue(resident.enabled());
  }
}
