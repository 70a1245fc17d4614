package com.verenc.kms.ops.certs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * local-cluster --tls's certificates: what a node needs for HTTPS and mutual TLS, kept if valid.
 */
class LocalCertificatesTest {
  @TempDir Path dir;

  @Test
  void aCaSignsOneCertificatePerNodeForLoopbackServerAndClientUse() throws Exception {
    LocalCertificates.Issued issued = LocalCertificates.ensure(dir, 2);
    X509Certificate ca = certificate(issued.caFile());
    assertEquals(LocalCertificates.CA_SUBJECT, ca.getSubjectX500Principal().getName());
    assertTrue(ca.getBasicConstraints() >= 0, "a CA certificate");
    assertEquals(2, issued.nodes().size());
    for (LocalCertificates.NodeFiles node : issued.nodes()) {
      X509Certificate cert = certificate(node.certFile());
      cert.verify(ca.getPublicKey());
      cert.checkValidity();
      assertEquals(LocalCertificates.NODE_SUBJECT, cert.getSubjectX500Principal().getName());
      assertEquals(
          List.of(List.of(2, "localhost"), List.of(7, "127.0.0.1")),
          cert.getSubjectAlternativeNames().stream().map(List::copyOf).toList());
      assertEquals(List.of("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2"), cert.getExtendedKeyUsage());
      PrivateKey key = privateKey(node.keyFile());
      assertEquals("RSA", key.getAlgorithm(), "Pekko's remoting reads RSA keys only");
      Signature signer = Signature.getInstance("SHA256withRSA");
      signer.initSign(key);
      signer.update(new byte[] {1, 2, 3});
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance("SHA256withRSA");
      verifier.initVerify(cert);
      verifier.update(new byte[] {1, 2, 3});
      assertTrue(verifier.verify(signature), "the key belongs to the certificate");
      assertEquals(
          "rw-------",
          PosixFilePermissions.toString(Files.getPosixFilePermissions(node.keyFile())));
    }
    try (var files = Files.list(dir)) {
      assertFalse(
          files.anyMatch(f -> f.toString().endsWith(".p12")), "the CA's key is not left behind");
    }
  }

  @Test
  void validFilesAreKeptAndMissingOnesMakeANewSet() throws Exception {
    LocalCertificates.Issued first = LocalCertificates.ensure(dir, 1);
    byte[] ca = Files.readAllBytes(first.caFile());
    LocalCertificates.ensure(dir, 1);
    assertArrayEquals(ca, Files.readAllBytes(first.caFile()), "kept while valid");

    LocalCertificates.Issued grown = LocalCertificates.ensure(dir, 2);
    byte[] newCa = Files.readAllBytes(grown.caFile());
    assertFalse(Arrays.equals(ca, newCa), "a node more: a new set");
    X509Certificate issuer = certificate(grown.caFile());
    for (LocalCertificates.NodeFiles node : grown.nodes()) {
      certificate(node.certFile()).verify(issuer.getPublicKey());
    }
  }

  private static X509Certificate certificate(Path file) throws Exception {
    try (InputStream in = Files.newInputStream(file)) {
      return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
  }

  private static PrivateKey privateKey(Path file) throws Exception {
    String pem = Files.readString(file, StandardCharsets.US_ASCII);
    assertTrue(pem.startsWith("-----BEGIN PRIVATE KEY-----\n"), pem.substring(0, 30));
    String base64 =
        pem.replace("-----BEGIN PRIVATE KEY-----", "")
            .replace("-----END PRIVATE KEY-----", "")
            .replaceAll("\\s", "");
    return KeyFactory.getInstance("RSA")
        .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
  }
}
