package com.verenc.kms.node.secrets;

import com.verenc.kms.crypto.CryptoException;
import com.verenc.kms.crypto.masterkey.FileMasterKey;
import com.verenc.kms.crypto.masterkey.MasterKey;
import com.verenc.kms.crypto.masterkey.MasterKeyRing;
import com.verenc.kms.crypto.masterkey.Pkcs11MasterKey;
import com.verenc.kms.crypto.masterkey.Pkcs11PinFile;
import com.verenc.kms.node.config.InvalidSettingException;
import com.verenc.kms.node.config.MasterKeySource;
import com.verenc.kms.node.config.NodeSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the installation master key at start: in its PKCS #11 token, or in its key file, which is
 * generated only where DESIGN.md allows; and, during a master key rotation, the previous master
 * key, which must exist.
 */
public final class MasterKeyLoader {
  private static final Logger log = LoggerFactory.getLogger(MasterKeyLoader.class);

  private MasterKeyLoader() {}

  /**
   * @throws InvalidSettingException or {@link com.verenc.kms.crypto.CryptoException} saying what to
   *     fix
   */
  public static MasterKeyRing load(NodeSettings settings) {
    MasterKey current = current(settings);
    Optional<MasterKeySource> previousSource = settings.masterKeyRotation().previous();
    if (previousSource.isEmpty()) {
      return MasterKeyRing.of(current);
    }
    MasterKey previous = previous(previousSource.get());
    MasterKeyRing ring = MasterKeyRing.of(current, List.of(previous));
    log.info(
        "Previous master key {}: secrets still wrapped under it open; new ones are wrapped under "
            + "the current master key {}. Run `kms master-key rotate` to re-wrap the zone's "
            + "secrets, and remove the previous key once `kms master-key retire-check` allows it.",
        previous.id(),
        current.id());
    return ring;
  }

  private static MasterKey current(NodeSettings settings) {
    MasterKeySource source = settings.masterKey();
    if (source instanceof MasterKeySource.Pkcs11Token token) {
      return fromToken(token);
    }
    return fromFile(((MasterKeySource.KeyFile) source).file(), settings);
  }

  /** A previous master key is never generated: it wrapped secrets already. */
  private static MasterKey previous(MasterKeySource source) {
    try {
      if (source instanceof MasterKeySource.Pkcs11Token token) {
        char[] pin = Pkcs11PinFile.read(token.pinFile());
        try {
          return Pkcs11MasterKey.openExisting(
              token.library(), token.tokenLabel(), pin, token.keyLabel());
        } finally {
          Arrays.fill(pin, '\0');
        }
      }
      return FileMasterKey.readFrom(((MasterKeySource.KeyFile) source).file());
    } catch (CryptoException | InvalidSettingException e) {
      throw new InvalidSettingException(
          "the previous master key (KMS_PREVIOUS_MASTER_KEY_*): " + e.getMessage());
    }
  }

  /**
   * A loopback node generates a missing key file (owner-only permissions), so dev nodes and zones
   * started one after another on one machine share it; any other node needs the file.
   */
  private static MasterKey fromFile(Path file, NodeSettings settings) {
    if (Files.exists(file)) {
      return FileMasterKey.readFrom(file);
    }
    if (!settings.boundToLoopback()) {
      throw new InvalidSettingException(
          "master key file "
              + file
              + " does not exist. A node bound to "
              + settings.httpHost()
              + " needs an existing KMS_MASTER_KEY_FILE shared by every node of the "
              + "installation; only a node bound to loopback generates one.");
    }
    FileMasterKey key = FileMasterKey.generate();
    key.writeTo(file);
    log.warn(
        "Generated a new master key in {} (loopback dev node). Back it up: without it no key "
            + "material in this installation can be recovered.",
        file);
    return key;
  }

  private static MasterKey fromToken(MasterKeySource.Pkcs11Token token) {
    char[] pin = Pkcs11PinFile.read(token.pinFile());
    try {
      Pkcs11MasterKey key =
          Pkcs11MasterKey.openOrCreate(token.library(), token.tokenLabel(), pin, token.keyLabel());
      if (key.created()) {
        log.warn(
            "Created the master key '{}' in PKCS #11 token '{}' (AES-256, sensitive, "
                + "non-extractable): it wraps every key's secret from now on, so every node of the "
                + "installation must use this key, and the token must be backed up by the HSM's "
                + "own means.",
            token.keyLabel(),
            token.tokenLabel());
      } else {
        log.info("Master key '{}' in PKCS #11 token '{}'", token.keyLabel(), token.tokenLabel());
      }
      return key;
    } finally {
      Arrays.fill(pin, '\0');
    }
  }
}
