package com.verenc.kms.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.verenc.kms.ops.certs.LocalCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --ca-bundle: the CLI trusts exactly the CAs of a PEM file, and says what is wrong with one. */
class CaBundleTest {
  @TempDir Path dir;

  @Test
  void theBundlesCertificatesAreTheCasTrusted() throws Exception {
    Path ca = LocalCertificates.ensure(dir, 1).caFile();
    X509Certificate[] trusted =
        ((X509TrustManager) CaBundle.read(ca).trustManagers()[0]).getAcceptedIssuers();
    assertEquals(1, trusted.length);
    assertEquals("CN=Verenc KMS local-cluster CA", trusted[0].getSubjectX500Principal().getName());
  }

  @Test
  void aMissingOrWrongFileIsNamed() throws Exception {
    Path missing = dir.resolve("none.pem");
    assertEquals(
        "--ca-bundle " + missing + " does not exist",
        assertThrows(IllegalArgumentException.class, () -> CaBundle.read(missing)).getMessage());
    Path empty = Files.writeString(dir.resolve("empty.pem"), "");
    assertEquals(
        "--ca-bundle " + empty + " holds no certificate",
        assertThrows(IllegalArgumentException.class, () -> CaBundle.read(empty)).getMessage());
    Path garbage = Files.writeString(dir.resolve("garbage.pem"), "-----BEGIN CERTIFICATE-----\nxx");
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> CaBundle.read(garbage))
            .getMessage()
            .startsWith("--ca-bundle " + garbage + " is not a PEM file of certificates"));
  }
}
