package com.verenc.kms.node.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.verenc.kms.node.testkit.TestDatabase;
import com.verenc.kms.node.testkit.TestFiles;
import com.verenc.kms.node.testkit.TestNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KmsException;

/**
 * The credentials file is re-read while the node serves: a new principal and a changed policy take
 * effect without a restart, a malformed file is refused and the credentials in force stay, a
 * removed principal is refused, and requests under way meanwhile never fail.
 */
class CredentialsReloadTest {
  private static final String ACCOUNT = TestNode.DEV_ACCOUNT;
  private static final String ENCRYPT_ONLY =
      "{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"kms:Encrypt\",\"Resource\":\"*\"}]}";
  private static final String ENCRYPT_DECRYPT =
      "{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"kms:Encrypt\",\"kms:Decrypt\"],"
          + "\"Resource\":\"*\"}]}";

  @Test
  void theFileIsReReadUnderLoadWithoutAFailedRequest() throws Exception {
    Path dir = Files.createTempDirectory("kms-credentials-reload-");
    Path file = dir.resolve("credentials.json");
    write(file, credentials(ENCRYPT_ONLY, false));
    List<KmsClient> clients = new ArrayList<>();
    TestNode node =
        TestNode.start(
            TestDatabase.h2(dir.resolve("data")),
            Map.of(
                "kms.credentials-file",
                file.toString(),
                "kms.credentials-check-interval",
                "200ms"));
    AtomicBoolean running = new AtomicBoolean(true);
    ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
    AtomicInteger served = new AtomicInteger();
    List<Thread> load = new ArrayList<>();
    try {
      KmsClient root = track(clients, node.client("test", "test"));
      KmsClient alice = track(clients, node.client("alice", "alice-secret"));
      String keyId = root.createKey(r -> r.description("reload")).keyMetadata().keyId();
      SdkBytes blob =
          alice
              .encrypt(r -> r.keyId(keyId).plaintext(SdkBytes.fromUtf8String("x")))
              .ciphertextBlob();
      assertEquals(
          "AccessDeniedException", errorOf(() -> alice.decrypt(r -> r.ciphertextBlob(blob))));
      for (KmsClient client : List.of(root, alice, root, alice)) {
        Thread t =
            new Thread(
                () -> {
                  while (running.get()) {
                    try {
                      client.encrypt(
                          r -> r.keyId(keyId).plaintext(SdkBytes.fromUtf8String("load")));
                      served.incrementAndGet();
                    } catch (RuntimeException e) {
                      failures.add(e);
                    }
                  }
                });
        t.start();
        load.add(t);
      }

      // A new principal, and a wider policy for an existing one.
      write(file, credentials(ENCRYPT_DECRYPT, true));
      KmsClient late = track(clients, node.client("late", "late-secret"));
      eventually("the new principal is known", () -> errorOf(() -> encrypt(late, keyId)) == null);
      eventually(
          "alice's new policy applies",
          () -> errorOf(() -> alice.decrypt(r -> r.ciphertextBlob(blob))) == null);

      // A malformed file is refused; the credentials in force stay.
      write(file, "{\"accounts\":[{\"accountId\":\"not an account\"}]}");
      Thread.sleep(1_000);
      assertFalse(node.node().reloadCredentials("test"), "a malformed file is refused");
      assertEquals(null, errorOf(() -> encrypt(late, keyId)));

      // A removed principal is refused from then on.
      write(file, credentials(ENCRYPT_DECRYPT, false));
      eventually(
          "the removed principal is refused",
          () -> "UnrecognizedClientException".equals(errorOf(() -> encrypt(late, keyId))));
      assertTrue(node.node().reloadCredentials("test"), "an explicit reload reads the file");
    } finally {
      running.set(false);
      for (Thread t : load) {
        t.join(10_000);
      }
      clients.forEach(KmsClient::close);
      node.close();
      TestFiles.deleteRecursively(dir);
    }
    assertTrue(
        failures.isEmpty(), () -> failures.size() + " failed requests, first: " + failures.peek());
    assertTrue(served.get() > 20, "the load ran: " + served.get() + " requests");
  }

  private static String credentials(String alicePolicy, boolean withLate) {
    return "{\"accounts\":[{\"accountId\":\""
        + ACCOUNT
        + "\",\"accessKeys\":[{\"accessKeyId\":\"test\",\"secretAccessKey\":\"test\"}],"
        + "\"principals\":[{\"type\":\"user\",\"name\":\"alice\",\"accessKeys\":[{\"accessKeyId\":"
        + "\"alice\",\"secretAccessKey\":\"alice-secret\"}],\"policies\":["
        + alicePolicy
        + "]}"
        + (withLate
            ? ",{\"type\":\"role\",\"name\":\"late\",\"accessKeys\":[{\"accessKeyId\":\"late\","
                + "\"secretAccessKey\":\"late-secret\"}],\"policies\":["
                + ENCRYPT_ONLY
                + "]}"
            : "")
        + "]}]}";
  }

  /** Replaces the file in one step, as a configuration manager does. */
  private static void write(Path file, String content) throws IOException {
    Path next = file.resolveSibling(file.getFileName() + ".next");
    Files.writeString(next, content);
    Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private static void encrypt(KmsClient client, String keyId) {
    client.encrypt(r -> r.keyId(keyId).plaintext(SdkBytes.fromUtf8String("probe")));
  }

  /** The error code of the call, or null when it succeeds. */
  private static String errorOf(Runnable call) {
    try {
      call.run();
      return null;
    } catch (KmsException e) {
      return e.awsErrorDetails().errorCode();
    }
  }

  private static KmsClient track(List<KmsClient> clients, KmsClient client) {
    clients.add(client);
    return client;
  }

  private static void eventually(String what, BooleanSupplier condition)
      throws InterruptedException {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(15));
    while (!condition.getAsBoolean()) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("not within 15 s: " + what);
      }
      Thread.sleep(100);
    }
  }
}
