package com.verenc.kms.node.reliability.tenant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.verenc.kms.crypto.Envelope;
import com.verenc.kms.crypto.RandomBytes;
import com.verenc.kms.node.reliability.process.ManagementProbe;
import com.verenc.kms.node.reliability.process.NodeProcess;
import com.verenc.kms.node.testkit.TestFiles;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KmsException;

/**
 * One tenant must never hurt another. Three accounts share one node process: a victim going about
 * its business, an attacker that uses only its own credentials and keys, and a flooder with small
 * quotas. Every scenario is bounded in time and in requests.
 */
class HostileTenantTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Tenant VICTIM = new Tenant("111122223333", "victim", "victim-secret");
  private static final Tenant ATTACKER = new Tenant("444455556666", "attacker", "attacker-secret");
  private static final Tenant FLOODER = new Tenant("777788889999", "flooder", "flooder-secret");
  private static final int FLOODER_CRYPTO_RATE = 20;
  private static final int FLOODER_KEYS = 3;
  private static final int FLOODER_ALIASES = 2;

  /** No answer to a single request may take longer than this (the node's ask timeout is 5 s). */
  private static final Duration PROMPT = Duration.ofSeconds(2);

  private static Path dir;
  private static NodeProcess node;
  private static KmsClient victim;
  private static KmsClient attacker;
  private static KmsClient flooder;
  private static String victimKey;

  @BeforeAll
  static void startNode() throws IOException {
    dir = Files.createTempDirectory("kms-hostile-tenant");
    Path credentials = dir.resolve("credentials.json");
    Files.writeString(
        credentials,
        "{\"accounts\":["
            + VICTIM.credentials(null)
            + ","
            + ATTACKER.credentials(null)
            + ","
            + FLOODER.credentials(
                "{\"cryptographicRequestsPerSecond\":"
                    + FLOODER_CRYPTO_RATE
                    + ",\"keysPerZone\":"
                    + FLOODER_KEYS
                    + ",\"aliasesPerZone\":"
                    + FLOODER_ALIASES
                    + "}")
            + "]}");
    node =
        NodeProcess.start(
            "hostile-tenant",
            Map.of(
                "KMS_DATA_DIR", dir.resolve("node").toString(),
                "KMS_CREDENTIALS_FILE", credentials.toString(),
                "KMS_REMOTE_PORT", "0",
                "KMS_MANAGEMENT_PORT", "0",
                "KMS_JAVA_OPTS", "-Dkms.http.head-timeout=2s"),
            dir);
    victim = VICTIM.client(node.endpoint());
    attacker = ATTACKER.client(node.endpoint());
    flooder = FLOODER.client(node.endpoint());
    victimKey = victim.createKey(b -> b.description("the victim's key")).keyMetadata().keyId();
  }

  @AfterAll
  static void stopNode() {
    for (KmsClient c : new KmsClient[] {victim, attacker, flooder}) {
      if (c != null) {
        c.close();
      }
    }
    if (node != null) {
      node.close();
    }
    TestFiles.deleteRecursively(dir);
  }

  @Test
  void aPolicyBuiltToBacktrackIsAnsweredAtOnceAndItsKeyKeepsServing() {
    String key = attacker.createKey(b -> b.description("redos")).keyMetadata().keyId();
    String allowOwner =
        "{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::"
            + ATTACKER.accountId()
            + ":root\"},\"Action\":\"kms:*\",\"Resource\":\"*\"}";
    // Under the regex matcher each of these took seconds per evaluation (x12 per star).
    List<String> hostile =
        List.of(
            "{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"kms:*\",\"Resource\":\""
                + "*".repeat(40)
                + "!\"}",
            "{\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"kms:"
                + "*".repeat(40)
                + "!\",\"Resource\":\"*\"}",
            "{\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"kms:*\",\"Resource\":\""
                + "*a".repeat(2000)
                + "!\"}");
    for (String statement : hostile) {
      String policy = "{\"Statement\":[" + statement + "," + allowOwner + "]}";
      Duration put =
          timed(
              () -> attacker.putKeyPolicy(b -> b.keyId(key).policyName("default").policy(policy)));
      Duration bypass =
          timed(
              () ->
                  attacker.putKeyPolicy(
                      b ->
                          b.keyId(key)
                              .policyName("default")
                              .policy(policy)
                              .bypassPolicyLockoutSafetyCheck(true)));
      Duration encrypt =
          timed(
              () -> {
                for (int i = 0; i < 20; i++) {
                  attacker.encrypt(
                      b -> b.keyId(key).plaintext(SdkBytes.fromUtf8String("still serving")));
                }
              });
      Duration victimEncrypt =
          timed(
              () ->
                  victim.encrypt(
                      b -> b.keyId(victimKey).plaintext(SdkBytes.fromUtf8String("unaffected"))));
      System.out.printf(
          "HOSTILE redos-policy-bytes=%d put-ms=%d bypass-put-ms=%d 20-encrypts-ms=%d victim-encrypt-ms=%d%n",
          policy.length(),
          put.toMillis(),
          bypass.toMillis(),
          encrypt.toMillis(),
          victimEncrypt.toMillis());
      assertTrue(
          put.compareTo(PROMPT) < 0 && bypass.compareTo(PROMPT) < 0,
          "PutKeyPolicy took " + put + " / " + bypass);
      assertTrue(encrypt.compareTo(PROMPT) < 0, "20 Encrypts took " + encrypt);
      assertTrue(victimEncrypt.compareTo(PROMPT) < 0, "the victim's Encrypt took " + victimEncrypt);
    }
  }

  @Test
  void malformedKeyPoliciesAreRefusedWithTheirReason() {
    String key = attacker.createKey(b -> b.description("strict policies")).keyMetadata().keyId();
    String principal = "{\"AWS\":\"arn:aws:iam::" + ATTACKER.accountId() + ":root\"}";
    String good =
        "{\"Effect\":\"Allow\",\"Principal\":"
            + principal
            + ",\"Action\":\"kms:*\",\"Resource\":\"*\"}";
    Map<String, String> refusals = new java.util.LinkedHashMap<>();
    refusals.put(
        "{\"Statement\":[{\"Effect\":\"Deny\",\"Principal\":"
            + principal
            + ",\"Action\":\"kms:*\",\"Resource\":\"*\",\"Effect\":\"Allow\"}]}",
        "\"Effect\" twice");
    refusals.put("{\"Statement\":[" + good + "]} GARBAGE {", "more content after its JSON object");
    refusals.put("{\"Statement\":[" + good + "],\"Extra\":1}", "\"Extra\"");
    refusals.put(
        "{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":"
            + principal
            + ",\"Action\":\"kms:*\",\"Resource\":\"*\",\"Actions\":\"kms:*\"}]}",
        "\"Actions\"");
    refusals.put(
        "{\"Statement\":[{\"Effect\":true,\"Principal\":"
            + principal
            + ",\"Action\":\"kms:*\",\"Resource\":\"*\"}]}",
        "Effect must be");
    refusals.put(
        "{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":"
            + principal
            + ",\"Action\":7,\"Resource\":\"*\"}]}",
        "Action must be");
    refusals.put("{\"Version\":\"2024-01-01\",\"Statement\":[" + good + "]}", "Version must be");
    refusals.put(
        "{\"Statement\":["
            + good
            + ",{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"victim\"},"
            + "\"Action\":\"kms:Decrypt\",\"Resource\":\"*\"}]}",
        "\"victim\" is not a principal");
    refusals.forEach(
        (policy, reason) -> {
          KmsException e =
              assertThrows(
                  KmsException.class,
                  () ->
                      attacker.putKeyPolicy(b -> b.keyId(key).policyName("default").policy(policy)),
                  policy);
          assertEquals("MalformedPolicyDocumentException", e.awsErrorDetails().errorCode(), policy);
          assertTrue(
              e.awsErrorDetails().errorMessage().contains(reason),
              e.awsErrorDetails().errorMessage());
          KmsException atCreate =
              assertThrows(KmsException.class, () -> attacker.createKey(b -> b.policy(policy)));
          assertEquals(
              "MalformedPolicyDocumentException", atCreate.awsErrorDetails().errorCode(), policy);
        });
    String tooLarge = "{\"Statement\":[" + good + "],\"Id\":\"" + "x".repeat(33_000) + "\"}";
    KmsException large =
        assertThrows(
            KmsException.class,
            () -> attacker.putKeyPolicy(b -> b.keyId(key).policyName("default").policy(tooLarge)));
    assertEquals("LimitExceededException", large.awsErrorDetails().errorCode());
    assertTrue(
        attacker
            .getKeyPolicy(b -> b.keyId(key).policyName("default"))
            .policy()
            .contains("Enable IAM User"),
        "a refused policy was stored");
  }

  @Test
  void aRequestHeadSentSlowlyIsCutWith408() throws IOException {
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", node.endpoint().getPort())) {
      socket.setSoTimeout(10_000);
      var out = socket.getOutputStream();
      long start = System.nanoTime();
      out.write(
          ("POST / HTTP/1.1\r\nHost: 127.0.0.1:" + node.endpoint().getPort() + "\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      java.io.InputStream in = socket.getInputStream();
      StringBuilder answer = new StringBuilder();
      boolean closed = false;
      for (int line = 0; line < 8 && !closed; line++) {
        try {
          out.write(("X-Slow-" + line + ": a\r\n").getBytes(StandardCharsets.US_ASCII));
          out.flush();
        } catch (IOException resetAfterTheAnswer) {
          // The node has answered and closed.
        }
        socket.setSoTimeout(1_000);
        try {
          int b;
          while ((b = in.read()) >= 0) {
            answer.append((char) b);
          }
          closed = true;
        } catch (java.net.SocketTimeoutException stillOpen) {
          // Nothing yet: send the next header line a second later.
        }
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      System.out.printf("HOSTILE slow-head answered-after-s=%.1f closed=%s%n", seconds, closed);
      assertTrue(closed, "connection still open after " + seconds + " s: " + answer);
      assertTrue(answer.toString().startsWith("HTTP/1.1 408 "), answer.toString());
      assertTrue(
          answer.toString().contains("\"__type\":\"RequestTimeoutException\""), answer.toString());
      assertTrue(seconds < 6, "the 2 s head timeout took " + seconds + " s");
    }
  }

  @Test
  void requestsForKeysTheAccountDoesNotHaveStartNoKeyEntity() throws Exception {
    String ownKey = attacker.createKey(b -> b.description("attacker's own")).keyMetadata().keyId();
    attacker.encrypt(b -> b.keyId(ownKey).plaintext(SdkBytes.fromUtf8String("warm")));
    int before = keyEntities();
    int requests = 10_000;
    AtomicInteger notFound = new AtomicInteger();
    List<String> other = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        int thread = t;
        done.add(
            pool.submit(
                () -> {
                  for (int i = thread; i < requests; i += 8) {
                    String id =
                        i % 2 == 0
                            ? UUID.randomUUID().toString()
                            : "mrk-" + UUID.randomUUID().toString().replace("-", "");
                    try {
                      switch (i % 10) {
                        case 0 -> attacker.describeKey(b -> b.keyId(id));
                        case 1 ->
                            attacker.encrypt(
                                b -> b.keyId(id).plaintext(SdkBytes.fromUtf8String("x")));
                        case 2 -> attacker.getKeyPolicy(b -> b.keyId(id).policyName("default"));
                        // The victim's real key, by id: as unknown to the attacker as a random one.
                        case 3 -> attacker.describeKey(b -> b.keyId(victimKey));
                        default ->
                            attacker.decrypt(
                                b -> b.ciphertextBlob(SdkBytes.fromByteArray(blobNaming(id))));
                      }
                      synchronized (other) {
                        other.add("answered " + i);
                      }
                    } catch (KmsException e) {
                      if (e.awsErrorDetails().errorCode().equals("NotFoundException")) {
                        notFound.incrementAndGet();
                      } else {
                        synchronized (other) {
                          other.add(e.awsErrorDetails().errorCode() + ": " + e.getMessage());
                        }
                      }
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get(120, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    int after = keyEntities();
    System.out.printf(
        "HOSTILE unknown-key-requests=%d not-found=%d key-entities-before=%d key-entities-after=%d%n",
        requests, notFound.get(), before, after);
    assertEquals(List.of(), other.stream().limit(5).toList());
    assertEquals(requests, notFound.get());
    assertEquals(before, after, "live key entities changed by requests for keys that do not exist");
    attacker.encrypt(b -> b.keyId(ownKey).plaintext(SdkBytes.fromUtf8String("still served")));
  }

  @Test
  void aFloodingAccountIsThrottledAndNoOtherAccountNotices() throws Exception {
    String floodKey = flooder.createKey(b -> b.description("flood")).keyMetadata().keyId();
    String victimsOwn = victim.createKey(b -> b.description("busy victim")).keyMetadata().keyId();
    Thread.sleep(1_100); // The flooder's bucket is full again: one second's worth of tokens.
    AtomicInteger ok = new AtomicInteger();
    AtomicInteger throttled = new AtomicInteger();
    AtomicInteger victimOk = new AtomicInteger();
    List<String> unexpected = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(6);
    long start = System.nanoTime();
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        done.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 100; i++) {
                    try {
                      flooder.encrypt(
                          b -> b.keyId(floodKey).plaintext(SdkBytes.fromUtf8String("flood")));
                      ok.incrementAndGet();
                    } catch (KmsException e) {
                      if (e.statusCode() == 400
                          && e.awsErrorDetails().errorCode().equals("ThrottlingException")
                          && "Rate exceeded".equals(e.awsErrorDetails().errorMessage())) {
                        throttled.incrementAndGet();
                      } else {
                        synchronized (unexpected) {
                          unexpected.add(e.awsErrorDetails().errorCode() + ": " + e.getMessage());
                        }
                      }
                    }
                  }
                  return null;
                }));
      }
      for (int t = 0; t < 2; t++) {
        done.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 100; i++) {
                    victim.encrypt(
                        b ->
                            b.keyId(victimsOwn)
                                .plaintext(SdkBytes.fromUtf8String("business as usual")));
                    victimOk.incrementAndGet();
                  }
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf(
        "HOSTILE flood-requests=400 flood-ok=%d flood-throttled=%d seconds=%.2f victim-ok=%d%n",
        ok.get(), throttled.get(), seconds, victimOk.get());
    assertEquals(List.of(), unexpected);
    assertEquals(400, ok.get() + throttled.get());
    assertTrue(throttled.get() > 0, "the flooder was never throttled");
    // One second's burst plus the rate over the run, with a margin for the clock edges.
    assertTrue(
        ok.get() <= FLOODER_CRYPTO_RATE * (1 + seconds) + 2,
        ok.get() + " admitted in " + seconds + " s");
    assertEquals(200, victimOk.get());
    String metrics = ManagementProbe.get(node, "/metrics").body();
    assertTrue(
        metrics
            .lines()
            .anyMatch(
                l ->
                    l.startsWith("kms_throttled_requests_total{")
                        && l.contains("account=\"" + FLOODER.accountId() + "\"")
                        && l.contains("class=\"cryptographic\"")
                        && Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))
                            == throttled.get()),
        metrics);
    assertFalse(
        metrics.contains("account=\"" + VICTIM.accountId() + "\""), "the victim was throttled");
    Thread.sleep(1_100);
    flooder.encrypt(b -> b.keyId(floodKey).plaintext(SdkBytes.fromUtf8String("admitted again")));
  }

  @Test
  void keysAndAliasesBeyondTheAccountsQuotaAreLimitExceeded() {
    // The flooder's Default Organization Key and its alias do not count. Other tests may have
    // created the flooder's one flood key already: create up to the quota, whatever is there.
    List<String> keys = new ArrayList<>();
    KmsException refused = null;
    for (int i = 0; i <= FLOODER_KEYS && refused == null; i++) {
      try {
        keys.add(flooder.createKey(b -> b.description("quota")).keyMetadata().keyId());
      } catch (KmsException e) {
        refused = e;
      }
    }
    assertNotNull(refused, "more than " + FLOODER_KEYS + " keys created");
    assertEquals("LimitExceededException", refused.awsErrorDetails().errorCode());
    assertTrue(
        refused.awsErrorDetails().errorMessage().contains("keysPerZone " + FLOODER_KEYS),
        refused.awsErrorDetails().errorMessage());
    assertEquals(
        FLOODER_KEYS + 1,
        flooder.listKeys().keys().size(),
        "its keys plus the Default Organization Key");
    String target =
        flooder.listKeys().keys().stream()
            .map(k -> k.keyId())
            .filter(id -> !id.startsWith("mrk-"))
            .findFirst()
            .orElseThrow();
    for (int i = 0; i < FLOODER_ALIASES; i++) {
      String name = "alias/quota-" + i;
      flooder.createAlias(b -> b.aliasName(name).targetKeyId(target));
    }
    KmsException aliases =
        assertThrows(
            KmsException.class,
            () -> flooder.createAlias(b -> b.aliasName("alias/one-too-many").targetKeyId(target)));
    assertEquals("LimitExceededException", aliases.awsErrorDetails().errorCode());
    // Another account's quotas are its own.
    victim.createAlias(b -> b.aliasName("alias/quota-0").targetKeyId(victimKey));
  }

  @Test
  void overlongUtf8IsRefusedNeverRewritten() throws IOException {
    byte[] alias =
        concat(
            "{\"AliasName\":\"alias/x",
            new byte[] {(byte) 0xC0, (byte) 0xAF},
            "y\",\"TargetKeyId\":\"" + victimKey + "\"}");
    HttpResponse<String> created = VICTIM.post(node.endpoint(), "CreateAlias", alias);
    assertEquals(400, created.statusCode(), created.body());
    assertEquals(
        "SerializationException",
        JSON.readTree(created.body()).path("__type").asText(),
        created.body());
    assertTrue(
        victim.listAliases().aliases().stream()
            .noneMatch(a -> a.aliasName().startsWith("alias/x")));
    byte[] context =
        concat(
            "{\"KeyId\":\""
                + victimKey
                + "\",\"Plaintext\":\"AA==\",\"EncryptionContext\":{\"k\":\"",
            new byte[] {(byte) 0xC0, (byte) 0xAF},
            "\"}}");
    HttpResponse<String> encrypted = VICTIM.post(node.endpoint(), "Encrypt", context);
    assertEquals(400, encrypted.statusCode(), encrypted.body());
    assertEquals("SerializationException", JSON.readTree(encrypted.body()).path("__type").asText());
  }

  @Test
  void smallerHolesAreClosed() throws IOException {
    KmsException context =
        assertThrows(
            KmsException.class,
            () ->
                victim.encrypt(
                    b ->
                        b.keyId(victimKey)
                            .plaintext(SdkBytes.fromUtf8String("x"))
                            .encryptionContext(Map.of("big", "v".repeat(8190)))));
    assertEquals("ValidationException", context.awsErrorDetails().errorCode());
    KmsException reserved =
        assertThrows(
            KmsException.class,
            () -> victim.createAlias(b -> b.aliasName("alias/Verenc/mine").targetKeyId(victimKey)));
    assertEquals("NotAuthorizedException", reserved.awsErrorDetails().errorCode());
    HttpResponse<String> deep =
        VICTIM.post(
            node.endpoint(),
            "DescribeKey",
            ("{\"KeyId\":\""
                    + victimKey
                    + "\",\"Future\":"
                    + "[".repeat(2000)
                    + "]".repeat(2000)
                    + "}")
                .getBytes(StandardCharsets.UTF_8));
    assertEquals(400, deep.statusCode());
    assertFalse(
        deep.body().contains("`") || deep.body().contains("StreamReadConstraints"), deep.body());
    assertTrue(
        deep.headers().firstValue("Server").isEmpty(), "Server header: " + deep.headers().map());
    Path data = dir.resolve("node");
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(data)));
    try (var files = Files.list(data)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        assertEquals(
            "rw-------",
            PosixFilePermissions.toString(Files.getPosixFilePermissions(file)),
            file.toString());
      }
    }
    JsonNode cluster = ManagementProbe.json(node, "/kms/cluster");
    assertNotNull(cluster.path("zones"));
  }

  private static Duration timed(Runnable call) {
    long start = System.nanoTime();
    call.run();
    return Duration.ofNanos(System.nanoTime() - start);
  }

  /** A well-formed ciphertext blob whose header names {@code keyId}, made under a random key. */
  private static byte[] blobNaming(String keyId) {
    return Envelope.seal(
        keyId, 1, RandomBytes.next(32), "x".getBytes(StandardCharsets.UTF_8), Map.of());
  }

  /** Key entities awake on the node, from /kms/cluster. */
  private static int keyEntities() throws IOException {
    int total = 0;
    for (JsonNode zone : ManagementProbe.json(node, "/kms/cluster").path("zones")) {
      for (JsonNode member : zone.path("members")) {
        total += member.path("shards").path("Key").path("entities").asInt();
      }
    }
    return total;
  }

  private static byte[] concat(String head, byte[] middle, String tail) {
    byte[] a = head.getBytes(StandardCharsets.UTF_8);
    byte[] c = tail.getBytes(StandardCharsets.UTF_8);
    byte[] out = new byte[a.length + middle.length + c.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(middle, 0, out, a.length, middle.length);
    System.arraycopy(c, 0, out, a.length + middle.length, c.length);
    return out;
  }
}
