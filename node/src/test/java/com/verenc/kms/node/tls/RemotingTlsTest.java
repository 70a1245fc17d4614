package com.verenc.kms.node.tls;

import static com.verenc.kms.node.testkit.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.verenc.kms.node.config.InvalidSettingException;
import com.verenc.kms.node.testkit.TestCertificates;
import com.verenc.kms.node.testkit.TestZones;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeyState;

/**
 * Artery on TLS from PEM files: two zones form one cluster over tls-tcp and a multi-zone key
 * replicates and decrypts across it; unusable files and plain remoting beyond loopback are refused
 * at start.
 */
class RemotingTlsTest {
  static final String A = "ch-gva-2";
  static final String B = "de-fra-1";

  @TempDir Path dir;

  @Test
  void zonesFormOneClusterOverTlsAndReplicateThroughIt() {
    TestCertificates.Pem pem =
        TestCertificates.selfSignedRsa(
            dir, "verenc-kms-node", dir.resolve("node.crt"), dir.resolve("node.key"));
    Map<String, Object> tls =
        Map.of(
            "kms.remote.tls.cert-file", pem.certFile().toString(),
            "kms.remote.tls.key-file", pem.keyFile().toString(),
            "kms.remote.tls.ca-file", pem.certFile().toString());
    try (TestZones zones = TestZones.start(dir, List.of(A, B), tls)) {
      assertEquals(
          "tls-tcp",
          zones
              .zone(A)
              .node()
              .system()
              .settings()
              .config()
              .getString("pekko.remote.artery.transport"));
      KmsClient a = zones.client(A);
      KmsClient b = zones.client(B);
      String keyId = a.createKey(r -> r.multiRegion(true)).keyMetadata().keyId();
      SdkBytes blob =
          a.encrypt(r -> r.keyId(keyId).plaintext(SdkBytes.fromUtf8String("over tls")))
              .ciphertextBlob();
      a.replicateKey(r -> r.keyId(keyId).replicaRegion(B));
      eventually(
          "the replica is enabled in " + B,
          () -> b.describeKey(r -> r.keyId(keyId)).keyMetadata().keyState() == KeyState.ENABLED);
      assertEquals("over tls", b.decrypt(r -> r.ciphertextBlob(blob)).plaintext().asUtf8String());
    }
  }

  private Config remote(String host, String cert, String key, String ca, boolean allowPlaintext) {
    return ConfigFactory.parseMap(
        Map.of(
            "kms.remote.host", host,
            "kms.remote.tls.cert-file", cert,
            "kms.remote.tls.key-file", key,
            "kms.remote.tls.ca-file", ca,
            "kms.remote.allow-plaintext", allowPlaintext));
  }

  @Test
  void plainRemotingBeyondLoopbackAndUnusableFilesAreRefused() throws Exception {
    InvalidSettingException plain =
        assertThrows(
            InvalidSettingException.class,
            () -> RemotingTls.pekkoConfig(remote("10.1.2.3", "", "", "", false)));
    assertTrue(plain.getMessage().contains("KMS_ALLOW_PLAINTEXT_REMOTING"), plain.getMessage());
    assertTrue(RemotingTls.pekkoConfig(remote("10.1.2.3", "", "", "", true)).isEmpty());
    assertTrue(RemotingTls.pekkoConfig(remote("127.0.0.1", "", "", "", false)).isEmpty());

    TestCertificates.Pem pem =
        TestCertificates.selfSignedRsa(dir, "node", dir.resolve("n.crt"), dir.resolve("n.key"));
    String cert = pem.certFile().toString();
    InvalidSettingException partial =
        assertThrows(
            InvalidSettingException.class,
            () -> RemotingTls.pekkoConfig(remote("127.0.0.1", cert, "", "", false)));
    assertTrue(partial.getMessage().contains("all three"), partial.getMessage());
    TestCertificates.Pem ec =
        TestCertificates.selfSigned(dir, "ec", dir.resolve("ec.crt"), dir.resolve("ec.key"));
    InvalidSettingException notRsa =
        assertThrows(
            InvalidSettingException.class,
            () ->
                RemotingTls.pekkoConfig(
                    remote(
                        "127.0.0.1",
                        ec.certFile().toString(),
                        ec.keyFile().toString(),
                        ec.certFile().toString(),
                        false)));
    assertTrue(notRsa.getMessage().contains("RSA"), notRsa.getMessage());
    Path garbage = Files.writeString(dir.resolve("bad.key"), "not a key");
    InvalidSettingException unusable =
        assertThrows(
            InvalidSettingException.class,
            () ->
                RemotingTls.pekkoConfig(
                    remote("127.0.0.1", cert, garbage.toString(), cert, false)));
    assertTrue(unusable.getMessage().contains("PKCS #8"), unusable.getMessage());
    Config on =
        RemotingTls.pekkoConfig(remote("127.0.0.1", cert, pem.keyFile().toString(), cert, false));
    assertEquals("tls-tcp", on.getString("pekko.remote.artery.transport"));
  }
}
