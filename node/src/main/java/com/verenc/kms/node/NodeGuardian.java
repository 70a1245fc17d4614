package com.verenc.kms.node;

import com.verenc.kms.crypto.masterkey.MasterKey;
import com.verenc.kms.crypto.masterkey.MasterKeyRing;
import com.verenc.kms.node.antientropy.AntiEntropy;
import com.verenc.kms.node.api.KeyEntities;
import com.verenc.kms.node.api.KmsApi;
import com.verenc.kms.node.audit.AuditTrails;
import com.verenc.kms.node.auth.Account;
import com.verenc.kms.node.auth.CredentialsReloader;
import com.verenc.kms.node.auth.SigV4Verifier;
import com.verenc.kms.node.config.NodeSettings;
import com.verenc.kms.node.defaultkey.DefaultKeyProvisioner;
import com.verenc.kms.node.directory.AccountDirectory;
import com.verenc.kms.node.directory.Directories;
import com.verenc.kms.node.directory.DirectoryCommand;
import com.verenc.kms.node.formation.MembershipWatch;
import com.verenc.kms.node.formation.SeedNodes;
import com.verenc.kms.node.grant.GrantIndexTable;
import com.verenc.kms.node.grant.GrantTokens;
import com.verenc.kms.node.health.NodeResources;
import com.verenc.kms.node.http.HttpServer;
import com.verenc.kms.node.http.KmsHttpHandler;
import com.verenc.kms.node.key.KeyEntity;
import com.verenc.kms.node.key.KeyEntityContext;
import com.verenc.kms.node.key.KeyTick;
import com.verenc.kms.node.key.ResidentKeys;
import com.verenc.kms.node.key.ShardedReplicaTransport;
import com.verenc.kms.node.key.ZoneLeases;
import com.verenc.kms.node.logging.RequestLog;
import com.verenc.kms.node.masterkey.MasterKeyRotation;
import com.verenc.kms.node.metrics.NodeMetrics;
import com.verenc.kms.node.persistence.ZoneDatabase;
import com.verenc.kms.node.persistence.breaker.PluginBreakers;
import com.verenc.kms.node.quota.Quotas;
import com.verenc.kms.node.quota.RequestThrottle;
import com.verenc.kms.node.replication.SharedVersionTable;
import com.verenc.kms.node.replication.UnacknowledgedPushes;
import com.verenc.kms.node.schedule.KeySchedule;
import com.verenc.kms.node.schedule.KeySweeper;
import com.verenc.kms.node.secrets.KeySecretStore;
import com.verenc.kms.node.tls.ApiTls;
import com.verenc.kms.node.usage.UsageFlushing;
import com.verenc.kms.node.usage.UsageLedger;
import com.verenc.kms.node.usage.UsageStore;
import com.verenc.kms.node.zone.RetiredZoneStore;
import com.verenc.kms.node.zone.RetiredZones;
import com.verenc.kms.node.zone.ZoneRetirementWorker;
import com.verenc.kms.protocol.WireCodec;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.stream.Materializer;
import scala.concurrent.ExecutionContextExecutor;

/**
 * Wires a node: cluster membership, the sharded entities, the zone's sweepers and anti-entropy,
 * HTTP.
 */
final class NodeGuardian {
  private NodeGuardian() {}

  /** What the guardian needs that was prepared before the actor system started. */
  record Resources(
      NodeSettings settings,
      SeedNodes seedNodes,
      Clock clock,
      ZoneDatabase database,
      MasterKey masterKey,
      CredentialsReloader credentials,
      Optional<ApiTls> apiTls,
      CompletableFuture<InetSocketAddress> bound,
      MasterKeyRing masterKeys,
      AuditTrails audit) {}

  static Behavior<Void> create(Resources r) {
    return Behaviors.setup(
        ctx -> {
          ActorSystem<Void> system = ctx.getSystem();
          NodeSettings settings = r.settings();
          r.seedNodes().join(system);
          ctx.spawn(
              MembershipWatch.create(
                  r.seedNodes(),
                  settings.zone(),
                  settings.zones(),
                  settings.platformPrimaryZone(),
                  settings.membershipCheckInterval()),
              MembershipWatch.NAME);
          ClusterSharding sharding = ClusterSharding.get(system);
          NodeResources.get(system).register(r.database());
          KeySecretStore secrets = new KeySecretStore(r.database().dataSource(), r.masterKeys());
          RetiredZones retiredZones = RetiredZones.get(system);
          retiredZones.load(new RetiredZoneStore(r.database().dataSource()));
          retiredZones.all().stream()
              .filter(settings.zones()::contains)
              .forEach(
                  zone ->
                      ctx.getLog()
                          .warn(
                              "KMS_ZONES lists {}, which was retired (kms zone retire): no key is"
                                  + " replicated there; remove it from KMS_ZONES on every node",
                              zone));
          Directories directories = new Directories(sharding, settings.askTimeout());
          KeySchedule schedule = new KeySchedule(r.database().dataSource());
          SharedVersionTable versions =
              new SharedVersionTable(r.database().dataSource(), settings.zone());
          UnacknowledgedPushes unacknowledged = new UnacknowledgedPushes();
          GrantIndexTable grantIndex = new GrantIndexTable(r.database().dataSource());
          NodeMetrics metrics = NodeMetrics.get(system);
          metrics.bindZone(settings.zone(), schedule);
          metrics.bindCluster(system, settings.zones());
          metrics.bindDatabase(r.database());
          metrics.bindPersistenceBreakers(PluginBreakers.get(system));
          metrics.bindShards(
              system, List.of(KeyEntity.TYPE_KEY.name(), AccountDirectory.TYPE_KEY.name()));
          metrics.bindPushes(settings.zone(), settings.zones(), unacknowledged, r.clock());
          // As many threads as the node's own database pool has connections, so no call waits for
          // one.
          ExecutionContextExecutor blockingIo =
              system.dispatchers().lookup(DispatcherSelector.fromConfig("kms-key-dispatcher"));
          MasterKeyRotation.get(system)
              .start(
                  settings.zone(),
                  r.masterKeys(),
                  r.database().dataSource(),
                  settings.masterKeyRotation(),
                  blockingIo,
                  settings.askTimeout());
          ZoneLeases.get(system).start(settings.zone(), secrets, blockingIo);
          KeyEntity.init(
              system,
              new KeyEntityContext(
                  settings.zone(),
                  settings.arns(),
                  r.clock(),
                  secrets,
                  schedule,
                  versions,
                  new ShardedReplicaTransport(system, settings.replicationPushTimeout()),
                  blockingIo,
                  settings.replicationMaxBackoff(),
                  (replicaZone, lag) ->
                      metrics.recordReplicationLag(settings.zone(), replicaZone, lag),
                  unacknowledged,
                  (accountId, keyId) ->
                      directories.tell(accountId, new DirectoryCommand.RemoveKey(keyId)),
                  directories::registerKey,
                  principal -> r.credentials().get().policyOf(principal),
                  grantIndex));
          // Proxies to the key shards of the other zones, for replication pushes.
          for (String zone : settings.zones()) {
            if (!zone.equals(settings.zone())) {
              KeyEntity.initProxy(system, zone);
            }
          }
          AntiEntropy.init(
              system, settings.antiEntropy(), settings.zone(), settings.zones(), versions);
          AccountDirectory.init(system, settings.zone(), settings.arns(), r.clock());
          KeySweeper.init(
              system,
              "deletion-sweeper",
              settings.zone(),
              r.clock(),
              settings.deletionSweepInterval(),
              schedule::dueForDeletion,
              KeyTick.DESTROY_IF_DUE);
          KeySweeper.init(
              system,
              "expiry-sweeper",
              settings.zone(),
              r.clock(),
              settings.deletionSweepInterval(),
              schedule::dueForExpiry,
              KeyTick.EXPIRE_IF_DUE);
          KeySweeper.init(
              system,
              "rotation-sweeper",
              settings.zone(),
              r.clock(),
              settings.rotationCheckInterval(),
              schedule::dueForRotation,
              KeyTick.ROTATE_IF_DUE);
          KeySweeper.init(
              system,
              "replication-sweeper",
              settings.zone(),
              r.clock(),
              settings.replicationRetryInterval(),
              schedule::dueForPush,
              KeyTick.PUSH_PENDING);
          ctx.spawn(
              ZoneRetirementWorker.create(
                  settings.zone(), settings.askTimeout(), blockingIo, r.clock()),
              ZoneRetirementWorker.NAME);
          DefaultKeyProvisioner defaultKeys =
              new DefaultKeyProvisioner(
                  system,
                  directories,
                  settings.zone(),
                  settings.platformPrimaryZone(),
                  settings.zones(),
                  retiredZones::contains,
                  settings.askTimeout());
          KeyEntities keys =
              new KeyEntities(
                  sharding,
                  settings.askTimeout(),
                  ResidentKeys.get(system),
                  ZoneLeases.get(system),
                  directories,
                  settings.arns(),
                  settings.keyPresenceCacheSize());
          UsageLedger usageLedger =
              UsageFlushing.start(
                  system,
                  new UsageStore(r.database().dataSource()),
                  r.clock(),
                  settings.usageTracking(),
                  blockingIo);
          KmsApi api =
              new KmsApi(
                  keys,
                  directories,
                  defaultKeys,
                  throttle(r.credentials().get().accounts(), settings, system),
                  settings.arns(),
                  settings.zones(),
                  retiredZones::contains,
                  r.clock(),
                  usageLedger,
                  principal -> r.credentials().get().policyOf(principal),
                  GrantTokens.of(r.masterKey(), settings.zone()),
                  grantIndex,
                  blockingIo);
          // Signature freshness is judged against the wall clock, not the injectable business
          // clock.
          SigV4Verifier verifier =
              new SigV4Verifier(r.credentials(), settings.zone(), "kms", Clock.systemUTC());
          system
              .scheduler()
              .scheduleWithFixedDelay(
                  settings.credentialsCheckInterval(),
                  settings.credentialsCheckInterval(),
                  r.credentials()::reloadIfChanged,
                  blockingIo);
          KmsHttpHandler handler =
              new KmsHttpHandler(
                  api,
                  verifier,
                  r.audit()
                      .start(
                          system,
                          settings.zone(),
                          r.masterKey(),
                          r.database().dataSource(),
                          r.clock()),
                  new RequestLog(settings.requestLog()),
                  metrics,
                  new WireCodec(settings.dialect()),
                  Materializer.createMaterializer(system),
                  settings.maxRequestBytes(),
                  settings.bodyTimeout(),
                  r.apiTls().isPresent());
          HttpServer.start(
                  system,
                  settings.httpHost(),
                  settings.httpPort(),
                  handler,
                  settings.headTimeout(),
                  r.apiTls())
              .whenComplete(
                  (address, failure) -> {
                    if (failure != null) {
                      r.bound().completeExceptionally(failure);
                    } else {
                      r.bound().complete(address);
                    }
                  });
          return Behaviors.empty();
        });
  }

  private static RequestThrottle throttle(
      List<Account> accounts, NodeSettings settings, ActorSystem<?> system) {
    Map<String, Quotas> own = new HashMap<>();
    accounts.forEach(a -> a.quotas().ifPresent(q -> own.put(a.accountId(), q)));
    return new RequestThrottle(
        settings.quotas(), own, System::nanoTime, NodeMetrics.get(system)::recordThrottled);
  }
}
