package com.verenc.kms.ops;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * The CA certificates the CLI trusts for an https endpoint instead of Java's own (--ca-bundle,
 * $KMS_CA_BUNDLE): a PEM file of one or more certificates, e.g. local-cluster --tls's ca.pem.
 */
final class CaBundle {
  private final Path file;
  private final TrustManager[] trustManagers;

  private CaBundle(Path file, TrustManager[] trustManagers) {
    this.file = file;
    this.trustManagers = trustManagers;
  }

  /**
   * Reads the bundle.
   *
   * @throws IllegalArgumentException naming the file when it is missing or holds no certificate
   */
  static CaBundle read(Path file) {
    Collection<? extends Certificate> certificates;
    try (InputStream in = Files.newInputStream(file)) {
      certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("--ca-bundle " + file + " does not exist");
    } catch (IOException e) {
      throw new UncheckedIOException("--ca-bundle " + file + " cannot be read", e);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "--ca-bundle " + file + " is not a PEM file of certificates: " + e.getMessage());
    }
    if (certificates.isEmpty()) {
      throw new IllegalArgumentException("--ca-bundle " + file + " holds no certificate");
    }
    try {
      KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
      trusted.load(null, null);
      int n = 0;
      for (Certificate certificate : certificates) {
        trusted.setCertificateEntry("ca-" + n++, certificate);
      }
      TrustManagerFactory factory =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(trusted);
      return new CaBundle(file, factory.getTrustManagers());
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot trust " + file + ": " + e.getMessage(), e);
    }
  }

  TrustManager[] trustManagers() {
    return trustManagers.clone();
  }

  /** A TLS context that trusts this bundle only, for java.net.http clients. */
  SSLContext sslContext() {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trustManagers(), null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot trust " + file + ": " + e.getMessage(), e);
    }
  }
}
