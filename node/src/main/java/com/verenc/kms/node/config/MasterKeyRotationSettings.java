package com.verenc.kms.node.config;

import com.typesafe.config.Config;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Master key rotation: the previous master key a node still opens secrets with ({@code
 * kms.previous-master-key}), and how fast the zone's re-wrap job goes ({@code
 * kms.master-key-rotation}).
 *
 * @param batchSize secrets per page and transaction
 * @param maxRate at most this many secrets a second
 */
public record MasterKeyRotationSettings(
    Optional<MasterKeySource> previous, int batchSize, int maxRate) {

  /**
   * Reads the settings; a previous key in a token takes the current key's library, token and PIN
   * file where its own are empty.
   *
   * @throws InvalidSettingException naming what is missing or contradictory
   */
  static MasterKeyRotationSettings from(Config kms) {
    Config rotation = kms.getConfig("master-key-rotation");
    int batchSize = rotation.getInt("batch-size");
    int maxRate = rotation.getInt("max-rate");
    if (batchSize < 1 || maxRate < 1) {
      throw new InvalidSettingException(
          "kms.master-key-rotation.batch-size and max-rate (KMS_MASTER_KEY_ROTATION_MAX_RATE) "
              + "must be at least 1, got "
              + batchSize
              + " and "
              + maxRate);
    }
    return new MasterKeyRotationSettings(previous(kms), batchSize, maxRate);
  }

  private static Optional<MasterKeySource> previous(Config kms) {
    Config previous = kms.getConfig("previous-master-key");
    String file = previous.getString("file").trim();
    String label = previous.getString("pkcs11.label").trim();
    if (!file.isEmpty() && !label.isEmpty()) {
      throw new InvalidSettingException(
          "KMS_PREVIOUS_MASTER_KEY_FILE and KMS_PREVIOUS_MASTER_KEY_PKCS11_LABEL are both set: "
              + "the previous master key is either a file or a key in a PKCS #11 token; unset one");
    }
    if (!file.isEmpty()) {
      return Optional.of(new MasterKeySource.KeyFile(Path.of(file)));
    }
    if (label.isEmpty()) {
      return Optional.empty();
    }
    if (label.getBytes(StandardCharsets.UTF_8).length > 255) {
      throw new InvalidSettingException(
          "KMS_PREVIOUS_MASTER_KEY_PKCS11_LABEL must be at most 255 bytes (UTF-8)");
    }
    Config current = kms.getConfig("master-key-pkcs11");
    String library = orCurrent(previous, current, "library");
    String token = orCurrent(previous, current, "token");
    String pinFile = orCurrent(previous, current, "pin-file");
    List<String> missing = new ArrayList<>();
    if (library.isEmpty()) {
      missing.add("KMS_PREVIOUS_MASTER_KEY_PKCS11_LIBRARY");
    }
    if (token.isEmpty()) {
      missing.add("KMS_PREVIOUS_MASTER_KEY_PKCS11_TOKEN");
    }
    if (pinFile.isEmpty()) {
      missing.add("KMS_PREVIOUS_MASTER_KEY_PKCS11_PIN_FILE");
    }
    if (!missing.isEmpty()) {
      throw new InvalidSettingException(
          "the previous master key in a PKCS #11 token (KMS_PREVIOUS_MASTER_KEY_PKCS11_LABEL) "
              + "needs its token: set "
              + String.join(" and ", missing)
              + ", or keep the current master key in the same token (KMS_MASTER_KEY_PKCS11_*)");
    }
    return Optional.of(
        new MasterKeySource.Pkcs11Token(Path.of(library), token, Path.of(pinFile), label));
  }

  private static String orCurrent(Config previous, Config current, String setting) {
    String own = previous.getString("pkcs11." + setting).trim();
    return own.isEmpty() ? current.getString(setting).trim() : own;
  }
}
