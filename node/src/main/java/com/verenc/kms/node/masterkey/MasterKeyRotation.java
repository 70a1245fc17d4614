package com.verenc.kms.node.masterkey;

import com.verenc.kms.crypto.masterkey.MasterKeyRing;
import com.verenc.kms.node.config.MasterKeyRotationSettings;
import com.verenc.kms.node.key.KeyEntity;
import com.verenc.kms.node.masterkey.RewrapCommand.Start;
import com.verenc.kms.node.masterkey.RewrapCommand.StartReply;
import com.verenc.kms.node.masterkey.RotationStatus.SecretsByMasterKey;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import javax.sql.DataSource;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Extension;
import org.apache.pekko.actor.typed.ExtensionId;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.cluster.typed.Cluster;

/**
 * The node's side of master key rotation: starts the zone's {@link RewrapCoordinator} and answers
 * the management routes (status, start, secrets by master key), which Pekko Management instantiates
 * itself and so finds here.
 */
public final class MasterKeyRotation implements Extension {
  public static final ExtensionId<MasterKeyRotation> ID =
      new ExtensionId<>() {
        @Override
        public MasterKeyRotation createExtension(ActorSystem<?> system) {
          return new MasterKeyRotation(system);
        }
      };

  private final ActorSystem<?> system;
  private volatile Wiring wiring;

  /** What the node gives at start. */
  private record Wiring(
      String zone,
      String prefix,
      MasterKeyRing masterKeys,
      RewrapJobStore store,
      ActorRef<RewrapCommand> coordinator,
      Executor blocking,
      Duration askTimeout) {}

  private MasterKeyRotation(ActorSystem<?> system) {
    this.system = system;
  }

  public static MasterKeyRotation get(ActorSystem<?> system) {
    return system.registerExtension(ID);
  }

  /**
   * Starts the zone's rotation worker (one per zone; this node hosts it or a proxy to it).
   *
   * @param blocking where the JDBC and the re-wrapping run
   */
  public void start(
      String zone,
      MasterKeyRing masterKeys,
      DataSource dataSource,
      MasterKeyRotationSettings settings,
      Executor blocking,
      Duration askTimeout) {
    String prefix = KeyEntity.persistenceId(zone, "").id();
    RewrapJobStore store = new RewrapJobStore(dataSource);
    RewrapPass pass =
        new RewrapPass(store, masterKeys, prefix, settings.batchSize(), Clock.systemUTC());
    ActorRef<RewrapCommand> coordinator =
        RewrapCoordinator.init(system, zone, pass, blocking, settings.maxRate());
    wiring = new Wiring(zone, prefix, masterKeys, store, coordinator, blocking, askTimeout);
  }

  /** Whether {@link #start} ran (the node's guardian is up). */
  boolean started() {
    return wiring != null;
  }

  /** This node's master keys and its zone's latest pass. */
  CompletionStage<RotationStatus> status() {
    Wiring w = wiring;
    return CompletableFuture.supplyAsync(
        () -> RotationStatus.of(w.zone(), selfNode(), w.masterKeys(), w.store().load(w.zone())),
        w.blocking());
  }

  /** The zone's secrets counted by master key, for retiring a previous one. */
  CompletionStage<SecretsByMasterKey> secrets() {
    Wiring w = wiring;
    return CompletableFuture.supplyAsync(
        () ->
            SecretsByMasterKey.of(
                w.zone(),
                w.masterKeys(),
                w.store().countByMasterKey(w.prefix()),
                w.store().load(w.zone())),
        w.blocking());
  }

  /** Asks the zone's worker to start a pass under this node's current master key. */
  CompletionStage<StartReply> rotate() {
    Wiring w = wiring;
    return AskPattern.ask(
        w.coordinator(),
        (ActorRef<StartReply> replyTo) ->
            new Start(selfNode(), w.masterKeys().current().id().toString(), replyTo),
        w.askTimeout(),
        system.scheduler());
  }

  Duration askTimeout() {
    return wiring.askTimeout();
  }

  private String selfNode() {
    return Cluster.get(system).selfMember().address().toString();
  }
}
