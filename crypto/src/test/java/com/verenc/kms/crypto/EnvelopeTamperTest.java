package com.verenc.kms.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every modification of a sealed blob must be rejected, never yield plaintext. */
class EnvelopeTamperTest {

  private static final int[] FLIPS = {0x01, 0x02, 0x10, 0x80, 0xff};

  private final byte[] material = Envelope.newMaterial();
  private final Map<String, String> context = Map.of("purpose", "tamper-test");
  private final byte[] blob =
      Envelope.seal(
          "abcd-1234",
          7,
          material,
          "the quick brown fox".getBytes(StandardCharsets.UTF_8),
          context);

  @Test
  void untamperedBlobOpens() {
    assertArrayEquals("the quick brown fox".getBytes(StandardCharsets.UTF_8), decodeAndOpen(blob));
  }

  @Test
  void flippingAnyBitsOfAnyByteFails() {
    for (int index = 0; index < blob.length; index++) {
      for (int flip : FLIPS) {
        byte[] tampered = blob.clone();
        tampered[index] ^= (byte) flip;
        // The original material is passed even when the key id changed, as if the
        // lookup had returned it, so the header authentication itself is exercised.
        String what = "byte %d flipped with 0x%02x".formatted(index, flip);
        assertThrows(InvalidCiphertextException.class, () -> decodeAndOpen(tampered), what);
      }
    }
  }

  @Test
  void saltIsAmongTheFlippedBytes() {
    // Header of "abcd-1234": 1 + 1 + 9 + 4 bytes, then the salt, then the IV and sealed data.
    CiphertextBlob decoded = CiphertextBlob.decode(blob);
    assertArrayEquals(decoded.salt(), Arrays.copyOfRange(blob, 15, 15 + CiphertextBlob.SALT_BYTES));
    assertEquals(
        15 + CiphertextBlob.SALT_BYTES + AesGcm.IV_BYTES + 19 + AesGcm.TAG_BYTES, blob.length);
  }

  @Test
  void truncatedBlobsFail() {
    for (int length = 0; length < blob.length; length++) {
      byte[] truncated = Arrays.copyOf(blob, length);
      assertThrows(InvalidCiphertextException.class, () -> decodeAndOpen(truncated));
    }
  }

  @Test
  void extendedBlobFails() {
    byte[] extended = Arrays.copyOf(blob, blob.length + 1);
    assertThrows(InvalidCiphertextException.class, () -> decodeAndOpen(extended));
  }

  private byte[] decodeAndOpen(byte[] encoded) {
    return Envelope.open(CiphertextBlob.decode(encoded), material, context);
  }
}
