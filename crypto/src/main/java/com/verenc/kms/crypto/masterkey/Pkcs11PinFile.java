package com.verenc.kms.crypto.masterkey;

import com.verenc.kms.crypto.CryptoException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The user PIN of a PKCS #11 token, read from its file (KMS_MASTER_KEY_PKCS11_PIN_FILE) the same
 * way by the node and by the kms CLI. The caller zeroes the PIN once logged in.
 */
public final class Pkcs11PinFile {
  private Pkcs11PinFile() {}

  /**
   * The file's content without its trailing newline; every copy made on the way is zeroed.
   *
   * @throws CryptoException when the file is missing, unreadable or empty
   */
  public static char[] read(Path file) {
    byte[] content;
    try {
      content = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new CryptoException(
          "KMS_MASTER_KEY_PKCS11_PIN_FILE "
              + file
              + (Files.exists(file) ? " cannot be read" : " does not exist")
              + ": it holds the token's user PIN on one line");
    }
    CharBuffer chars = StandardCharsets.UTF_8.decode(ByteBuffer.wrap(content));
    Arrays.fill(content, (byte) 0);
    int end = chars.limit();
    while (end > 0 && (chars.get(end - 1) == '\n' || chars.get(end - 1) == '\r')) {
      end--;
    }
    char[] pin = new char[end];
    chars.get(pin);
    Arrays.fill(chars.array(), '\0');
    if (pin.length == 0) {
      throw new CryptoException(
          "KMS_MASTER_KEY_PKCS11_PIN_FILE " + file + " is empty: it holds the token's user PIN");
    }
    return pin;
  }
}
