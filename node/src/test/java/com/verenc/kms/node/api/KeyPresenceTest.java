package com.verenc.kms.node.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.verenc.kms.protocol.Arns;
import com.verenc.kms.protocol.Dialect;
import com.verenc.kms.protocol.ErrorCode;
import com.verenc.kms.protocol.KmsException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/**
 * The presence check: the directory decides, its answers are remembered per owner, and no one else
 * changes them.
 */
class KeyPresenceTest {
  private static final String A = "111122223333";
  private static final String B = "444455556666";
  private final Map<String, String> owners = Map.of("k1", A, "k2", A, "k3", A, "kb", B);
  private final List<String> asked = new ArrayList<>();
  private final KeyPresence presence =
      new KeyPresence(
          (account, keyId) -> {
            asked.add(account + "/" + keyId);
            return CompletableFuture.completedFuture(account.equals(owners.get(keyId)));
          },
          Arns.of(Dialect.AWS, "aws", "ch-gva-2"),
          2);

  private boolean present(String account, String keyId) {
    try {
      presence.require(account, keyId).toCompletableFuture().join();
      return true;
    } catch (CompletionException e) {
      KmsException refusal = (KmsException) e.getCause();
      assertEquals(ErrorCode.NOT_FOUND, refusal.code());
      assertEquals(
          "Key 'arn:aws:kms:ch-gva-2:" + account + ":key/" + keyId + "' does not exist",
          refusal.getMessage());
      return false;
    }
  }

  @Test
  void theDirectoryIsAskedOnceAndItsAnswerRemembered() {
    assertTrue(present(A, "k1"));
    assertTrue(present(A, "k1"));
    assertEquals(List.of(A + "/k1"), asked);
    assertTrue(!present(A, "nope") && !present(A, "nope"));
    assertEquals(
        List.of(A + "/k1", A + "/nope", A + "/nope"),
        asked,
        "a key that is not there is never remembered");
  }

  @Test
  void anotherAccountNeitherReachesNorDisturbsTheOwnersKey() {
    assertTrue(present(A, "k1"));
    assertTrue(present(A, "k2")); // k1 and k2 fill the first generation; both move to the older one
    assertTrue(present(A, "k3"));
    assertTrue(
        !present(B, "k1"), "another account's request for k1, found in the older generation");
    presence.forget(B, "k1"); // what an entity's NotFound to B would do: nothing to A's entry
    assertTrue(present(A, "k1"));
    assertTrue(!present(B, "k1"));
    assertEquals(
        List.of(A + "/k1", A + "/k2", A + "/k3"), asked, "A's keys stayed remembered as A's");
  }

  @Test
  void theOwnerForgettingAKeyMakesTheNextRequestAskAgain() {
    assertTrue(present(A, "k1"));
    presence.forget(A, "k1");
    assertTrue(present(A, "k1"));
    assertEquals(List.of(A + "/k1", A + "/k1"), asked);
  }

  @Test
  void aRegisteredKeyIsFoundWithoutAsking() {
    presence.remember(B, "kb");
    assertTrue(present(B, "kb"));
    assertEquals(List.of(), asked);
  }
}
