package com.verenc.kms.node.config;

import com.typesafe.config.Config;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Where the node finds the installation master key: a key file or a PKCS #11 token. */
public sealed interface MasterKeySource {

  /** A key file ({@code KMS_MASTER_KEY_FILE}, else {@code <data-dir>/master.key}). */
  record KeyFile(Path file) implements MasterKeySource {}

  /**
   * An AES key labelled {@code keyLabel} in the token labelled {@code tokenLabel} of a PKCS #11
   * {@code library}, logged in to with the user PIN in {@code pinFile}.
   */
  record Pkcs11Token(Path library, String tokenLabel, Path pinFile, String keyLabel)
      implements MasterKeySource {}

  /**
   * Reads {@code kms.master-key-file} and {@code kms.master-key-pkcs11}: a token when its library
   * is set (then with its token and PIN file, and without a key file), else the key file.
   *
   * @throws InvalidSettingException naming what is missing or contradictory
   */
  static MasterKeySource from(Config kms, Path dataDir) {
    String file = kms.getString("master-key-file").trim();
    Config pkcs11 = kms.getConfig("master-key-pkcs11");
    String library = pkcs11.getString("library").trim();
    String token = pkcs11.getString("token").trim();
    String pinFile = pkcs11.getString("pin-file").trim();
    String label = pkcs11.getString("label").trim();
    if (library.isEmpty()) {
      if (!token.isEmpty() || !pinFile.isEmpty()) {
        throw new InvalidSettingException(
            "KMS_MASTER_KEY_PKCS11_TOKEN and KMS_MASTER_KEY_PKCS11_PIN_FILE are set but "
                + "KMS_MASTER_KEY_PKCS11_LIBRARY is not: set the token's PKCS #11 library (e.g. "
                + "/usr/lib/softhsm/libsofthsm2.so) to keep the master key in the token, or unset "
                + "them to use a key file");
      }
      return new KeyFile(file.isEmpty() ? dataDir.resolve("master.key") : Path.of(file));
    }
    if (!file.isEmpty()) {
      throw new InvalidSettingException(
          "KMS_MASTER_KEY_FILE and KMS_MASTER_KEY_PKCS11_LIBRARY are both set: the master key is "
              + "either in a file or in a PKCS #11 token; unset one");
    }
    List<String> missing = new ArrayList<>();
    if (token.isEmpty()) {
      missing.add("KMS_MASTER_KEY_PKCS11_TOKEN (the token's label)");
    }
    if (pinFile.isEmpty()) {
      missing.add("KMS_MASTER_KEY_PKCS11_PIN_FILE (a file holding the user PIN)");
    }
    if (label.isEmpty()) {
      missing.add("KMS_MASTER_KEY_PKCS11_LABEL (the master key's label in the token)");
    }
    if (!missing.isEmpty()) {
      throw new InvalidSettingException(
          "the master key in a PKCS #11 token (KMS_MASTER_KEY_PKCS11_LIBRARY is set) also needs "
              + String.join(" and ", missing));
    }
    if (label.getBytes(StandardCharsets.UTF_8).length > 255) {
      throw new InvalidSettingException(
          "KMS_MASTER_KEY_PKCS11_LABEL must be at most 255 bytes (UTF-8)");
    }
    return new Pkcs11Token(Path.of(library), token, Path.of(pinFile), label);
  }
}
