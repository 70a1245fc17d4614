package com.verenc.kms.ops.audit;

import com.verenc.kms.crypto.masterkey.FileMasterKey;
import com.verenc.kms.crypto.masterkey.MasterKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Finds the master key whose derived key signed an audit trail the way a node finds its own: the
 * key file given, else {@code KMS_MASTER_KEY_FILE}, else {@code $KMS_DATA_DIR/master.key} (a
 * loopback node's generated key, {@code ./data} by default). The file may be a copy on another
 * machine: nothing else is needed.
 */
public final class AuditMasterKey {
  private AuditMasterKey() {}

  /**
   * @param keyFile the file given on the command line; null when none was
   * @param env the environment to read KMS_MASTER_KEY_FILE and KMS_DATA_DIR from
   * @throws IllegalArgumentException saying how to give the key when none is found
   * @throws com.verenc.kms.crypto.CryptoException when the file is not a master key file
   */
  public static MasterKey find(String keyFile, Map<String, String> env) {
    String file = keyFile;
    if (blank(file)) {
      file = env.get("KMS_MASTER_KEY_FILE");
    }
    if (blank(file)) {
      Path generated = Path.of(env.getOrDefault("KMS_DATA_DIR", "./data")).resolve("master.key");
      if (Files.exists(generated)) {
        file = generated.toString();
      }
    }
    if (blank(file)) {
      throw new IllegalArgumentException(
          "no master key to check the signatures with: give the installation's key file with "
              + "--master-key-file FILE (or KMS_MASTER_KEY_FILE), or check the chain alone with "
              + "--chain-only");
    }
    return FileMasterKey.readFrom(Path.of(file));
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }
}
