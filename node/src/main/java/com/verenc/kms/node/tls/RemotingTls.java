package com.verenc.kms.node.tls;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import com.verenc.kms.node.config.InvalidSettingException;
import com.verenc.kms.node.config.NodeSettings;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;

/**
 * TLS between nodes: Artery over tls-tcp with mutual authentication, every node presenting its
 * certificate from PEM files and trusting the CA's (Pekko's RotatingKeysSSLEngineProvider, which
 * also reads renewed files). The files are checked at start, so a node with unusable ones refuses
 * to start instead of failing its first connection; a node whose remoting binds beyond loopback
 * refuses to start without TLS unless plain remoting is allowed.
 */
public final class RemotingTls {
  private static final String ENGINE = "pekko.remote.artery.ssl.rotating-keys-engine";

  private RemotingTls() {}

  /**
   * The Pekko settings that turn TLS on (empty when kms.remote.tls is not set).
   *
   * @throws InvalidSettingException for missing or unusable files, or plain remoting beyond
   *     loopback without kms.remote.allow-plaintext
   */
  public static Config pekkoConfig(Config root) {
    Config kms = root.getConfig("kms.remote");
    String cert = kms.getString("tls.cert-file").trim();
    String key = kms.getString("tls.key-file").trim();
    String ca = kms.getString("tls.ca-file").trim();
    if (cert.isEmpty() && key.isEmpty() && ca.isEmpty()) {
      String host = kms.getString("host");
      if (!NodeSettings.isLoopback(host) && !kms.getBoolean("allow-plaintext")) {
        throw new InvalidSettingException(
            "Remoting binds to "
                + host
                + ", beyond loopback, without TLS, and nodes send plaintexts to each other: set "
                + "KMS_REMOTE_TLS_CERT_FILE, KMS_REMOTE_TLS_KEY_FILE and KMS_REMOTE_TLS_CA_FILE, or "
                + "KMS_ALLOW_PLAINTEXT_REMOTING=true on a network no one else can read.");
      }
      return ConfigFactory.empty();
    }
    if (cert.isEmpty() || key.isEmpty() || ca.isEmpty()) {
      throw new InvalidSettingException(
          "KMS_REMOTE_TLS_CERT_FILE, KMS_REMOTE_TLS_KEY_FILE and KMS_REMOTE_TLS_CA_FILE go "
              + "together: set all three for TLS between nodes, or none");
    }
    check(Path.of(cert), Path.of(key), Path.of(ca));
    return ConfigFactory.parseMap(
        Map.of(
            "pekko.remote.artery.transport",
            "tls-tcp",
            "pekko.remote.artery.ssl.ssl-engine-provider",
            "org.apache.pekko.remote.artery.tcp.ssl.RotatingKeysSSLEngineProvider",
            ENGINE + ".cert-file",
            Path.of(cert).toAbsolutePath().toString(),
            ENGINE + ".key-file",
            Path.of(key).toAbsolutePath().toString(),
            ENGINE + ".ca-cert-file",
            Path.of(ca).toAbsolutePath().toString(),
            ENGINE + ".protocol",
            "TLSv1.3",
            ENGINE + ".enabled-algorithms",
            ConfigValueFactory.fromIterable(
                List.of("TLS_AES_256_GCM_SHA384", "TLS_AES_128_GCM_SHA256"))));
  }

  private static void check(Path cert, Path key, Path ca) {
    try {
      X509Certificate[] chain = PemFiles.certificates(cert);
      PrivateKey privateKey = PemFiles.privateKey(key, chain[0]);
      KeyPairCheck.requireMatching(chain[0], privateKey);
      if (!privateKey.getAlgorithm().equals("RSA")) {
        // Pekko's PEM reader (RotatingKeysSSLEngineProvider) loads RSA keys only.
        throw new java.security.GeneralSecurityException(
            "remoting needs an RSA key and certificate; this one is " + privateKey.getAlgorithm());
      }
      PemFiles.certificates(ca);
    } catch (Exception e) {
      throw new InvalidSettingException(
          "KMS_REMOTE_TLS_CERT_FILE / KMS_REMOTE_TLS_KEY_FILE / KMS_REMOTE_TLS_CA_FILE ("
              + cert
              + ", "
              + key
              + ", "
              + ca
              + ") cannot be used: "
              + e.getMessage());
    }
  }
}
