package com.verenc.kms.node.antientropy;

import com.verenc.kms.node.CborSerializable;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;

/** What a zone's {@link AntiEntropy} receives: from its timers, operators and other zones. */
public sealed interface AntiEntropyMessage {

  /**
   * The interval is over: compare with every other zone; the {@code first} after this actor started
   * also asks every other zone to compare with this one.
   */
  record Round(boolean first) implements AntiEntropyMessage {}

  /**
   * Compare with {@code zone} now: asked by that zone when it starts (it may have been restored
   * from a backup), by an operator's resync, or by this zone's own catch-up while differences
   * remain.
   */
  record CompareWith(String zone) implements AntiEntropyMessage, CborSerializable {}

  /**
   * From a zone that holds primaries replicated to this zone: the digest of their versions; this
   * zone answers with the versions it holds in the buckets that differ.
   */
  record Offer(String primaryZone, VersionDigest digest, ActorRef<AntiEntropyMessage> replyTo)
      implements AntiEntropyMessage, CborSerializable {}

  /**
   * A replica zone's answer to an {@link Offer}: the {@code buckets} it compared key by key, the
   * version of every key it holds in them ({@code held}), and how many more buckets differ than it
   * compared ({@code moreBuckets}, left for the next exchange to bound the work of one).
   */
  record Differences(
      String replicaZone, List<Integer> buckets, Map<String, Integer> held, int moreBuckets)
      implements AntiEntropyMessage, CborSerializable {}
}
