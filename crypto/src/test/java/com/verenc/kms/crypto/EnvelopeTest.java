package com.verenc.kms.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class EnvelopeTest {

  private static final String KEY_ID = "1234abcd-12ab-34cd-56ef-1234567890ab";

  private final byte[] material = Envelope.newMaterial();
  private final byte[] plaintext = "secret payload".getBytes(StandardCharsets.UTF_8);
  private final Map<String, String> context = Map.of("purpose", "test", "tenant", "acme");

  @Test
  void roundTrips() {
    byte[] encoded = Envelope.seal(KEY_ID, 3, material, plaintext, context);
    CiphertextBlob blob = CiphertextBlob.decode(encoded);
    assertEquals(KEY_ID, blob.keyId());
    assertEquals(3, blob.materialVersion());
    assertArrayEquals(plaintext, Envelope.open(blob, material, context));
  }

  @Test
  void emptyPlaintextAndNoContextRoundTrip() {
    byte[] encoded = Envelope.seal(KEY_ID, 1, material, new byte[0], null);
    assertArrayEquals(
        new byte[0], Envelope.open(CiphertextBlob.decode(encoded), material, Map.of()));
  }

  @Test
  void contextOrderDoesNotMatter() {
    Map<String, String> forward = new LinkedHashMap<>();
    forward.put("a", "1");
    forward.put("b", "2");
    Map<String, String> backward = new LinkedHashMap<>();
    backward.put("b", "2");
    backward.put("a", "1");
    byte[] encoded = Envelope.seal(KEY_ID, 1, material, plaintext, forward);
    assertArrayEquals(plaintext, Envelope.open(CiphertextBlob.decode(encoded), material, backward));
  }

  @Test
  void ivsDifferBetweenSealsOfSamePlaintext() {
    CiphertextBlob first =
        CiphertextBlob.decode(Envelope.seal(KEY_ID, 1, material, plaintext, context));
    CiphertextBlob second =
        CiphertextBlob.decode(Envelope.seal(KEY_ID, 1, material, plaintext, context));
    assertFalse(Arrays.equals(first.iv(), second.iv()));
    assertFalse(Arrays.equals(first.sealed(), second.sealed()));
  }

  @Test
  void saltsDifferBetweenSealsOfSamePlaintext() {
    CiphertextBlob first =
        CiphertextBlob.decode(Envelope.seal(KEY_ID, 1, material, plaintext, context));
    CiphertextBlob second =
        CiphertextBlob.decode(Envelope.seal(KEY_ID, 1, material, plaintext, context));
    assertEquals(CiphertextBlob.SALT_BYTES, first.salt().length);
    assertFalse(Arrays.equals(first.salt(), second.salt()));
    assertArrayEquals(plaintext, Envelope.open(first, material, context));
    assertArrayEquals(plaintext, Envelope.open(second, material, context));
  }

  @Test
  void saltFromAnotherBlobFails() {
    CiphertextBlob first =
        CiphertextBlob.decode(Envelope.seal(KEY_ID, 1, material, plaintext, context));
    CiphertextBlob second =
        CiphertextBlob.decode(Envelope.seal(KEY_ID, 1, material, plaintext, context));
    CiphertextBlob swapped =
        new CiphertextBlob(KEY_ID, 1, second.salt(), first.iv(), first.sealed());
    assertUndecryptable(() -> Envelope.open(swapped, material, context));
    byte[] encoded = first.encode();
    int saltOffset = first.header().length;
    System.arraycopy(second.salt(), 0, encoded, saltOffset, CiphertextBlob.SALT_BYTES);
    assertUndecryptable(() -> Envelope.open(CiphertextBlob.decode(encoded), material, context));
  }

  @Test
  void messageKeyIsHkdfOfMaterialSaltAndHeader() {
    CiphertextBlob blob =
        CiphertextBlob.decode(Envelope.seal(KEY_ID, 4, material, plaintext, context));
    byte[] label = "verenc-kms blob v1 message key".getBytes(StandardCharsets.UTF_8);
    byte[] info =
        ByteBuffer.allocate(label.length + blob.header().length)
            .put(label)
            .put(blob.header())
            .array();
    byte[] messageKey = Hkdf.deriveSha256(material, blob.salt(), info, 32);
    byte[] canonical = EncryptionContext.canonical(context);
    byte[] aad =
        ByteBuffer.allocate(blob.header().length + CiphertextBlob.SALT_BYTES + canonical.length)
            .put(blob.header())
            .put(blob.salt())
            .put(canonical)
            .array();
    assertArrayEquals(plaintext, AesGcm.decrypt(messageKey, blob.iv(), blob.sealed(), aad));
    // Not encrypted under the material itself.
    assertThrows(
        InvalidCiphertextException.class,
        () -> AesGcm.decrypt(material, blob.iv(), blob.sealed(), aad));
  }

  @Test
  void wrongContextFails() {
    CiphertextBlob blob =
        CiphertextBlob.decode(Envelope.seal(KEY_ID, 1, material, plaintext, context));
    assertUndecryptable(() -> Envelope.open(blob, material, Map.of()));
    assertUndecryptable(() -> Envelope.open(blob, material, null));
    assertUndecryptable(
        () -> Envelope.open(blob, material, Map.of("purpose", "test", "tenant", "other")));
    assertUndecryptable(() -> Envelope.open(blob, material, Map.of("purpose", "test")));
    assertUndecryptable(
        () -> Envelope.open(blob, material, Map.of("purpose", "test", "tenant", "acme", "x", "")));
  }

  @Test
  void missingContextAtSealRequiresMissingContextAtOpen() {
    CiphertextBlob blob =
        CiphertextBlob.decode(Envelope.seal(KEY_ID, 1, material, plaintext, Map.of()));
    assertUndecryptable(() -> Envelope.open(blob, material, context));
  }

  @Test
  void wrongMaterialFails() {
    CiphertextBlob blob =
        CiphertextBlob.decode(Envelope.seal(KEY_ID, 1, material, plaintext, context));
    assertUndecryptable(() -> Envelope.open(blob, Envelope.newMaterial(), context));
    assertUndecryptable(() -> Envelope.open(blob, new byte[16], context));
  }

  @Test
  void keyIdAndVersionAreAuthenticated() {
    CiphertextBlob blob =
        CiphertextBlob.decode(Envelope.seal(KEY_ID, 1, material, plaintext, context));
    CiphertextBlob otherVersion =
        new CiphertextBlob(KEY_ID, 2, blob.salt(), blob.iv(), blob.sealed());
    CiphertextBlob otherKey =
        new CiphertextBlob("other-key", 1, blob.salt(), blob.iv(), blob.sealed());
    assertUndecryptable(() -> Envelope.open(otherVersion, material, context));
    assertUndecryptable(() -> Envelope.open(otherKey, material, context));
  }

  @Test
  void sealValidatesArguments() {
    assertThrows(
        CryptoException.class, () -> Envelope.seal("bad id", 1, material, plaintext, context));
    assertThrows(
        CryptoException.class, () -> Envelope.seal(KEY_ID, 0, material, plaintext, context));
    assertThrows(
        CryptoException.class, () -> Envelope.seal(KEY_ID, 1, new byte[16], plaintext, context));
    assertThrows(
        CryptoException.class, () -> Envelope.seal(KEY_ID, 1, new byte[33], plaintext, context));
  }

  @Test
  void newMaterialIsFreshAes256Key() {
    assertEquals(AesGcm.KEY_BYTES, Envelope.newMaterial().length);
    assertFalse(Arrays.equals(Envelope.newMaterial(), Envelope.newMaterial()));
  }

  private static void assertUndecryptable(Executable executable) {
    InvalidCiphertextException e = assertThrows(InvalidCiphertextException.class, executable);
    assertEquals("ciphertext could not be decrypted", e.getMessage());
  }
}
