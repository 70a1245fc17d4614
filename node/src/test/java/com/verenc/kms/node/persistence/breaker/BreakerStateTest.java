package com.verenc.kms.node.persistence.breaker;

import static com.verenc.kms.node.testkit.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.pattern.CircuitBreaker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * A Pekko circuit breaker read as the metric reads it, through a whole cycle: closed, open after
 * failures, half-open after the reset timeout, closed after a successful probe.
 */
class BreakerStateTest {
  private static final ActorTestKit testKit = ActorTestKit.create();

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  @Test
  void aBreakerReadsClosedOpenHalfOpenAndClosedAgain() {
    CircuitBreaker breaker =
        CircuitBreaker.create(
            Adapter.toClassic(testKit.system()).scheduler(),
            2,
            Duration.ofSeconds(10),
            Duration.ofMillis(200));
    assertEquals(BreakerState.CLOSED, BreakerState.of(breaker));
    assertFalse(BreakerState.of(breaker).refusesCalls());

    breaker.fail();
    assertEquals(BreakerState.CLOSED, BreakerState.of(breaker), "one failure of two allowed");
    breaker.fail();
    assertEquals(BreakerState.OPEN, BreakerState.of(breaker));
    assertTrue(BreakerState.of(breaker).refusesCalls());

    eventually("half-open after the reset timeout", () -> breaker.isHalfOpen());
    assertEquals(BreakerState.HALF_OPEN, BreakerState.of(breaker));
    assertTrue(BreakerState.of(breaker).refusesCalls(), "all calls but the probe fail fast");

    breaker.succeed();
    assertEquals(BreakerState.CLOSED, BreakerState.of(breaker));
  }
}
