package com.verenc.kms.node.persistence.breaker;

import static com.verenc.kms.node.testkit.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.pattern.CircuitBreaker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * A Pekko circuit breaker registered as a plugin registers it, read as the metrics read it through
 * a whole cycle: closed, open after failures, half-open after the reset timeout, open again when
 * the probe fails, closed after a probe succeeds; each opening counted.
 */
class PluginBreakersTest {
  private static final ActorTestKit testKit = ActorTestKit.create();

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  @Test
  void aRegisteredBreakerReadsClosedOpenHalfOpenAndClosedAgainAndItsOpeningsAreCounted() {
    PluginBreakers breakers = PluginBreakers.get(testKit.system());
    assertEquals(Optional.empty(), breakers.state(PersistencePlugin.JOURNAL), "not started");
    CircuitBreaker breaker =
        CircuitBreaker.create(
            Adapter.toClassic(testKit.system()).scheduler(),
            2,
            Duration.ofSeconds(10),
            Duration.ofMillis(200));
    breakers.register(PersistencePlugin.JOURNAL, breaker);
    assertEquals(Optional.of(BreakerState.CLOSED), breakers.state(PersistencePlugin.JOURNAL));
    assertFalse(BreakerState.CLOSED.refusesCalls());

    breaker.fail();
    assertEquals(Optional.of(BreakerState.CLOSED), breakers.state(PersistencePlugin.JOURNAL));
    breaker.fail();
    assertEquals(Optional.of(BreakerState.OPEN), breakers.state(PersistencePlugin.JOURNAL));
    assertTrue(BreakerState.OPEN.refusesCalls());
    assertEquals(1, breakers.timesOpened(PersistencePlugin.JOURNAL));

    eventually("half-open after the reset timeout", breaker::isHalfOpen);
    assertEquals(Optional.of(BreakerState.HALF_OPEN), breakers.state(PersistencePlugin.JOURNAL));
    assertTrue(BreakerState.HALF_OPEN.refusesCalls(), "all calls but the probe fail fast");
    breaker.fail();
    assertEquals(Optional.of(BreakerState.OPEN), breakers.state(PersistencePlugin.JOURNAL));
    assertEquals(2, breakers.timesOpened(PersistencePlugin.JOURNAL), "a failed probe reopens it");

    eventually("half-open again", breaker::isHalfOpen);
    breaker.succeed();
    assertEquals(Optional.of(BreakerState.CLOSED), breakers.state(PersistencePlugin.JOURNAL));
    assertEquals(2, breakers.timesOpened(PersistencePlugin.JOURNAL));
    assertEquals(0, breakers.timesOpened(PersistencePlugin.SNAPSHOT_STORE));
  }
}
