package com.verenc.kms.node.reliability.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.verenc.kms.node.testkit.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KmsException;

/**
 * SIGHUP re-reads the credentials file of a running node process at once: with the periodic check
 * an hour away, a new access key written to the file is refused until the node gets the signal and
 * works right after it, the node still serving the keys in force before.
 */
class CredentialsSighupTest {
  private static final String ZONE = "ch-gva-2";
  private static final String ACCOUNT = "111122223333";

  @TempDir Path dir;

  private static String credentials(boolean withFreshKey) {
    return "{\"accounts\":[{\"accountId\":\""
        + ACCOUNT
        + "\",\"accessKeys\":[{\"accessKeyId\":\"test\",\"secretAccessKey\":\"test\"}"
        + (withFreshKey ? ",{\"accessKeyId\":\"fresh\",\"secretAccessKey\":\"fresh-secret\"}" : "")
        + "]}]}";
  }

  /** Replaces the file in one step, so the node never reads half of it. */
  private static void write(Path file, String content) throws Exception {
    Path next = file.resolveSibling(file.getFileName() + ".next");
    Files.writeString(next, content);
    Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  @Test
  void aNewAccessKeyWorksRightAfterSighupAndNotBefore() throws Exception {
    Path file = dir.resolve("credentials.json");
    write(file, credentials(false));
    Map<String, String> env =
        new HashMap<>(NodeProcess.environment(ZONE, TestDatabase.h2(dir.resolve("data"))));
    env.put("KMS_CREDENTIALS_FILE", file.toString());
    env.put("KMS_CREDENTIALS_CHECK_INTERVAL", "1h");
    try (NodeProcess node = NodeProcess.start("credentials-sighup", env, dir);
        KmsClient test = ProcessClients.client(node.endpoint(), ZONE);
        KmsClient fresh =
            ProcessClients.client(
                node.endpoint(), ZONE, "fresh", "fresh-secret", Duration.ofSeconds(15))) {
      String keyId = test.createKey(r -> r.description("before the signal")).keyMetadata().keyId();
      assertUnrecognized(fresh);

      write(file, credentials(true));
      // Long enough for a periodic check to have seen the file, were one due.
      Thread.sleep(1500);
      assertUnrecognized(fresh);

      node.hangUp();
      Await.until(
          "the fresh access key to be accepted after SIGHUP",
          Duration.ofSeconds(20),
          () -> {
            try {
              fresh.describeKey(r -> r.keyId(keyId));
              return true;
            } catch (KmsException e) {
              return false;
            }
          });
      assertEquals(
          keyId, fresh.describeKey(r -> r.keyId(keyId)).keyMetadata().keyId(), "same account");
      test.describeKey(r -> r.keyId(keyId));
      assertTrue(node.currentLaunchLog().contains("(SIGHUP)"), "the node logs the SIGHUP reload");
      assertTrue(node.currentLaunchLog().contains("Verenc KMS node up"), "still the same run");
    }
  }

  private static void assertUnrecognized(KmsClient client) {
    KmsException refused = assertThrows(KmsException.class, () -> client.listKeys());
    assertEquals("UnrecognizedClientException", refused.awsErrorDetails().errorCode());
  }
}
