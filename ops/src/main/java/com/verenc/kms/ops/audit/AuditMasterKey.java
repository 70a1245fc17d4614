package com.verenc.kms.ops.audit;

import com.verenc.kms.crypto.CryptoException;
import com.verenc.kms.crypto.masterkey.FileMasterKey;
import com.verenc.kms.crypto.masterkey.MasterKey;
import com.verenc.kms.crypto.masterkey.Pkcs11MasterKey;
import com.verenc.kms.crypto.masterkey.Pkcs11PinFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Finds the master keys whose derived keys signed an audit trail the way a node finds its own (the
 * same KMS_MASTER_KEY_* and KMS_PREVIOUS_MASTER_KEY_* variables, see reference.conf): the current
 * one, and the previous one of a master key rotation, whose signatures cover the records written
 * before it. A key in a PKCS #11 token is opened, never created; a key file may be a copy on
 * another machine.
 */
public final class AuditMasterKey {
  /** The label a node gives its master key in a token when KMS_MASTER_KEY_PKCS11_LABEL is unset. */
  static final String DEFAULT_LABEL = "verenc-kms-master-key";

  private AuditMasterKey() {}

  /**
   * The current master key: the key file given, else the key in the PKCS #11 token of {@code
   * KMS_MASTER_KEY_PKCS11_LIBRARY}, else {@code KMS_MASTER_KEY_FILE}, else {@code
   * $KMS_DATA_DIR/master.key} (a loopback node's generated key, {@code ./data} by default).
   *
   * @param keyFile the file given on the command line; null when none was
   * @param env the environment to read the KMS_* variables from
   * @throws IllegalArgumentException saying how to give the key when none is found, or what a
   *     token's settings lack
   * @throws com.verenc.kms.crypto.CryptoException when the file is not a master key file, or the
   *     token, its PIN or the key cannot be used
   */
  public static MasterKey find(String keyFile, Map<String, String> env) {
    if (!blank(keyFile)) {
      return FileMasterKey.readFrom(Path.of(keyFile));
    }
    String library = env.get("KMS_MASTER_KEY_PKCS11_LIBRARY");
    if (!blank(library)) {
      return fromToken(
          "KMS_MASTER_KEY_PKCS11_",
          library,
          env.get("KMS_MASTER_KEY_PKCS11_TOKEN"),
          env.get("KMS_MASTER_KEY_PKCS11_PIN_FILE"),
          blank(env.get("KMS_MASTER_KEY_PKCS11_LABEL"))
              ? DEFAULT_LABEL
              : env.get("KMS_MASTER_KEY_PKCS11_LABEL"));
    }
    String file = env.get("KMS_MASTER_KEY_FILE");
    if (blank(file)) {
      Path generated = Path.of(env.getOrDefault("KMS_DATA_DIR", "./data")).resolve("master.key");
      if (Files.exists(generated)) {
        file = generated.toString();
      }
    }
    if (blank(file)) {
      throw new IllegalArgumentException(
          "no master key to check the signatures with: give the installation's key file with "
              + "--master-key-file FILE (or KMS_MASTER_KEY_FILE), the token holding it with "
              + "KMS_MASTER_KEY_PKCS11_LIBRARY, _TOKEN, _PIN_FILE and _LABEL as the nodes have "
              + "them, or check the chain alone with --chain-only");
    }
    return FileMasterKey.readFrom(Path.of(file));
  }

  /**
   * The previous master keys: the files given, and {@code KMS_PREVIOUS_MASTER_KEY_FILE} or the key
   * labelled {@code KMS_PREVIOUS_MASTER_KEY_PKCS11_LABEL} (in the token of the
   * KMS_PREVIOUS_MASTER_KEY_PKCS11_LIBRARY, _TOKEN and _PIN_FILE given, each else the current
   * key's).
   *
   * @throws IllegalArgumentException when both a previous file and label are set, or a token's
   *     settings are missing
   */
  public static List<MasterKey> previous(List<String> keyFiles, Map<String, String> env) {
    List<MasterKey> keys = new ArrayList<>();
    for (String file : keyFiles) {
      keys.add(FileMasterKey.readFrom(Path.of(file)));
    }
    String file = env.get("KMS_PREVIOUS_MASTER_KEY_FILE");
    String label = env.get("KMS_PREVIOUS_MASTER_KEY_PKCS11_LABEL");
    if (!blank(file) && !blank(label)) {
      throw new IllegalArgumentException(
          "KMS_PREVIOUS_MASTER_KEY_FILE and KMS_PREVIOUS_MASTER_KEY_PKCS11_LABEL are both set: the "
              + "previous master key is either a file or a key in a PKCS #11 token; unset one");
    }
    if (!blank(file)) {
      keys.add(FileMasterKey.readFrom(Path.of(file)));
    } else if (!blank(label)) {
      keys.add(
          fromToken(
              "KMS_PREVIOUS_MASTER_KEY_PKCS11_",
              orCurrent(env, "LIBRARY"),
              orCurrent(env, "TOKEN"),
              orCurrent(env, "PIN_FILE"),
              label));
    }
    return keys;
  }

  private static String orCurrent(Map<String, String> env, String setting) {
    String own = env.get("KMS_PREVIOUS_MASTER_KEY_PKCS11_" + setting);
    return blank(own) ? env.get("KMS_MASTER_KEY_PKCS11_" + setting) : own;
  }

  private static MasterKey fromToken(
      String variables, String library, String token, String pinFile, String label) {
    List<String> missing = new ArrayList<>();
    if (blank(library)) {
      missing.add(variables + "LIBRARY (the token's PKCS #11 library)");
    }
    if (blank(token)) {
      missing.add(variables + "TOKEN (the token's label)");
    }
    if (blank(pinFile)) {
      missing.add(variables + "PIN_FILE (a file holding the user PIN)");
    }
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException(
          "the master key in a PKCS #11 token also needs " + String.join(" and ", missing));
    }
    char[] pin = null;
    try {
      pin = Pkcs11PinFile.read(Path.of(pinFile));
      return Pkcs11MasterKey.openExisting(Path.of(library), token, pin, label);
    } catch (CryptoException e) {
      throw new CryptoException("the master key (" + variables + "*): " + e.getMessage(), e);
    } finally {
      if (pin != null) {
        Arrays.fill(pin, '\0');
      }
    }
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }
}
