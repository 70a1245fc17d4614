package com.verenc.kms.node;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.verenc.kms.crypto.masterkey.MasterKey;
import com.verenc.kms.crypto.masterkey.MasterKeyRing;
import com.verenc.kms.node.audit.AuditTrails;
import com.verenc.kms.node.auth.CredentialsFile;
import com.verenc.kms.node.auth.CredentialsReloader;
import com.verenc.kms.node.auth.Identities;
import com.verenc.kms.node.config.DatabaseSettings;
import com.verenc.kms.node.config.InvalidSettingException;
import com.verenc.kms.node.config.NodeSettings;
import com.verenc.kms.node.config.PersistenceConfig;
import com.verenc.kms.node.formation.SeedNodes;
import com.verenc.kms.node.logging.RemotingShutdownFilter;
import com.verenc.kms.node.persistence.DataDirectory;
import com.verenc.kms.node.persistence.EmbeddedDatabasePassword;
import com.verenc.kms.node.persistence.ZoneDatabase;
import com.verenc.kms.node.secrets.MasterKeyLoader;
import com.verenc.kms.node.tls.ApiTls;
import com.verenc.kms.node.tls.RemotingTls;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.management.javadsl.PekkoManagement;

/** A running Verenc KMS node: started from configuration, stopped as a whole. */
public final class KmsNode implements AutoCloseable {
  public static final String SYSTEM_NAME = "verenc-kms";

  private final ActorSystem<Void> system;
  private final ZoneDatabase database;
  private final NodeSettings settings;
  private final InetSocketAddress httpAddress;
  private final Optional<Integer> managementPort;
  private final CredentialsReloader credentials;

  private KmsNode(
      ActorSystem<Void> system,
      ZoneDatabase database,
      NodeSettings settings,
      InetSocketAddress http,
      Optional<Integer> managementPort,
      CredentialsReloader credentials) {
    this.credentials = credentials;
    this.system = system;
    this.database = database;
    this.settings = settings;
    this.httpAddress = http;
    this.managementPort = managementPort;
  }

  /**
   * Starts a node. {@code overrides} win over application.conf, the environment and reference.conf;
   * the clock drives every date the node records or acts on.
   */
  public static KmsNode start(Config overrides, Clock clock) {
    Config config =
        ConfigFactory.load(
            overrides.withFallback(ConfigFactory.parseResourcesAnySyntax("application")));
    NodeSettings settings = NodeSettings.from(config);
    DataDirectory.prepare(settings.dataDir());
    MasterKeyRing masterKeys = MasterKeyLoader.load(settings);
    MasterKey masterKey = masterKeys.current();
    CredentialsReloader credentials =
        new CredentialsReloader(
            Identities.of(CredentialsFile.load(settings)),
            settings.credentialsFile(),
            settings.quotas());
    settings.requireTlsBeyondLoopback();
    Optional<ApiTls> apiTls = apiTls(settings);
    Config remotingTls = RemotingTls.pekkoConfig(config);
    SeedNodes seeds = SeedNodes.parse(config.getString("kms.remote.seed-nodes"));
    DatabaseSettings databaseSettings =
        EmbeddedDatabasePassword.apply(settings.database(), masterKey);
    ZoneDatabase database =
        ZoneDatabase.open(
            databaseSettings, EmbeddedDatabasePassword.former(settings.database(), masterKeys));
    DataDirectory.restrictNewFiles(settings.dataDir());
    AuditTrails audit;
    try {
      audit = AuditTrails.open(settings.audit());
    } catch (RuntimeException e) {
      database.close();
      throw e;
    }
    CompletableFuture<InetSocketAddress> bound = new CompletableFuture<>();
    ActorSystem<Void> system;
    try {
      system =
          ActorSystem.create(
              NodeGuardian.create(
                  new NodeGuardian.Resources(
                      settings,
                      seeds,
                      clock,
                      database,
                      masterKey,
                      credentials,
                      apiTls,
                      bound,
                      masterKeys,
                      audit)),
              SYSTEM_NAME,
              remotingTls.withFallback(
                  PersistenceConfig.forDatabase(databaseSettings).withFallback(config)));
    } catch (RuntimeException e) {
      audit.abandon();
      database.close();
      throw e;
    }
    // The cluster has been left by then: the transport's abort of its own connections is no news.
    CoordinatedShutdown.get(system)
        .addTask(
            CoordinatedShutdown.PhaseBeforeActorSystemTerminate(),
            "remoting-shutdown-quiet",
            () -> {
              RemotingShutdownFilter.transportStopping();
              return CompletableFuture.completedFuture(Done.getInstance());
            });
    // The database closes once the whole coordinated shutdown has used it (the last requests,
    // the usage ledger's final flush, entities' last writes), never under it.
    system.getWhenTerminated().thenRun(database::close);
    // A guardian that fails stops the system: say so at once instead of waiting for the bind.
    system
        .getWhenTerminated()
        .thenRun(
            () ->
                bound.completeExceptionally(
                    new IllegalStateException(
                        "the node stopped while starting; the log above says why")));
    try {
      InetSocketAddress address = bound.get(60, TimeUnit.SECONDS);
      Optional<Integer> management = Optional.empty();
      if (settings.managementPort() >= 0) {
        management =
            Optional.of(
                PekkoManagement.get(Adapter.toClassic(system))
                    .start()
                    .toCompletableFuture()
                    .get(60, TimeUnit.SECONDS)
                    .port());
      }
      return new KmsNode(system, database, settings, address, management, credentials);
    } catch (InterruptedException | ExecutionException | TimeoutException e) {
      system.terminate();
      awaitTermination(system);
      audit.abandon();
      database.close();
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      throw new IllegalStateException(
          "the node could not start its HTTP endpoints on "
              + settings.httpHost()
              + " (API port "
              + settings.httpPort()
              + ", management port "
              + settings.managementPort()
              + "): "
              + cause.getMessage(),
          cause);
    }
  }

  /**
   * Reads the credentials file again now (SIGHUP), whether or not it changed.
   *
   * @return whether new credentials are in force; false when the file was refused
   */
  public boolean reloadCredentials(String why) {
    return credentials.reload(why);
  }

  public int httpPort() {
    return httpAddress.getPort();
  }

  public String httpHost() {
    return httpAddress.getHostString();
  }

  /** The Pekko Management port (health checks, cluster membership), when enabled. */
  public Optional<Integer> managementPort() {
    return managementPort;
  }

  public NodeSettings settings() {
    return settings;
  }

  public ActorSystem<Void> system() {
    return system;
  }

  /** Leaves the cluster, unbinds HTTP, stops every entity and closes the database. */
  @Override
  public void close() {
    system.terminate();
    awaitTermination(system);
    database.close();
  }

  /** Blocks until the node has stopped on its own (e.g. after SIGTERM). */
  public void awaitTermination() {
    system.getWhenTerminated().toCompletableFuture().join();
  }

  private static Optional<ApiTls> apiTls(NodeSettings settings) {
    NodeSettings.HttpTls tls = settings.httpTls();
    if (!tls.enabled()) {
      return Optional.empty();
    }
    try {
      return Optional.of(ApiTls.fromPemFiles(tls.certFile().get(), tls.keyFile().get()));
    } catch (IllegalArgumentException e) {
      throw new InvalidSettingException("KMS_TLS_CERT_FILE / KMS_TLS_KEY_FILE: " + e.getMessage());
    }
  }

  private static void awaitTermination(ActorSystem<Void> system) {
    try {
      system.getWhenTerminated().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      // Terminating anyway; nothing more to release here.
    }
  }
}
