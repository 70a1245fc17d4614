package com.verenc.kms.node.testkit;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * Self-signed certificates for 127.0.0.1 and localhost, made with the JDK's keytool and written as
 * the PEM files a node reads (certificate, unencrypted PKCS #8 key).
 */
public final class TestCertificates {
  private static final char[] PASSWORD = "changeit".toCharArray();

  /** A certificate and its key, and where their PEM files are. */
  public record Pem(X509Certificate certificate, Path certFile, Path keyFile) {
    /** Trust managers that trust this certificate only. */
    public TrustManager[] trustManagers() {
      try {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("kms", certificate);
        TrustManagerFactory factory =
            TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        return factory.getTrustManagers();
      } catch (GeneralSecurityException | IOException e) {
        throw new AssertionError(e);
      }
    }
  }

  private TestCertificates() {}

  /**
   * A new EC P-256 certificate named {@code cn}, written to {@code certFile} and {@code keyFile}
   * (replacing them).
   */
  public static Pem selfSigned(Path dir, String cn, Path certFile, Path keyFile) {
    return selfSigned(dir, cn, certFile, keyFile, "EC", "-groupname", "secp256r1");
  }

  /** As {@link #selfSigned}, with an RSA 2048 key (what Pekko's remoting reads). */
  public static Pem selfSignedRsa(Path dir, String cn, Path certFile, Path keyFile) {
    return selfSigned(dir, cn, certFile, keyFile, "RSA", "-keysize", "2048");
  }

  private static Pem selfSigned(
      Path dir, String cn, Path certFile, Path keyFile, String algorithm, String... size) {
    Path store = dir.resolve(cn + "-" + System.nanoTime() + ".p12");
    run(
        Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
        "-genkeypair",
        "-alias",
        "kms",
        "-keyalg",
        algorithm,
        size[0],
        size[1],
        "-dname",
        "CN=" + cn,
        "-ext",
        "SAN=dns:localhost,ip:127.0.0.1",
        "-validity",
        "2",
        "-storetype",
        "PKCS12",
        "-keystore",
        store.toString(),
        "-storepass",
        new String(PASSWORD));
    try (InputStream in = new FileInputStream(store.toFile())) {
      KeyStore keys = KeyStore.getInstance("PKCS12");
      keys.load(in, PASSWORD);
      X509Certificate certificate = (X509Certificate) keys.getCertificate("kms");
      PrivateKey key = (PrivateKey) keys.getKey("kms", PASSWORD);
      Files.writeString(keyFile, pem("PRIVATE KEY", key.getEncoded()), StandardCharsets.US_ASCII);
      Files.writeString(
          certFile, pem("CERTIFICATE", certificate.getEncoded()), StandardCharsets.US_ASCII);
      return new Pem(certificate, certFile, keyFile);
    } catch (GeneralSecurityException | IOException e) {
      throw new AssertionError("cannot read the keytool store " + store, e);
    }
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }

  private static void run(String... command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new AssertionError("keytool failed: " + output);
      }
    } catch (IOException e) {
      throw new AssertionError(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
