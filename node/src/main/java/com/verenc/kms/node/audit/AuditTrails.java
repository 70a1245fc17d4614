package com.verenc.kms.node.audit;

import com.verenc.kms.crypto.audit.AuditSeal;
import com.verenc.kms.crypto.masterkey.MasterKey;
import com.verenc.kms.node.config.AuditSettings;
import com.verenc.kms.node.config.InvalidSettingException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import javax.sql.DataSource;
import org.apache.pekko.Done;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.typed.Cluster;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts a node's audit trail as {@code kms.audit} says, in two steps: {@link #open} before the
 * node starts, so that an audit directory in use or damaged stops the start with a message saying
 * what to fix; {@link #start} once the node knows its cluster address, which names it in its
 * records (and names its chain in the database).
 */
public final class AuditTrails {
  private static final Logger log = LoggerFactory.getLogger(AuditTrails.class);
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

  private final AuditSettings settings;
  private final Optional<FileSink> files;
  private final Optional<ChainEnd> filesEnd;

  private AuditTrails(
      AuditSettings settings, Optional<FileSink> files, Optional<ChainEnd> filesEnd) {
    this.settings = settings;
    this.files = files;
    this.filesEnd = filesEnd;
  }

  /**
   * Opens the file sink's directory (locked while the node runs) and finds where its chain stands.
   *
   * @throws InvalidSettingException when the directory cannot be used, another node uses it, or its
   *     last record is damaged
   */
  public static AuditTrails open(AuditSettings settings) {
    if (settings.sink() != AuditSettings.Sink.FILE) {
      return new AuditTrails(settings, Optional.empty(), Optional.empty());
    }
    FileSink sink = FileSink.open(settings.dir(), settings.maxFileSize());
    try {
      return new AuditTrails(settings, Optional.of(sink), sink.resume());
    } catch (IOException e) {
      closeQuietly(sink);
      throw new InvalidSettingException(
          "the audit directory " + settings.dir() + " (KMS_AUDIT_LOG) cannot be read: " + e);
    } catch (RuntimeException e) {
      closeQuietly(sink);
      throw e;
    }
  }

  /**
   * Starts the writer, which records the node's start; closed at the end of the node's shutdown,
   * after the last request was answered.
   *
   * @param database the zone database, for {@code sink = database}
   */
  public AuditTrail start(
      ActorSystem<?> system, String zone, MasterKey masterKey, DataSource database, Clock clock) {
    if (settings.sink() == AuditSettings.Sink.OFF) {
      log.warn(
          "The audit trail is off (kms.audit.sink = off): API requests are not recorded. Set "
              + "KMS_AUDIT_SINK=file or database in production.");
      return new AuditTrail.Off();
    }
    ChainedTrail trail =
        startChain(
            zone, nodeName(Cluster.get(system).selfMember().address()), masterKey, database, clock);
    CoordinatedShutdown.get(system)
        .addTask(
            CoordinatedShutdown.PhaseBeforeActorSystemTerminate(),
            "audit-trail-close",
            () ->
                CompletableFuture.supplyAsync(
                    () -> {
                      trail.close(CLOSE_TIMEOUT);
                      return Done.getInstance();
                    }));
    return trail;
  }

  /** The chain on the opened directory, or on the database's table under the node's name. */
  ChainedTrail startChain(
      String zone, String node, MasterKey masterKey, DataSource database, Clock clock) {
    AuditSink sink = files.<AuditSink>map(f -> f).orElseGet(() -> new DatabaseSink(database, node));
    try {
      Optional<ChainEnd> end = files.isPresent() ? filesEnd : sink.resume();
      ChainedTrail trail = chain(sink, end, zone, node, masterKey, clock, settings);
      log.info("Audit trail in {} ({})", sink.describe(), settings.durability());
      return trail;
    } catch (IOException e) {
      closeQuietly(sink);
      throw new UncheckedIOException("cannot start the audit trail in " + sink.describe(), e);
    }
  }

  /** Continues the sink's chain from {@code end}, signing under the master key's derived key. */
  static ChainedTrail chain(
      AuditSink sink,
      Optional<ChainEnd> end,
      String zone,
      String node,
      MasterKey masterKey,
      Clock clock,
      AuditSettings settings)
      throws IOException {
    byte[] signingKey = AuditSeal.signingKey(masterKey);
    try {
      AuditJson json = new AuditJson(zone, node);
      ChainHead head =
          new ChainHead(new AuditSeal(signingKey), json, masterKey.id().toString(), end);
      return ChainedTrail.start(sink, end, head, json, clock, settings);
    } finally {
      Arrays.fill(signingKey, (byte) 0);
    }
  }

  /** Releases the audit directory of a node that did not start. */
  public void abandon() {
    files.ifPresent(AuditTrails::closeQuietly);
  }

  /** host:port of the node's cluster address: the node's name in its records. */
  static String nodeName(Address address) {
    return address.getHost().orElse("local") + ":" + address.getPort().orElse(0);
  }

  private static void closeQuietly(AuditSink sink) {
    try {
      sink.close();
    } catch (IOException e) {
      log.warn("Cannot close the audit trail in {}: {}", sink.describe(), e.toString());
    }
  }
}
