package com.verenc.kms.node.key;

import static com.verenc.kms.node.key.KeyEntityFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * What a key entity tells the node's record of unacknowledged pushes (the in-flight and
 * oldest-unacknowledged metrics): a push to a zone that does not answer stays there through its
 * retries, aging from its first sending, until the zone acknowledges.
 */
class UnacknowledgedPushTrackingTest {
  private static final ActorTestKit testKit = ActorTestKit.create(KeyEntityFixture.CONFIG);

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  @Test
  void aPushStaysUnacknowledgedThroughItsRetriesUntilTheZoneAnswers() {
    KeyEntityFixture primary = new KeyEntityFixture(testKit, "zone-a", "k-unacked-retries");
    primary.create(true);
    primary.transport.failNext("zone-b", 3);

    primary.replicate("zone-b", null);

    await("a first push fails", () -> !primary.transport.to("zone-b").isEmpty());
    assertEquals(1, primary.unacknowledged.count("zone-b"));
    primary.clock.advance(Duration.ofSeconds(90));
    assertEquals(
        Duration.ofSeconds(90), primary.unacknowledged.oldest("zone-b", primary.clock.instant()));
    await("the fourth push is acknowledged", () -> primary.transport.to("zone-b").size() == 4);
    await("nothing unacknowledged", () -> primary.unacknowledged.count("zone-b") == 0);
    assertEquals(Duration.ZERO, primary.unacknowledged.oldest("zone-b", primary.clock.instant()));
  }
}
