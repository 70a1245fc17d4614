package com.verenc.kms.node.persistence;

import com.verenc.kms.crypto.masterkey.MasterKey;
import com.verenc.kms.crypto.masterkey.MasterKeyRing;
import com.verenc.kms.node.config.DatabaseSettings;
import java.util.Base64;
import java.util.List;

/**
 * The embedded H2 database's password: {@code KMS_DB_PASSWORD} when set, else derived from the
 * master key, so that no local process opens the database with H2's well-known empty password.
 */
public final class EmbeddedDatabasePassword {
  private static final String PURPOSE = "verenc-kms/h2-database-password";

  private EmbeddedDatabasePassword() {}

  /** The settings to connect with: PostgreSQL ones unchanged, H2 ones with their password. */
  public static DatabaseSettings apply(DatabaseSettings settings, MasterKey masterKey) {
    if (settings.kind() != DatabaseSettings.Kind.H2 || !settings.password().isEmpty()) {
      return settings;
    }
    return settings.withPassword(derive(masterKey));
  }

  /**
   * The passwords the embedded database may still have from before a master key rotation: those
   * derived from the ring's previous master keys, when the password is derived at all.
   */
  public static List<String> former(DatabaseSettings settings, MasterKeyRing masterKeys) {
    if (settings.kind() != DatabaseSettings.Kind.H2 || !settings.password().isEmpty()) {
      return List.of();
    }
    return masterKeys.previous().stream().map(EmbeddedDatabasePassword::derive).toList();
  }

  /** The password a node derives from {@code masterKey} when none is configured. */
  public static String derive(MasterKey masterKey) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(masterKey.derive(PURPOSE, 24));
  }
}
