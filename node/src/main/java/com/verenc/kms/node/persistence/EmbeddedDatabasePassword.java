package com.verenc.kms.node.persistence;

import com.verenc.kms.crypto.masterkey.MasterKey;
import com.verenc.kms.node.config.DatabaseSettings;
import java.util.Base64;

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

  /** The password a node derives from {@code masterKey} when none is configured. */
  public static String derive(MasterKey masterKey) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(masterKey.derive(PURPOSE, 24));
  }
}
