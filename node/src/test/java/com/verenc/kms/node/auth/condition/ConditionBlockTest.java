package com.verenc.kms.node.auth.condition;

import static com.verenc.kms.node.auth.condition.TestRequest.block;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A block ANDs its operators and, within one, its keys; a key's values are alternatives. */
class ConditionBlockTest {
  private static final String BLOCK =
      """
      {
        "StringEquals": {
          "kms:CallerAccount": "111122223333",
          "kms:EncryptionContext:tenant": ["acme", "globex"]
        },
        "Bool": {"aws:SecureTransport": true}
      }
      """;

  private static TestRequest request(String account, String tenant, String secure) {
    return TestRequest.with("kms:CallerAccount", account)
        .and("kms:EncryptionContext:tenant", tenant)
        .and("aws:SecureTransport", secure);
  }

  @Test
  void everyOperatorAndEveryKeyMustHold() {
    ConditionBlock block = block(BLOCK);
    assertTrue(block.matches(request("111122223333", "acme", "true")));
    assertTrue(block.matches(request("111122223333", "globex", "true")));
    assertFalse(block.matches(request("444455556666", "acme", "true")), "first key fails");
    assertFalse(block.matches(request("111122223333", "initech", "true")), "second key fails");
    assertFalse(block.matches(request("111122223333", "acme", "false")), "second operator fails");
  }

  @Test
  void noConditionAlwaysMatches() {
    assertTrue(ConditionBlock.none().isEmpty());
    assertTrue(ConditionBlock.none().matches(TestRequest.empty()));
    assertTrue(ConditionBlock.none().keys().isEmpty());
    assertTrue(block("{}").isEmpty());
    assertTrue(block("{}").matches(TestRequest.empty()));
    assertFalse(block(BLOCK).isEmpty());
  }

  @Test
  void keysAreTheKeysTheBlockReads() {
    assertEquals(
        List.of(
            ConditionKey.parse("kms:calleraccount"),
            ConditionKey.parse("kms:EncryptionContext:tenant"),
            ConditionKey.parse("aws:SecureTransport")),
        List.copyOf(block(BLOCK).keys()));
    Set<ConditionKey> sameKeyTwice =
        block(
                """
                {"StringEquals": {"kms:CallerAccount": "1"},
                 "StringNotEquals": {"KMS:CALLERACCOUNT": "2"}}
                """)
            .keys();
    assertEquals(Set.of(ConditionKey.parse("kms:CallerAccount")), sameKeyTwice);
  }

  @Test
  void theSameKeyUnderTwoOperatorsMustSatisfyBoth() {
    ConditionBlock window =
        block(
            """
            {"DateGreaterThan": {"aws:CurrentTime": "2025-01-01T00:00:00Z"},
             "DateLessThan": {"aws:CurrentTime": "2025-02-01T00:00:00Z"}}
            """);
    assertTrue(window.matches(TestRequest.with("aws:CurrentTime", "2025-01-15T00:00:00Z")));
    assertFalse(window.matches(TestRequest.with("aws:CurrentTime", "2025-03-01T00:00:00Z")));
    assertFalse(window.matches(TestRequest.with("aws:CurrentTime", "2024-12-01T00:00:00Z")));
  }

  @Test
  void aBlockReadsEachKeyOnceAndStopsAtTheFirstFailure() {
    int[] reads = {0};
    ConditionContext counting =
        key -> {
          reads[0]++;
          return List.of("no");
        };
    ConditionBlock block =
        block(
            """
            {"StringEquals": {"kms:A": "yes"},
             "StringLike": {"kms:B": "*"}}
            """);
    assertFalse(block.matches(counting));
    assertEquals(1, reads[0]);
  }

  @Test
  void theLimitOfValuesPerKeyIsAccepted() {
    StringBuilder values = new StringBuilder("[");
    for (int i = 0; i < PolicyValue.MAX_VALUES; i++) {
      values.append(i == 0 ? "" : ",").append('"').append(i).append('"');
    }
    ConditionBlock block = block("{\"StringEquals\": {\"kms:A\": " + values.append(']') + "}}");
    assertTrue(block.matches(TestRequest.with("kms:A", "99")));
    assertFalse(block.matches(TestRequest.with("kms:A", "100")));
  }
}
