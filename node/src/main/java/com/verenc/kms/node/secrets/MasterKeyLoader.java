package com.verenc.kms.node.secrets;

import com.verenc.kms.crypto.MasterKey;
import com.verenc.kms.node.config.InvalidSettingException;
import com.verenc.kms.node.config.NodeSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Finds the installation master key at start, generating it only where DESIGN.md allows. */
public final class MasterKeyLoader {
  private static final Logger log = LoggerFactory.getLogger(MasterKeyLoader.class);

  private MasterKeyLoader() {}

  /**
   * A loopback node generates a missing key file (owner-only permissions), so dev nodes and zones
   * started one after another on one machine share it; any other node needs the file.
   */
  public static MasterKey load(NodeSettings settings) {
    Path file = settings.effectiveMasterKeyFile();
    if (Files.exists(file)) {
      return MasterKey.readFrom(file);
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
    MasterKey key = MasterKey.generate();
    key.writeTo(file);
    log.warn(
        "Generated a new master key in {} (loopback dev node). Back it up: without it no key "
            + "material in this installation can be recovered.",
        file);
    return key;
  }
}
