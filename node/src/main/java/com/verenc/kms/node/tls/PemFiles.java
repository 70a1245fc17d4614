package com.verenc.kms.node.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a certificate chain and its private key from PEM files, as certificate tools write them:
 * the chain leaf first, the key unencrypted PKCS #8 ("BEGIN PRIVATE KEY", RSA or EC).
 */
final class PemFiles {
  private static final Pattern PRIVATE_KEY =
      Pattern.compile("-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");

  private PemFiles() {}

  /** The chain in {@code file}, leaf first; at least one certificate. */
  static X509Certificate[] certificates(Path file) throws IOException, GeneralSecurityException {
    byte[] pem = Files.readAllBytes(file);
    List<X509Certificate> chain =
        CertificateFactory.getInstance("X.509")
            .generateCertificates(new ByteArrayInputStream(pem))
            .stream()
            .map(c -> (X509Certificate) c)
            .toList();
    if (chain.isEmpty()) {
      throw new GeneralSecurityException(file + " holds no PEM certificate");
    }
    return chain.toArray(X509Certificate[]::new);
  }

  /** The private key in {@code file}, of the algorithm of {@code certificate}'s public key. */
  static PrivateKey privateKey(Path file, X509Certificate certificate)
      throws IOException, GeneralSecurityException {
    String pem = Files.readString(file, StandardCharsets.US_ASCII);
    Matcher m = PRIVATE_KEY.matcher(pem);
    if (!m.find()) {
      throw new GeneralSecurityException(
          file
              + " holds no unencrypted PKCS #8 key (-----BEGIN PRIVATE KEY-----); convert one with "
              + "'openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pk8'");
    }
    byte[] der = Base64.getMimeDecoder().decode(m.group(1));
    String algorithm = certificate.getPublicKey().getAlgorithm();
    return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
  }
}
