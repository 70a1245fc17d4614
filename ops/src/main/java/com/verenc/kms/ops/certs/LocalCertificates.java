package com.verenc.kms.ops.certs;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Throwaway TLS certificates for {@code ops/bin/local-cluster --tls}: a CA and, for each node, an
 * RSA certificate it signed for localhost and 127.0.0.1 (server and client use, so it serves the
 * API's HTTPS and Artery's mutual TLS), made with the JDK's keytool and written as the PEM files a
 * node reads. Files that are all there and valid for another day are kept, so a CA bundle handed to
 * clients stays good across restarts.
 */
public final class LocalCertificates {
  /** The subject every node shares: Pekko's remoting accepts peers with its own subject name. */
  static final String NODE_SUBJECT = "CN=verenc-kms-node";

  static final String CA_SUBJECT = "CN=Verenc KMS local-cluster CA";
  private static final int VALIDITY_DAYS = 30;
  private static final Duration RENEW_BEFORE = Duration.ofDays(1);

  /** The CA's certificate and each node's certificate and unencrypted PKCS #8 key. */
  public record Issued(Path caFile, List<NodeFiles> nodes) {}

  /** Node {@code i}'s certificate ({@code node-i.pem}) and key ({@code node-i.key}). */
  public record NodeFiles(Path certFile, Path keyFile) {}

  private LocalCertificates() {}

  /** {@code LocalCertificates DIR NODES}: exit 0 with the files in DIR, 1 with a message. */
  public static void main(String[] args) {
    if (args.length != 2 || !args[1].matches("[1-9][0-9]*")) {
      System.err.println("usage: LocalCertificates DIR NODES");
      System.exit(2);
    }
    try {
      ensure(Path.of(args[0]), Integer.parseInt(args[1]));
    } catch (RuntimeException e) {
      System.err.println("local-cluster: cannot make the TLS certificates: " + e.getMessage());
      System.exit(1);
    }
  }

  /** The CA and {@code nodes} node certificates in {@code dir}, made anew unless all are valid. */
  public static Issued ensure(Path dir, int nodes) {
    Issued issued = filesIn(dir, nodes);
    if (!allValid(issued)) {
      make(dir, issued);
    }
    return issued;
  }

  private static Issued filesIn(Path dir, int nodes) {
    List<NodeFiles> files = new ArrayList<>();
    for (int i = 0; i < nodes; i++) {
      files.add(
          new NodeFiles(dir.resolve("node-" + i + ".pem"), dir.resolve("node-" + i + ".key")));
    }
    return new Issued(dir.resolve("ca.pem"), List.copyOf(files));
  }

  private static boolean allValid(Issued issued) {
    try {
      X509Certificate ca = readCertificate(issued.caFile());
      Date renewAt = Date.from(Instant.now().plus(RENEW_BEFORE));
      ca.checkValidity(renewAt);
      for (NodeFiles node : issued.nodes()) {
        if (!Files.isRegularFile(node.keyFile())) {
          return false;
        }
        X509Certificate cert = readCertificate(node.certFile());
        cert.checkValidity(renewAt);
        cert.verify(ca.getPublicKey());
      }
      return true;
    } catch (IOException | GeneralSecurityException e) {
      return false;
    }
  }

  private static void make(Path dir, Issued issued) {
    byte[] random = new byte[16];
    new SecureRandom().nextBytes(random);
    String password = HexFormat.of().formatHex(random);
    Path store = dir.resolve("keytool-" + System.nanoTime() + ".p12");
    try {
      Files.createDirectories(dir);
      genkeypair(
          store,
          password,
          "ca",
          CA_SUBJECT,
          "-ext",
          "bc:c",
          "-ext",
          "KeyUsage=keyCertSign,cRLSign");
      for (int i = 0; i < issued.nodes().size(); i++) {
        genkeypair(
            store,
            password,
            "node-" + i,
            NODE_SUBJECT,
            "-signer",
            "ca",
            "-signerkeypass",
            password,
            "-ext",
            "SAN=dns:localhost,ip:127.0.0.1",
            "-ext",
            "KeyUsage=digitalSignature,keyEncipherment",
            "-ext",
            "ExtendedKeyUsage=serverAuth,clientAuth");
      }
      KeyStore keys = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(store)) {
        keys.load(in, password.toCharArray());
      }
      writePem(issued.caFile(), "CERTIFICATE", keys.getCertificate("ca").getEncoded(), false);
      for (int i = 0; i < issued.nodes().size(); i++) {
        NodeFiles node = issued.nodes().get(i);
        PrivateKey key = (PrivateKey) keys.getKey("node-" + i, password.toCharArray());
        writePem(node.keyFile(), "PRIVATE KEY", key.getEncoded(), true);
        writePem(
            node.certFile(), "CERTIFICATE", keys.getCertificate("node-" + i).getEncoded(), false);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("in " + dir + ": " + e.getMessage(), e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot read keytool's store: " + e.getMessage(), e);
    } finally {
      try {
        // The store holds the CA's private key: only the node certificates outlive this run.
        Files.deleteIfExists(store);
      } catch (IOException ignored) {
        // Reporting the failure that got here matters more.
      }
    }
  }

  private static X509Certificate readCertificate(Path file)
      throws IOException, CertificateException {
    try (InputStream in = Files.newInputStream(file)) {
      return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
  }

  /** Replaces {@code file}; a private key's file is readable by its owner only from the start. */
  private static void writePem(Path file, String type, byte[] der, boolean ownerOnly)
      throws IOException {
    String pem =
        "-----BEGIN "
            + type
            + "-----\n"
            + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der)
            + "\n-----END "
            + type
            + "-----\n";
    Files.deleteIfExists(file);
    if (ownerOnly && file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      Files.createFile(
          file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    }
    Files.writeString(file, pem, StandardCharsets.US_ASCII);
  }

  /**
   * An RSA 2048 key pair {@code alias} in {@code store}, its certificate as {@code options} say.
   */
  private static void genkeypair(
      Path store, String password, String alias, String subject, String... options) {
    List<String> arguments =
        new ArrayList<>(
            List.of(
                "-genkeypair",
                "-alias",
                alias,
                "-keyalg",
                "RSA",
                "-keysize",
                "2048",
                "-dname",
                subject,
                "-validity",
                String.valueOf(VALIDITY_DAYS),
                "-storetype",
                "PKCS12",
                "-keystore",
                store.toString(),
                "-storepass",
                password));
    arguments.addAll(List.of(options));
    keytool(arguments.toArray(String[]::new));
  }

  private static void keytool(String... arguments) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(arguments));
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException("keytool " + arguments[0] + " did not finish in 120 s");
      }
      if (p.exitValue() != 0) {
        throw new IllegalStateException("keytool " + arguments[0] + " failed: " + output.strip());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run keytool: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
