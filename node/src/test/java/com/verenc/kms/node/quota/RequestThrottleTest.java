package com.verenc.kms.node.quota;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.verenc.kms.protocol.ErrorCode;
import com.verenc.kms.protocol.KmsException;
import com.verenc.kms.protocol.Operation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Request-rate quotas: one second's burst, refilled at the rate, per account and per class. */
class RequestThrottleTest {
  private static final Quotas DEFAULTS = new Quotas(10, 2, 5, 100, 100);
  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private final List<String> throttled = new ArrayList<>();
  private final RequestThrottle throttle =
      new RequestThrottle(
          DEFAULTS,
          Map.of("444455556666", new Quotas(1, 1, 1, 1, 1)),
          now::get,
          (account, c) -> throttled.add(account + " " + c));

  @Test
  void aBurstOfOneSecondIsAdmittedThenRateExceeded() {
    for (int i = 0; i < 10; i++) {
      throttle.admit("111122223333", Operation.Encrypt);
    }
    KmsException e =
        assertThrows(KmsException.class, () -> throttle.admit("111122223333", Operation.Decrypt));
    assertEquals(ErrorCode.THROTTLING, e.code());
    assertEquals("Rate exceeded", e.getMessage());
    assertEquals(List.of("111122223333 CRYPTOGRAPHIC"), throttled);
  }

  @Test
  void tokensComeBackAtTheRate() {
    for (int i = 0; i < 10; i++) {
      throttle.admit("111122223333", Operation.GenerateDataKey);
    }
    now.addAndGet(99_000_000L); // 0.099 s: not yet one token at 10/s
    assertThrows(KmsException.class, () -> throttle.admit("111122223333", Operation.Encrypt));
    now.addAndGet(2_000_000L);
    assertDoesNotThrow(() -> throttle.admit("111122223333", Operation.Encrypt));
    now.addAndGet(60_000_000_000L); // a minute later the bucket holds one second's worth, no more
    for (int i = 0; i < 10; i++) {
      throttle.admit("111122223333", Operation.Encrypt);
    }
    assertThrows(KmsException.class, () -> throttle.admit("111122223333", Operation.Encrypt));
  }

  @Test
  void classesAndAccountsHaveTheirOwnBuckets() {
    throttle.admit("111122223333", Operation.CreateKey);
    throttle.admit("111122223333", Operation.CreateKey);
    assertThrows(KmsException.class, () -> throttle.admit("111122223333", Operation.CreateKey));
    // Management and crypto of the same account, and CreateKey of another, are untouched.
    assertDoesNotThrow(() -> throttle.admit("111122223333", Operation.DescribeKey));
    assertDoesNotThrow(() -> throttle.admit("111122223333", Operation.Encrypt));
    assertDoesNotThrow(() -> throttle.admit("222233334444", Operation.CreateKey));
    assertEquals(List.of("111122223333 CREATE_KEY"), throttled);
  }

  @Test
  void anAccountWithItsOwnQuotasGetsThem() {
    throttle.admit("444455556666", Operation.ListKeys);
    assertThrows(KmsException.class, () -> throttle.admit("444455556666", Operation.ListAliases));
    assertEquals(1, throttle.quotasOf("444455556666").keysPerZone());
    assertEquals(DEFAULTS, throttle.quotasOf("111122223333"));
  }

  @Test
  void operationsFallInTheClassesAwsMeters() {
    for (Operation op :
        List.of(
            Operation.Encrypt,
            Operation.Decrypt,
            Operation.ReEncrypt,
            Operation.GenerateDataKey,
            Operation.GenerateDataKeyWithoutPlaintext,
            Operation.GenerateRandom)) {
      assertEquals(RequestClass.CRYPTOGRAPHIC, RequestClass.of(op), op.name());
    }
    assertEquals(RequestClass.CREATE_KEY, RequestClass.of(Operation.CreateKey));
    assertEquals(RequestClass.CREATE_KEY, RequestClass.of(Operation.ReplicateKey));
    assertEquals(RequestClass.MANAGEMENT, RequestClass.of(Operation.PutKeyPolicy));
    assertEquals("create_key", RequestClass.CREATE_KEY.label());
  }
}
