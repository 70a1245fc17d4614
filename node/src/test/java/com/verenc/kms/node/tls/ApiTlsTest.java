package com.verenc.kms.node.tls;

import static com.verenc.kms.node.testkit.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.verenc.kms.node.config.InvalidSettingException;
import com.verenc.kms.node.testkit.TestCertificates;
import com.verenc.kms.node.testkit.TestDatabase;
import com.verenc.kms.node.testkit.TestNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * The API over HTTPS from PEM files: the AWS SDK works through it, only TLS 1.3/1.2 with
 * forward-secret AEAD suites are spoken, plain HTTP gets no answer, and a certificate replaced on
 * disk is served to new connections without a restart.
 */
class ApiTlsTest {
  @TempDir Path dir;
  private TestNode node;

  @AfterEach
  void stop() {
    if (node != null) {
      node.close();
    }
  }

  private TestCertificates.Pem start() {
    Path cert = dir.resolve("api.crt");
    Path key = dir.resolve("api.key");
    TestCertificates.Pem pem = TestCertificates.selfSigned(dir, "kms-first", cert, key);
    node =
        TestNode.start(
            TestDatabase.h2(dir.resolve("data")),
            Map.of(
                "kms.http.tls.cert-file",
                cert.toString(),
                "kms.http.tls.key-file",
                key.toString()));
    return pem;
  }

  private int port() {
    return node.endpoint().getPort();
  }

  private KmsClient client(TestCertificates.Pem trusted) {
    return KmsClient.builder()
        .endpointOverride(URI.create("https://localhost:" + port()))
        .region(Region.of(node.zone()))
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
        .httpClient(
            UrlConnectionHttpClient.builder()
                .tlsTrustManagersProvider(trusted::trustManagers)
                .build())
        .overrideConfiguration(
            o -> o.retryStrategy(RetryMode.STANDARD).apiCallTimeout(Duration.ofSeconds(30)))
        .build();
  }

  /**
   * A handshake with the node, offering only {@code protocols} and {@code suites} (null: defaults).
   */
  private SSLSocket handshake(TestCertificates.Pem trusted, String[] protocols, String[] suites)
      throws Exception {
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, trusted.trustManagers(), null);
    SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port());
    if (protocols != null) {
      socket.setEnabledProtocols(protocols);
    }
    if (suites != null) {
      socket.setEnabledCipherSuites(suites);
    }
    socket.setSoTimeout(10_000);
    socket.startHandshake();
    return socket;
  }

  @Test
  void theSdkWorksOverHttpsWithModernTlsOnly() throws Exception {
    TestCertificates.Pem pem = start();
    try (KmsClient kms = client(pem)) {
      String keyId = kms.createKey(b -> b.description("over tls")).keyMetadata().keyId();
      SdkBytes blob =
          kms.encrypt(b -> b.keyId(keyId).plaintext(SdkBytes.fromUtf8String("secret")))
              .ciphertextBlob();
      assertEquals("secret", kms.decrypt(b -> b.ciphertextBlob(blob)).plaintext().asUtf8String());
    }
    try (SSLSocket tls13 = handshake(pem, null, null)) {
      assertEquals("TLSv1.3", tls13.getSession().getProtocol());
    }
    try (SSLSocket tls12 = handshake(pem, new String[] {"TLSv1.2"}, null)) {
      assertEquals("TLSv1.2", tls12.getSession().getProtocol());
      assertTrue(
          tls12.getSession().getCipherSuite().contains("_GCM_"),
          tls12.getSession().getCipherSuite());
    }
    // CBC suites without AEAD are not spoken.
    assertThrows(
        SSLException.class,
        () ->
            handshake(
                    pem,
                    new String[] {"TLSv1.2"},
                    new String[] {"TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256"})
                .close());
  }

  @Test
  void plainHttpGetsNoHttpAnswer() throws Exception {
    start();
    try (Socket plain = new Socket("127.0.0.1", port())) {
      plain.setSoTimeout(10_000);
      OutputStream out = plain.getOutputStream();
      out.write(
          "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\n\r\n"
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = plain.getInputStream();
      byte[] head = in.readNBytes(5);
      assertTrue(
          head.length < 5 || !new String(head, StandardCharsets.US_ASCII).startsWith("HTTP/"),
          "no HTTP response over plain TCP");
    } catch (IOException closed) {
      // The node closed the connection: no answer either.
    }
  }

  @Test
  void aReplacedCertificateIsServedWithoutARestart() throws Exception {
    TestCertificates.Pem first = start();
    try (SSLSocket before = handshake(first, null, null)) {
      assertEquals(first.certificate(), before.getSession().getPeerCertificates()[0]);
    }
    TestCertificates.Pem second =
        TestCertificates.selfSigned(dir, "kms-second", first.certFile(), first.keyFile());
    X509Certificate served =
        eventually(
            "the renewed certificate is served",
            () -> {
              try (SSLSocket after = handshake(second, null, null)) {
                return (X509Certificate) after.getSession().getPeerCertificates()[0];
              } catch (Exception stillTheFirst) {
                return null;
              }
            });
    assertEquals(second.certificate(), served);
    try (KmsClient kms = client(second)) {
      kms.listKeys();
    }
    // A broken replacement is refused; the certificate before is still served.
    Files.writeString(first.keyFile(), "not a key");
    Thread.sleep(6_000);
    try (SSLSocket still = handshake(second, null, null)) {
      assertEquals(second.certificate(), still.getSession().getPeerCertificates()[0]);
    }
  }

  @Test
  void aCertificateWithoutItsKeyIsRefusedAtStart() {
    Path cert = dir.resolve("a.crt");
    Path key = dir.resolve("a.key");
    TestCertificates.selfSigned(dir, "kms-a", cert, key);
    TestCertificates.selfSigned(dir, "kms-b", dir.resolve("b.crt"), key);
    InvalidSettingException e =
        assertThrows(
            InvalidSettingException.class,
            () ->
                TestNode.start(
                    TestDatabase.h2(dir.resolve("data")),
                    Map.of(
                        "kms.http.tls.cert-file", cert.toString(),
                        "kms.http.tls.key-file", key.toString())));
    assertTrue(e.getMessage().contains("does not belong to the certificate"), e.getMessage());
  }
}
