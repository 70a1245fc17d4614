package com.verenc.kms.crypto;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.verenc.kms.crypto.masterkey.FileMasterKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/** Failure messages, including those of causes, must not contain any fragment of a key. */
class NoKeyMaterialInMessagesTest {

  @TempDir Path dir;

  private final byte[] key = RandomBytes.next(32);

  @Test
  void failuresDoNotLeakKeyBytes() throws IOException {
    byte[] wrapped = KeyWrap.wrap(key, Envelope.newMaterial());
    byte[] tamperedWrapped = wrapped.clone();
    tamperedWrapped[3] ^= 1;
    CiphertextBlob blob = CiphertextBlob.decode(Envelope.seal("k", 1, key, new byte[8], Map.of()));
    // Last encryption on this thread, so that repeating it below trips the IV-reuse guard.
    byte[] iv = RandomBytes.next(AesGcm.IV_BYTES);
    byte[] sealed = AesGcm.encrypt(key, iv, new byte[8], null);
    Path shortKeyFile =
        Files.writeString(
            dir.resolve("short.key"), Base64.getEncoder().encodeToString(Arrays.copyOf(key, 31)));
    Path garbledKeyFile =
        Files.writeString(
            dir.resolve("garbled.key"), Base64.getEncoder().encodeToString(key) + "!");

    List<Executable> failures =
        List.of(
            () -> KeyWrap.unwrap(key, tamperedWrapped),
            () -> FileMasterKey.of(key).unwrap(tamperedWrapped),
            () -> KeyWrap.wrap(Arrays.copyOf(key, 31), new byte[8]),
            () -> FileMasterKey.of(Arrays.copyOf(key, 31)),
            () -> FileMasterKey.readFrom(shortKeyFile),
            () -> FileMasterKey.readFrom(garbledKeyFile),
            () -> AesGcm.decrypt(key, iv, sealed, new byte[1]),
            () -> AesGcm.encrypt(key, iv, new byte[8], null),
            () -> AesGcm.encrypt(Arrays.copyOf(key, 31), iv, new byte[8], null),
            () -> Envelope.open(blob, Arrays.copyOf(key, 31), Map.of()),
            () -> Envelope.open(blob, key, Map.of("a", "b")),
            () -> Envelope.seal("k", 1, Arrays.copyOf(key, 16), new byte[8], Map.of()));

    for (Executable failure : failures) {
      CryptoException e = assertThrows(CryptoException.class, failure);
      for (Throwable t = e; t != null; t = t.getCause()) {
        assertNoKeyFragment(String.valueOf(t.getMessage()));
      }
    }
    assertNoKeyFragment(FileMasterKey.of(key).toString());
  }

  private void assertNoKeyFragment(String message) {
    for (String fragment : fragments()) {
      assertFalse(message.contains(fragment), () -> "message leaks key material: " + message);
    }
  }

  // Four-byte windows of the key in hex, and eight-character windows of its base64 form.
  private List<String> fragments() {
    List<String> fragments = new ArrayList<>();
    String hex = HexFormat.of().formatHex(key);
    for (int i = 0; i + 8 <= hex.length(); i += 2) {
      fragments.add(hex.substring(i, i + 8));
      fragments.add(hex.substring(i, i + 8).toUpperCase());
    }
    String base64 = Base64.getEncoder().encodeToString(key);
    for (int i = 0; i + 8 <= base64.length(); i++) {
      fragments.add(base64.substring(i, i + 8));
    }
    return fragments;
  }
}
