package com.verenc.kms.node.cluster;

import com.verenc.kms.node.antientropy.AntiEntropy;
import com.verenc.kms.node.antientropy.AntiEntropyMessage;
import com.verenc.kms.node.key.KeyAnswer.ReplicationInfo;
import com.verenc.kms.node.key.KeyCommand;
import com.verenc.kms.node.key.KeyEntity;
import com.verenc.kms.node.key.KeyMessage;
import com.verenc.kms.node.key.KeyReply;
import com.verenc.kms.node.replication.Role;
import com.verenc.kms.protocol.ErrorCode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;

/**
 * Answers operators about a multi-zone key's replication by asking the key's entity in each zone of
 * its set (never its material), and starts resyncs: of one key, by its primary, or of a whole
 * replica zone, by every other zone's anti-entropy.
 */
public final class ReplicationInspector {
  private final ActorSystem<?> system;
  private final String selfZone;
  private final Set<String> zones;
  private final Duration timeout;

  /** Why an operator's question has no answer, with the HTTP status to give. */
  public static final class Unanswerable extends RuntimeException {
    private final int status;

    Unanswerable(int status, String message) {
      super(message, null, false, false);
      this.status = status;
    }

    public int status() {
      return status;
    }
  }

  /** What a key's resync started: the primary pushes {@code version} to {@code zones}. */
  public record ResyncStarted(
      String keyId,
      String primaryZone,
      int primaryVersion,
      List<ReplicationStatus.Replica> zones) {}

  /** What a zone's resync started: these zones compare their primaries with {@code replicaZone}. */
  public record ZoneResyncStarted(String replicaZone, List<String> comparingZones) {}

  public ReplicationInspector(
      ActorSystem<?> system, String selfZone, Set<String> zones, Duration timeout) {
    this.system = system;
    this.selfZone = selfZone;
    this.zones = Set.copyOf(zones);
    this.timeout = timeout;
  }

  /** The key's replication, starting from its entity in {@code zone}. */
  public CompletionStage<ReplicationStatus> status(String keyId, String zone) {
    return primaryView(keyId, zone)
        .thenCompose(
            primary -> {
              List<CompletableFuture<ReplicationStatus.Replica>> replicas = new ArrayList<>();
              for (String replicaZone : primary.replicaZones()) {
                int acknowledged = primary.acknowledged().getOrDefault(replicaZone, 0);
                replicas.add(
                    view(keyId, replicaZone)
                        .toCompletableFuture()
                        .handle(
                            (held, failure) ->
                                failure == null
                                    ? new ReplicationStatus.Replica(
                                        replicaZone, acknowledged, held.version(), null)
                                    : new ReplicationStatus.Replica(
                                        replicaZone,
                                        acknowledged,
                                        null,
                                        cause(failure).getMessage())));
              }
              return CompletableFuture.allOf(replicas.toArray(CompletableFuture[]::new))
                  .thenApply(
                      done ->
                          new ReplicationStatus(
                              keyId,
                              primary.zone(),
                              primary.version(),
                              replicas.stream().map(CompletableFuture::join).toList()));
            });
  }

  /**
   * Has the key's primary push its shared state now to {@code replicaZone} (null: every replica
   * zone), whatever they acknowledged.
   */
  public CompletionStage<ResyncStarted> resync(String keyId, String zone, String replicaZone) {
    return primaryView(keyId, zone)
        .thenCompose(
            primary ->
                ask(
                        keyId,
                        primary.zone(),
                        replyTo ->
                            new KeyCommand.Resync(
                                replicaZone == null ? List.of() : List.of(replicaZone), replyTo))
                    .thenApply(
                        info ->
                            new ResyncStarted(
                                keyId,
                                info.zone(),
                                info.version(),
                                info.replicaZones().stream()
                                    .filter(z -> replicaZone == null || z.equals(replicaZone))
                                    .map(
                                        z ->
                                            new ReplicationStatus.Replica(
                                                z,
                                                info.acknowledged().getOrDefault(z, 0),
                                                null,
                                                null))
                                    .toList())));
  }

  /** Every other zone's anti-entropy compares its primaries with {@code replicaZone} now. */
  public ZoneResyncStarted resyncZone(String replicaZone) {
    List<String> comparing = zones.stream().filter(z -> !z.equals(replicaZone)).sorted().toList();
    for (String zone : comparing) {
      AntiEntropy.of(system, zone).tell(new AntiEntropyMessage.CompareWith(replicaZone));
    }
    return new ZoneResyncStarted(replicaZone, comparing);
  }

  /** The primary's view, reached from the key's entity in {@code zone}. */
  private CompletionStage<ReplicationInfo> primaryView(String keyId, String zone) {
    return view(keyId, zone)
        .thenCompose(
            info ->
                info.role() == Role.PRIMARY
                    ? CompletableFuture.completedFuture(info)
                    : view(keyId, info.primaryZone()));
  }

  private CompletionStage<ReplicationInfo> view(String keyId, String zone) {
    return ask(keyId, zone, KeyCommand.ReplicationView::new);
  }

  private CompletionStage<ReplicationInfo> ask(
      String keyId,
      String zone,
      Function<ActorRef<KeyReply<ReplicationInfo>>, KeyCommand<ReplicationInfo>> command) {
    return entity(keyId, zone)
        .<KeyReply<ReplicationInfo>>ask(command::apply, timeout)
        .handle(
            (reply, failure) -> {
              if (failure != null) {
                throw new Unanswerable(
                    504,
                    "no answer from zone "
                        + zone
                        + " within "
                        + timeout.toMillis()
                        + " ms (zone unreachable or still starting)");
              }
              if (reply instanceof KeyReply.Ok<ReplicationInfo> ok) {
                return ok.answer();
              }
              KeyReply.Rejected<ReplicationInfo> rejected =
                  (KeyReply.Rejected<ReplicationInfo>) reply;
              if (rejected.code() == ErrorCode.NOT_FOUND) {
                throw new Unanswerable(404, "key " + keyId + " does not exist in zone " + zone);
              }
              throw new Unanswerable(400, rejected.message());
            });
  }

  private EntityRef<KeyMessage> entity(String keyId, String zone) {
    ClusterSharding sharding = ClusterSharding.get(system);
    if (zone.equals(selfZone)) {
      return sharding.entityRefFor(KeyEntity.TYPE_KEY, keyId);
    }
    KeyEntity.initProxy(system, zone);
    return sharding.entityRefFor(KeyEntity.TYPE_KEY, keyId, zone);
  }

  /** A failure as it happened, without the wrapping of the stage that carried it. */
  static Throwable cause(Throwable failure) {
    return failure instanceof CompletionException && failure.getCause() != null
        ? failure.getCause()
        : failure;
  }
}
