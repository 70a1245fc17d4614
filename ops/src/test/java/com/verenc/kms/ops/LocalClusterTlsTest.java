package com.verenc.kms.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * ops/bin/local-cluster --tls: two zones whose API speaks HTTPS and whose nodes talk over mutual
 * TLS, under a CA the script makes; the kms CLI reaches them with that CA as its bundle (and
 * without it, is refused by certificate checking), and a multi-zone key replicates across.
 */
class LocalClusterTlsTest {
  private static final String GVA = "ch-gva-2";
  private static final String FRA = "de-fra-1";

  @TempDir Path dir;

  /** What one run of ops/bin/kms printed. */
  private record Run(int exit, String out, String err) {}

  @Test
  @Timeout(420)
  void theWholeClusterRunsOnTlsAndTheCliTrustsItsCa() throws Exception {
    int http = LocalClusterScript.freeRange(2);
    try (LocalClusterScript cluster =
        LocalClusterScript.start(dir, GVA + "," + FRA, http, Map.of(), List.of("--tls"))) {
      cluster.awaitOutput("local-cluster: 2 node(s) up", 300);
      Path ca = dir.resolve("cluster/tls/ca.pem");
      String out = cluster.output();
      assertTrue(out.contains("zone " + GVA + " node 0: https://127.0.0.1:" + http), out);
      assertTrue(out.contains("zone " + FRA + " node 0: https://127.0.0.1:" + (http + 1)), out);
      assertTrue(out.contains("export KMS_CA_BUNDLE=" + ca), out);
      for (int remote : List.of(cluster.remote, cluster.remote + 1)) {
        X509Certificate peer = remotingCertificate(remote, ca);
        assertEquals("CN=verenc-kms-node", peer.getSubjectX500Principal().getName());
      }

      String gva = "https://127.0.0.1:" + http;
      String fra = "https://127.0.0.1:" + (http + 1);
      Map<String, String> trusting = Map.of("KMS_CA_BUNDLE", ca.toString());
      Run untrusted = kms(Map.of(), "", "--endpoint", gva, "list");
      assertEquals(KmsCli.REFUSED, untrusted.exit(), untrusted.out());
      assertTrue(untrusted.err().contains("certification path"), untrusted.err());

      String key =
          eventually(
                  () ->
                      kms(
                          trusting,
                          "",
                          "--endpoint",
                          gva,
                          "create-key",
                          "--multi-zone",
                          "--description",
                          "over tls",
                          "--id-only"))
              .out()
              .strip();
      assertEquals(
          0, kms(trusting, "", "--endpoint", gva, "replicate", key, "--replica-zone", FRA).exit());
      Path sealed = dir.resolve("msg.enc");
      Run encrypt =
          kms(
              trusting,
              "hello over tls",
              "--endpoint",
              gva,
              "encrypt",
              key,
              "--out",
              sealed.toString());
      assertEquals(0, encrypt.exit(), encrypt.err());
      // The flag instead of the environment; the replica reaches de-fra-1 over Artery's TLS.
      Run decrypted =
          eventually(
              () ->
                  kms(
                      Map.of(),
                      "",
                      "--ca-bundle",
                      ca.toString(),
                      "--endpoint",
                      fra,
                      "--zone",
                      FRA,
                      "decrypt",
                      "--in",
                      sealed.toString()));
      assertEquals("hello over tls", decrypted.out());

      cluster.close();
      assertEquals(0, cluster.exitCode(1), "a requested stop is a success");
    }
  }

  /**
   * The certificate a node's remoting port presents in a TLS handshake, checked against {@code ca}
   * (a plain TCP port presents none). The node then refuses this client, which has no certificate
   * of its own: mutual TLS.
   */
  private static X509Certificate remotingCertificate(int port, Path ca) throws Exception {
    KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
    trusted.load(null, null);
    try (InputStream in = Files.newInputStream(ca)) {
      trusted.setCertificateEntry(
          "ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    TrustManagerFactory factory =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(trusted);
    X509TrustManager pkix = (X509TrustManager) factory.getTrustManagers()[0];
    AtomicReference<X509Certificate> presented = new AtomicReference<>();
    X509TrustManager recording =
        new X509TrustManager() {
          @Override
          public void checkClientTrusted(X509Certificate[] chain, String authType) {
            throw new UnsupportedOperationException("a client only");
          }

          @Override
          public void checkServerTrusted(X509Certificate[] chain, String authType)
              throws CertificateException {
            pkix.checkServerTrusted(chain, authType);
            presented.set(chain[0]);
          }

          @Override
          public X509Certificate[] getAcceptedIssuers() {
            return pkix.getAcceptedIssuers();
          }
        };
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, new TrustManager[] {recording}, null);
    try (SSLSocket socket =
        (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      socket.startHandshake();
      socket.getInputStream().read();
    } catch (IOException refusedWithoutClientCertificate) {
      // Expected once the server has shown its certificate; a port without TLS shows none.
    }
    assertTrue(presented.get() != null, "remoting port " + port + " presented no certificate");
    return presented.get();
  }

  /**
   * Runs ops/bin/kms with the dev credentials, zone ch-gva-2 unless the arguments name another,
   * {@code env} added and {@code stdin} as input.
   */
  private Run kms(Map<String, String> env, String stdin, String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add("bash");
    command.add(LocalClusterScript.ROOT.resolve("ops/bin/kms").toString());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
    Map<String, String> environment = builder.environment();
    environment.keySet().removeIf(k -> k.startsWith("KMS_") || k.startsWith("AWS_"));
    environment.putAll(
        new HashMap<>(
            Map.of(
                "KMS_CLI_CLASSPATH",
                System.getProperty("java.class.path"),
                "AWS_REGION",
                GVA,
                "AWS_ACCESS_KEY_ID",
                "test",
                "AWS_SECRET_ACCESS_KEY",
                "test")));
    environment.putAll(env);
    Path err = Files.createTempFile(dir, "kms", ".err");
    builder.redirectError(err.toFile());
    Process process = builder.start();
    process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
    process.getOutputStream().close();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(60, TimeUnit.SECONDS), "kms " + String.join(" ", args));
    return new Run(process.exitValue(), out, Files.readString(err));
  }

  /** A CLI run retried until it succeeds (a new zone's first answers, a replica still Creating). */
  private static Run eventually(CliCall call) throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
    while (true) {
      Run run = call.run();
      if (run.exit() == 0 || Instant.now().isAfter(deadline)) {
        assertEquals(0, run.exit(), run.err());
        return run;
      }
      Thread.sleep(500);
    }
  }

  @FunctionalInterface
  private interface CliCall {
    Run run() throws Exception;
  }
}
