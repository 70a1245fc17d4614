package com.verenc.kms.node.zone;

import com.verenc.kms.node.CborSerializable;
import com.verenc.kms.node.async.Failures;
import com.verenc.kms.node.key.KeyAnswer;
import com.verenc.kms.node.key.KeyAnswer.ZoneRetirement.Standing;
import com.verenc.kms.node.key.KeyCommand;
import com.verenc.kms.node.key.KeyEntity;
import com.verenc.kms.node.key.KeyReply;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Source;

/**
 * A node's part in retiring a zone: records the retirement in its zone database and, for its zone,
 * asks every multi-zone key where the retired zone stands in its set (and to leave it out, when
 * applying), a few keys at a time.
 */
public final class ZoneRetirementWorker {
  /** The worker's name under /user on every node, where a retirement addresses it. */
  public static final String NAME = "zone-retirement";

  /** Keys asked at once: enough to go through a zone quickly, few enough not to crowd requests. */
  private static final int KEYS_AT_ONCE = 8;

  private ZoneRetirementWorker() {}

  /** What the worker is asked. */
  public sealed interface Message {}

  /**
   * Ask this node's zone's multi-zone keys where {@code zone} stands; with {@code apply}, record
   * the retirement first and have the keys leave the zone out of their sets.
   */
  public record Examine(String zone, boolean apply, ActorRef<ZoneFindings> replyTo)
      implements Message, CborSerializable {}

  /** Record {@code zone} as retired on this node and in its zone database. */
  public record Record(String zone, ActorRef<Recorded> replyTo)
      implements Message, CborSerializable {}

  /**
   * @param error why the node could not record it; null when it did
   */
  public record Recorded(String node, String error) implements CborSerializable {}

  /**
   * @param selfZone the zone this node serves, whose keys it examines
   * @param askTimeout how long each key has to answer
   * @param blocking where the zone database is read and written
   */
  public static Behavior<Message> create(
      String selfZone, Duration askTimeout, Executor blocking, Clock clock) {
    return Behaviors.setup(
        context -> {
          ActorSystem<?> system = context.getSystem();
          RetiredZones retired = RetiredZones.get(system);
          String self = system.address().toString();
          return Behaviors.receive(Message.class)
              .onMessage(
                  Record.class,
                  record -> {
                    CompletableFuture.runAsync(
                            () -> retired.record(record.zone(), clock.instant()), blocking)
                        .whenComplete(
                            (done, failure) ->
                                record
                                    .replyTo()
                                    .tell(
                                        new Recorded(
                                            self,
                                            failure == null
                                                ? null
                                                : Failures.cause(failure).getMessage())));
                    return Behaviors.same();
                  })
              .onMessage(
                  Examine.class,
                  examine -> {
                    examine(system, selfZone, examine, askTimeout, blocking, clock)
                        .thenAccept(examine.replyTo()::tell);
                    return Behaviors.same();
                  })
              .build();
        });
  }

  private static CompletionStage<ZoneFindings> examine(
      ActorSystem<?> system,
      String selfZone,
      Examine examine,
      Duration askTimeout,
      Executor blocking,
      Clock clock) {
    RetiredZones retired = RetiredZones.get(system);
    ClusterSharding sharding = ClusterSharding.get(system);
    return CompletableFuture.supplyAsync(
            () -> {
              if (examine.apply()) {
                retired.record(examine.zone(), clock.instant());
              }
              return retired.store().multiZoneKeyIds(selfZone);
            },
            blocking)
        .thenCompose(
            keyIds ->
                Source.from(keyIds)
                    .mapAsyncUnordered(
                        KEYS_AT_ONCE,
                        keyId ->
                            sharding
                                .entityRefFor(KeyEntity.TYPE_KEY, keyId)
                                .<KeyReply<KeyAnswer.ZoneRetirement>>ask(
                                    replyTo ->
                                        new KeyCommand.RetireZone(
                                            examine.zone(), examine.apply(), replyTo),
                                    askTimeout)
                                .handle(
                                    (reply, failure) ->
                                        new KeyStanding(keyId, standing(reply, failure))))
                    .runFold(
                        ZoneFindings.none(selfZone),
                        (findings, key) -> findings.with(key.keyId(), key.standing()),
                        Materializer.matFromSystem(system)))
        .exceptionally(
            failure -> ZoneFindings.failed(selfZone, Failures.cause(failure).getMessage()));
  }

  /** One key's answer; null standing when it gave none. */
  private record KeyStanding(String keyId, Standing standing) {}

  /** A key that refuses the command (destroyed, not here after all) holds no zone: absent. */
  private static Standing standing(KeyReply<KeyAnswer.ZoneRetirement> reply, Throwable failure) {
    if (failure != null) {
      return null;
    }
    return reply instanceof KeyReply.Ok<KeyAnswer.ZoneRetirement> ok
        ? ok.answer().standing()
        : Standing.ABSENT;
  }
}
