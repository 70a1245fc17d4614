package com.verenc.kms.node.auth;

import com.verenc.kms.node.config.InvalidSettingException;
import com.verenc.kms.node.quota.Quotas;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's credentials as they are now: re-reads the credentials file when its content changes
 * (checked at intervals by the node) or when asked (SIGHUP). A new snapshot replaces the old one as
 * a whole, so a request sees either; requests in flight keep the principal they were authenticated
 * as. A file that does not pass is refused with the reason, and the credentials in force stay.
 */
public final class CredentialsReloader implements Supplier<Identities> {
  private static final Logger log = LoggerFactory.getLogger(CredentialsReloader.class);

  private final Optional<Path> file;
  private final Quotas defaultQuotas;
  private final AtomicReference<Identities> current;

  /** The digest of the content last read (or last refused), so an unchanged file is not re-read. */
  private byte[] lastSeen;

  /**
   * @param initial the credentials the node started with
   * @param file where they came from; empty for the dev account, which is never reloaded
   */
  public CredentialsReloader(Identities initial, Optional<Path> file, Quotas defaultQuotas) {
    this.current = new AtomicReference<>(initial);
    this.file = file;
    this.defaultQuotas = defaultQuotas;
    this.lastSeen = file.map(CredentialsReloader::digestOrNull).orElse(null);
  }

  @Override
  public Identities get() {
    return current.get();
  }

  /**
   * Reads the file again if its content differs from what was last read.
   *
   * @return whether new credentials are now in force
   */
  public synchronized boolean reloadIfChanged() {
    if (file.isEmpty()) {
      return false;
    }
    byte[] digest = digestOrNull(file.get());
    if (digest == null || Arrays.equals(digest, lastSeen)) {
      return false;
    }
    lastSeen = digest;
    return load("it changed");
  }

  /**
   * Reads the file again whatever its content.
   *
   * @param why what asked for it, for the log line
   * @return whether new credentials are now in force
   */
  public synchronized boolean reload(String why) {
    if (file.isEmpty()) {
      log.info(
          "Credentials not reloaded ({}): the node runs on the dev account, without a file", why);
      return false;
    }
    lastSeen = digestOrNull(file.get());
    return load(why);
  }

  private boolean load(String why) {
    try {
      Identities next = Identities.of(CredentialsFile.parse(file.get(), defaultQuotas));
      current.set(next);
      log.info(
          "Credentials reloaded from {} ({}): {} account(s)",
          file.get(),
          why,
          next.accounts().size());
      return true;
    } catch (InvalidSettingException e) {
      log.error(
          "Credentials file {} refused ({}); the credentials in force stay: {}",
          file.get(),
          why,
          e.getMessage());
      return false;
    }
  }

  private static byte[] digestOrNull(Path file) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file));
    } catch (IOException e) {
      // Mid-replacement or briefly missing: the next check reads it.
      return null;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
