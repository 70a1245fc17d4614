package com.verenc.kms.node;

import com.verenc.kms.crypto.masterkey.MasterKey;
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
import com.verenc.kms.node.health.NodeResources;
import com.verenc.kms.node.http.HttpServer;
import com.verenc.kms.node.http.KmsHttpHandler;
import com.verenc.kms.node.key.KeyEntity;
import com.verenc.kms.node.key.KeyEntityContext;
import com.verenc.kms.node.key.KeyTick;
import com.verenc.kms.node.key.ResidentKeys;
import com.verenc.kms.node.key.ShardedReplicaTransport;
import com.verenc.kms.node.metrics.NodeMetrics;
import com.verenc.kms.node.persistence.ZoneDatabase;
import com.verenc.kms.node.quota.Quotas;
import com.verenc.kms.node.quota.RequestThrottle;
import com.verenc.kms.node.schedule.KeySchedule;
import com.verenc.kms.node.schedule.KeySweeper;
import com.verenc.kms.node.secrets.KeySecretStore;
import com.verenc.kms.node.tls.ApiTls;
import com.verenc.kms.node.usage.UsageFlushing;
import com.verenc.kms.node.usage.UsageLedger;
import com.verenc.kms.node.usage.UsageStore;
import com.verenc.kms.protocol.WireCodec;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.cluster.typed.JoinSeedNodes;
import org.apache.pekko.stream.Materializer;
import scala.concurrent.ExecutionContextExecutor;

/** Wires a node: cluster membership, the sharded entities, the deletion sweeper, HTTP. */
final class NodeGuardian {
  private NodeGuardian() {}

  /** What the guardian needs that was prepared before the actor system started. */
  record Resources(
      NodeSettings settings,
      List<String> seedNodes,
      Clock clock,
      ZoneDatabase database,
      MasterKey masterKey,
      CredentialsReloader credentials,
      Optional<ApiTls> apiTls,
      CompletableFuture<InetSocketAddress> bound,
      AuditTrails audit) {}

  static Behavior<Void> create(Resources r) {
    return Behaviors.setup(
        ctx -> {
          ActorSystem<Void> system = ctx.getSystem();
          joinCluster(system, r.seedNodes());
          NodeSettings settings = r.settings();
          ClusterSharding sharding = ClusterSharding.get(system);
          NodeResources.get(system).register(r.database());
          KeySecretStore secrets = new KeySecretStore(r.database().dataSource(), r.masterKey());
          Directories directories = new Directories(sharding, settings.askTimeout());
          KeySchedule schedule = new KeySchedule(r.database().dataSource());
          NodeMetrics metrics = NodeMetrics.get(system);
          metrics.bindZone(settings.zone(), schedule);
          metrics.bindCluster(system, settings.zones());
          metrics.bindDatabase(r.database());
          // As many threads as the node's own database pool has connections, so no call waits for
          // one.
          ExecutionContextExecutor blockingIo =
              system.dispatchers().lookup(DispatcherSelector.fromConfig("kms-key-dispatcher"));
          KeyEntity.init(
              system,
              new KeyEntityContext(
                  settings.zone(),
                  settings.arns(),
                  r.clock(),
                  secrets,
                  schedule,
                  new ShardedReplicaTransport(system, settings.replicationPushTimeout()),
                  blockingIo,
                  settings.replicationMaxBackoff(),
                  (replicaZone, lag) ->
                      metrics.recordReplicationLag(settings.zone(), replicaZone, lag),
                  (accountId, keyId) ->
                      directories.tell(accountId, new DirectoryCommand.RemoveKey(keyId)),
                  directories::registerKey,
                  principal -> r.credentials().get().policyOf(principal)));
          // Proxies to the key shards of the other zones, for replication pushes.
          for (String zone : settings.zones()) {
            if (!zone.equals(settings.zone())) {
              KeyEntity.initProxy(system, zone);
            }
          }
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
          DefaultKeyProvisioner defaultKeys =
              new DefaultKeyProvisioner(
                  system,
                  directories,
                  settings.zone(),
                  settings.platformPrimaryZone(),
                  settings.zones(),
                  settings.askTimeout());
          KeyEntities keys =
              new KeyEntities(
                  sharding,
                  settings.askTimeout(),
                  ResidentKeys.get(system),
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
                  r.clock(),
                  usageLedger,
                  principal -> r.credentials().get().policyOf(principal));
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

  /** Without seed nodes the node forms a new cluster of its own. */
  private static void joinCluster(ActorSystem<Void> system, List<String> seedNodes) {
    Cluster cluster = Cluster.get(system);
    if (seedNodes.isEmpty()) {
      cluster.manager().tell(Join.create(cluster.selfMember().address()));
      return;
    }
    List<Address> seeds =
        seedNodes.stream()
            .map(
                hostPort -> {
                  int colon = hostPort.lastIndexOf(':');
                  return new Address(
                      "pekko",
                      system.name(),
                      hostPort.substring(0, colon),
                      Integer.parseInt(hostPort.substring(colon + 1)));
                })
            .toList();
    cluster.manager().tell(new JoinSeedNodes(seeds));
  }
}
