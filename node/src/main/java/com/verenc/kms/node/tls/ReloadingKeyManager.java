package com.verenc.kms.node.tls;

import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API's certificate and key from PEM files, read again when either file changes (checked at
 * most once per {@code recheck}, at a handshake), so a renewed certificate is served without a
 * restart. A pair that does not load (half written, key and certificate that do not match) is
 * logged and the one before is kept.
 */
final class ReloadingKeyManager extends X509ExtendedKeyManager {
  private static final Logger log = LoggerFactory.getLogger(ReloadingKeyManager.class);
  private static final String ALIAS = "kms";

  private record Loaded(
      X509Certificate[] chain, PrivateKey key, FileTime certChanged, FileTime keyChanged) {}

  private final Path certFile;
  private final Path keyFile;
  private final Duration recheck;
  private final Clock clock;
  private volatile Loaded current;
  private volatile Instant checkedAt;

  /**
   * @throws IllegalArgumentException when the files do not hold a matching certificate and key
   */
  ReloadingKeyManager(Path certFile, Path keyFile, Duration recheck, Clock clock) {
    this.certFile = certFile;
    this.keyFile = keyFile;
    this.recheck = recheck;
    this.clock = clock;
    try {
      this.current = load();
    } catch (Exception e) {
      throw new IllegalArgumentException(
          "cannot use the TLS certificate "
              + certFile
              + " with key "
              + keyFile
              + ": "
              + e.getMessage(),
          e);
    }
    this.checkedAt = clock.instant();
  }

  /** The certificate served now (the leaf). */
  X509Certificate certificate() {
    return current().chain()[0];
  }

  private Loaded current() {
    Instant now = clock.instant();
    if (now.isBefore(checkedAt.plus(recheck))) {
      return current;
    }
    synchronized (this) {
      if (now.isBefore(checkedAt.plus(recheck))) {
        return current;
      }
      checkedAt = now;
      Loaded before = current;
      try {
        if (!Files.getLastModifiedTime(certFile).equals(before.certChanged())
            || !Files.getLastModifiedTime(keyFile).equals(before.keyChanged())) {
          current = load();
          log.info(
              "Serving the renewed TLS certificate {} (valid until {})",
              current.chain()[0].getSubjectX500Principal().getName(),
              current.chain()[0].getNotAfter().toInstant());
        }
      } catch (Exception e) {
        log.error(
            "The TLS certificate or key changed but cannot be used ({}); still serving the one"
                + " before. Fix {} and {}.",
            e.getMessage(),
            certFile,
            keyFile);
      }
      return current;
    }
  }

  private Loaded load() throws Exception {
    FileTime certChanged = Files.getLastModifiedTime(certFile);
    FileTime keyChanged = Files.getLastModifiedTime(keyFile);
    X509Certificate[] chain = PemFiles.certificates(certFile);
    PrivateKey key = PemFiles.privateKey(keyFile, chain[0]);
    KeyPairCheck.requireMatching(chain[0], key);
    return new Loaded(chain, key, certChanged, keyChanged);
  }

  @Override
  public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
    return matches(keyType) ? ALIAS : null;
  }

  @Override
  public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
    return matches(keyType) ? ALIAS : null;
  }

  private boolean matches(String keyType) {
    String algorithm = current().key().getAlgorithm();
    return keyType == null || keyType.equalsIgnoreCase(algorithm) || keyType.startsWith(algorithm);
  }

  @Override
  public X509Certificate[] getCertificateChain(String alias) {
    return ALIAS.equals(alias) ? Arrays.copyOf(current.chain(), current.chain().length) : null;
  }

  @Override
  public PrivateKey getPrivateKey(String alias) {
    return ALIAS.equals(alias) ? current.key() : null;
  }

  @Override
  public String[] getServerAliases(String keyType, Principal[] issuers) {
    return matches(keyType) ? new String[] {ALIAS} : null;
  }

  @Override
  public String[] getClientAliases(String keyType, Principal[] issuers) {
    return null;
  }

  @Override
  public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
    return null;
  }
}
