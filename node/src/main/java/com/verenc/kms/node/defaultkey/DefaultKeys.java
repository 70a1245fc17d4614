package com.verenc.kms.node.defaultkey;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Names of an account's Default Organization Key. Its id is derived from the account, so every zone
 * knows it without asking anyone.
 */
public final class DefaultKeys {
  public static final String ALIAS = "alias/verenc/default";

  private DefaultKeys() {}

  public static String keyIdFor(String accountId) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(
                  ("verenc-default-organization-key|" + accountId)
                      .getBytes(StandardCharsets.UTF_8));
      return "mrk-" + HexFormat.of().formatHex(digest, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available in this JVM", e);
    }
  }
}
