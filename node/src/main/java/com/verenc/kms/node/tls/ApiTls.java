package com.verenc.kms.node.tls;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

/**
 * TLS for the API: TLS 1.3 and 1.2 only, forward-secret AEAD cipher suites only, the certificate
 * and key from PEM files that may be replaced while the node runs.
 */
public final class ApiTls {
  static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

  static final List<String> CIPHER_SUITES =
      List.of(
          "TLS_AES_256_GCM_SHA384",
          "TLS_AES_128_GCM_SHA256",
          "TLS_CHACHA20_POLY1305_SHA256",
          "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
          "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
          "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
          "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
          "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
          "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

  /** How often a handshake looks whether the certificate files changed. */
  private static final Duration RECHECK = Duration.ofSeconds(5);

  private final SSLContext context;
  private final ReloadingKeyManager keys;
  private final String[] suites;

  private ApiTls(SSLContext context, ReloadingKeyManager keys) {
    this.context = context;
    this.keys = keys;
    List<String> supported = Arrays.asList(context.getSupportedSSLParameters().getCipherSuites());
    this.suites = CIPHER_SUITES.stream().filter(supported::contains).toArray(String[]::new);
  }

  /**
   * @throws IllegalArgumentException when the files do not hold a matching certificate and key
   */
  public static ApiTls fromPemFiles(Path certFile, Path keyFile) {
    ReloadingKeyManager keys =
        new ReloadingKeyManager(certFile, keyFile, RECHECK, Clock.systemUTC());
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(new KeyManager[] {keys}, null, null);
      return new ApiTls(context, keys);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("cannot set up TLS: " + e.getMessage(), e);
    }
  }

  /** A server engine for one connection. */
  public SSLEngine newEngine() {
    SSLEngine engine = context.createSSLEngine();
    engine.setUseClientMode(false);
    SSLParameters parameters = engine.getSSLParameters();
    parameters.setProtocols(PROTOCOLS.toArray(String[]::new));
    parameters.setCipherSuites(suites);
    parameters.setUseCipherSuitesOrder(true);
    engine.setSSLParameters(parameters);
    return engine;
  }

  /** The certificate served now, for the start-up line. */
  public X509Certificate certificate() {
    return keys.certificate();
  }
}
