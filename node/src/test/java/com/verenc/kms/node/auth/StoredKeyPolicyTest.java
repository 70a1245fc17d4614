package com.verenc.kms.node.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import com.verenc.kms.node.testkit.CapturedLog;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Policies stored before parsing became strict: one that no longer parses fails closed, but its
 * owner can still read and replace it, and the node says so once in its log.
 */
class StoredKeyPolicyTest {
  static final String ACCOUNT = "111122223333";
  static final String OTHER = "444455556666";
  static final List<String> KEY = KeyPolicyParsingTest.KEY;

  @RegisterExtension final CapturedLog logged = CapturedLog.of(KeyPolicy.class);

  /** A document the old lenient parser stored: Deny to a reader, Allow to the old evaluator. */
  private static String duplicateEffect(String marker) {
    return "{\"Statement\":[{\"Sid\":\""
        + marker
        + "\",\"Effect\":\"Deny\",\"Principal\":\"*\","
        + "\"Action\":\"kms:*\",\"Resource\":\"*\",\"Effect\":\"Allow\"}]}";
  }

  private static void assertRepairOnly(KeyPolicy p) {
    for (String action : List.of("kms:DescribeKey", "kms:GetKeyPolicy", "kms:PutKeyPolicy")) {
      assertEquals(PolicyDecision.ALLOW, p.evaluate(ACCOUNT, action, KEY), action);
      assertEquals(PolicyDecision.IMPLICIT_DENY, p.evaluate(OTHER, action, KEY), action);
    }
    for (String action :
        List.of("kms:Encrypt", "kms:Decrypt", "kms:ScheduleKeyDeletion", "kms:ListKeyPolicies")) {
      assertEquals(PolicyDecision.IMPLICIT_DENY, p.evaluate(ACCOUNT, action, KEY), action);
    }
  }

  @Test
  void aStoredPolicyThatNoLongerParsesLetsTheOwnerOnlySeeAndReplaceIt() {
    for (String stored :
        List.of(
            duplicateEffect(UUID.randomUUID().toString()),
            "{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\""
                + ACCOUNT
                + "\",\"Action\":\"kms:*\"}]} GARBAGE {",
            "{\"Statement\":{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"kms:*\",\"Conditon\":{}}}",
            "not json at all",
            "")) {
      assertRepairOnly(KeyPolicy.forStoredDocument(stored, ACCOUNT));
    }
  }

  @Test
  void theNodeWarnsOncePerDocumentWithoutItsText() {
    String marker = UUID.randomUUID().toString();
    String stored = duplicateEffect(marker);
    KeyPolicy.forStoredDocument(stored, ACCOUNT);
    KeyPolicy.forStoredDocument(stored, ACCOUNT);
    KeyPolicy.forStoredDocument(new String(stored), ACCOUNT);

    List<ILoggingEvent> warnings =
        logged.events().stream().filter(e -> e.getLevel() == Level.WARN).toList();
    assertEquals(1, warnings.size(), warnings::toString);
    String line = warnings.get(0).getFormattedMessage();
    assertFalse(line.contains(marker), line);
    assertTrue(
        line.contains(ACCOUNT) && line.contains("Statement[0] has the member \"Effect\" twice"),
        line);
  }

  @Test
  void aStoredPolicyNamingAnotherAccountStillAppliesToTheOwner() {
    KeyPolicy p =
        KeyPolicy.forStoredDocument(
            "{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":["
                + "\"arn:aws:iam::"
                + OTHER
                + ":root\",\"arn:aws:iam::"
                + ACCOUNT
                + ":root\"]},\"Action\":\"kms:*\","
                + "\"Resource\":\"*\"},{\"Effect\":\"Deny\",\"Principal\":{\"AWS\":\""
                + OTHER
                + "\"},"
                + "\"Action\":\"kms:Decrypt\",\"Resource\":\"*\"}]}",
            ACCOUNT);
    assertEquals(PolicyDecision.ALLOW, p.evaluate(ACCOUNT, "kms:Decrypt", KEY));
    assertEquals(PolicyDecision.ALLOW, p.evaluate(OTHER, "kms:Encrypt", KEY));
    assertEquals(PolicyDecision.EXPLICIT_DENY, p.evaluate(OTHER, "kms:Decrypt", KEY));
    assertTrue(logged.events().isEmpty(), () -> logged.events().toString());
  }

  @Test
  void aValidStoredPolicyIsParsedOnceForEveryKey() {
    String stored = KeyPolicies.defaultFor(ACCOUNT);
    KeyPolicy first = KeyPolicy.forStoredDocument(stored, ACCOUNT);
    assertSame(first, KeyPolicy.forStoredDocument(new String(stored), ACCOUNT));
    assertEquals(PolicyDecision.ALLOW, first.evaluate(ACCOUNT, "kms:Encrypt", KEY));
  }
}
