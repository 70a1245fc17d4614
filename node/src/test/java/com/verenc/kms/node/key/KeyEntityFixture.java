package com.verenc.kms.node.key;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.verenc.kms.crypto.RandomBytes;
import com.verenc.kms.node.key.model.KeySpec;
import com.verenc.kms.node.key.model.KeyUsage;
import com.verenc.kms.node.key.model.Origin;
import com.verenc.kms.node.replication.ReplicaSeed;
import com.verenc.kms.node.replication.Role;
import com.verenc.kms.node.replication.SharedState;
import com.verenc.kms.node.replication.SharedVersion;
import com.verenc.kms.node.replication.SharedVersionIndex;
import com.verenc.kms.node.replication.UnacknowledgedPushes;
import com.verenc.kms.protocol.Arns;
import com.verenc.kms.protocol.ErrorCode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;

/**
 * A key entity alone, without cluster or database: in-memory ports for its secrets, schedule index
 * and replica transport, a clock the test moves, and Pekko's event-sourced test kit.
 */
final class KeyEntityFixture {
  static final String ACCOUNT = "111122223333";
  static final String OTHER_ACCOUNT = "444455556666";
  static final Config CONFIG =
      ConfigFactory.parseString("kms.resident-keys = on")
          .withFallback(EventSourcedBehaviorTestKit.config())
          .withFallback(ConfigFactory.parseResources("serialization.conf"))
          .withFallback(ConfigFactory.defaultReference())
          .resolve();

  final MovableClock clock = new MovableClock(Instant.parse("2026-01-01T00:00:00Z"));
  final MemoryVault vault = new MemoryVault();
  final MemorySchedule schedule = new MemorySchedule();
  final ScriptedTransport transport = new ScriptedTransport();
  final MemoryVersions versions = new MemoryVersions();
  final UnacknowledgedPushes unacknowledged = new UnacknowledgedPushes();
  final List<String> destroyed = new CopyOnWriteArrayList<>();
  final MemoryGrantIndex grantIndex = new MemoryGrantIndex();
  final String zone;
  final String keyId;
  final Arns arns;
  final EventSourcedBehaviorTestKit<KeyMessage, KeyEvent, KeyEntityState> kit;

  KeyEntityFixture(ActorTestKit testKit, String zone, String keyId) {
    this.zone = zone;
    this.keyId = keyId;
    this.arns = Arns.of(com.verenc.kms.protocol.Dialect.AWS, "aws", zone);
    KeyEntityContext ctx =
        context(
            zone,
            clock,
            vault,
            schedule,
            versions,
            transport,
            unacknowledged,
            (account, id) -> destroyed.add(id),
            grantIndex);
    this.kit = EventSourcedBehaviorTestKit.create(testKit.system(), KeyEntity.create(keyId, ctx));
  }

  /**
   * An entity's context over the given in-memory ports: database work runs in place, pushes back
   * off for at most 1 s.
   */
  static KeyEntityContext context(
      String zone,
      Clock clock,
      MemoryVault vault,
      MemorySchedule schedule,
      MemoryVersions versions,
      ScriptedTransport transport,
      UnacknowledgedPushes unacknowledged,
      KeyEntityContext.KeyDestroyedListener onDestroyed) {
    return context(
        zone,
        clock,
        vault,
        schedule,
        versions,
        transport,
        unacknowledged,
        onDestroyed,
        new MemoryGrantIndex());
  }

  /** As above, with the grant index the test reads. */
  static KeyEntityContext context(
      String zone,
      Clock clock,
      MemoryVault vault,
      MemorySchedule schedule,
      MemoryVersions versions,
      ScriptedTransport transport,
      UnacknowledgedPushes unacknowledged,
      KeyEntityContext.KeyDestroyedListener onDestroyed,
      MemoryGrantIndex grantIndex) {
    return new KeyEntityContext(
        zone,
        Arns.of(com.verenc.kms.protocol.Dialect.AWS, "aws", zone),
        clock,
        vault,
        schedule,
        versions,
        transport,
        Runnable::run,
        Duration.ofSeconds(1),
        (z, lag) -> {},
        unacknowledged,
        onDestroyed,
        (account, id) -> {},
        principal -> com.verenc.kms.node.auth.IdentityPolicy.NONE,
        grantIndex);
  }

  /** The owner's CreateKey of a symmetric key with the default key policy. */
  static KeyCommand.Create createCommand(
      boolean multiRegion, ActorRef<KeyReply<KeyAnswer.Metadata>> replyTo) {
    return new KeyCommand.Create(
        ACCOUNT,
        "test key",
        KeySpec.SYMMETRIC_DEFAULT,
        KeyUsage.ENCRYPT_DECRYPT,
        Origin.AWS_KMS,
        multiRegion,
        com.verenc.kms.node.auth.KeyPolicies.defaultFor(ACCOUNT),
        false,
        Map.of(),
        replyTo);
  }

  KeyAnswer.Metadata create(boolean multiRegion) {
    return ok(
        kit.<KeyReply<KeyAnswer.Metadata>>runCommand(replyTo -> createCommand(multiRegion, replyTo))
            .reply());
  }

  /**
   * The owner's ReplicateKey to {@code toZone}, with the seed's description, policy and tags (null:
   * the primary's).
   */
  KeyAnswer.ReplicaCreated replicate(String toZone, ReplicaSeed seed) {
    return ok(
        this.<KeyAnswer.ReplicaCreated>ask(
            replyTo ->
                new KeyCommand.Replicate(
                    ACCOUNT,
                    toZone,
                    seed == null ? null : seed.description(),
                    seed == null ? null : seed.policy(),
                    seed == null ? null : seed.tags(),
                    replyTo)));
  }

  String policy() {
    return com.verenc.kms.node.auth.KeyPolicies.defaultFor(ACCOUNT);
  }

  String arn() {
    return arns.key(ACCOUNT, keyId);
  }

  <A extends KeyAnswer> KeyReply<A> ask(Function<ActorRef<KeyReply<A>>, KeyCommand<A>> command) {
    return kit.<KeyReply<A>>runCommand(command::apply).reply();
  }

  /**
   * Runs a command that must be refused with {@code code} and persist nothing; answers the
   * refusal's message.
   */
  <A extends KeyAnswer> String refusal(
      ErrorCode code, Function<ActorRef<KeyReply<A>>, KeyCommand<A>> command) {
    var result = kit.<KeyReply<A>>runCommand(command::apply);
    assertTrue(result.hasNoEvents(), () -> "refused, yet persisted " + result.events());
    return rejected(result.reply(), code).message();
  }

  KeyAnswer.Metadata describe() {
    return ok(ask(replyTo -> new KeyCommand.Describe(ACCOUNT, replyTo)));
  }

  String persistenceId() {
    return KeyEntity.persistenceId(zone, keyId).id();
  }

  /** The key as the entity holds it now (it must be live). */
  KeyRecord live() {
    return assertInstanceOf(KeyEntityState.Live.class, kit.getState()).key();
  }

  /**
   * Every event persisted for this entity, oldest first, including those of work it did on its own.
   */
  List<KeyEvent> journal() {
    return kit.persistenceTestKit().persistedInStorage(persistenceId()).stream()
        .map(KeyEvent.class::cast)
        .toList();
  }

  /** This key's row of the schedule index; null when it has none. */
  MemorySchedule.Row scheduleRow() {
    return schedule.rows.get(persistenceId());
  }

  /** Waits until every other zone of the key's set has acknowledged its current shared state. */
  void awaitReplicasAcknowledged() {
    await(
        "every zone acknowledges " + keyId + " in " + zone,
        () -> live().replication().pendingZones(zone).isEmpty());
  }

  /** Waits for a push to {@code zone} that passes {@code test}; answers the latest such push. */
  ScriptedTransport.Push awaitPush(String toZone, Predicate<ScriptedTransport.Push> test) {
    await("a push to " + toZone, () -> transport.to(toZone).stream().anyMatch(test));
    List<ScriptedTransport.Push> matching = transport.to(toZone).stream().filter(test).toList();
    return matching.get(matching.size() - 1);
  }

  /**
   * Waits, at most five seconds, until {@code condition} holds: for what the entity does on its
   * own.
   */
  static void await(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        fail("timed out waiting until " + what);
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        fail("interrupted waiting until " + what);
      }
    }
  }

  KeyAnswer.Ciphertext encrypt(String plaintext) {
    return ok(
        ask(
            replyTo ->
                new KeyCommand.Encrypt(
                    new CryptoRequest.EncryptRequest(
                        ACCOUNT, "kms:Encrypt", plaintext.getBytes(), Map.of()),
                    replyTo)));
  }

  KeyReply<KeyAnswer.Plaintext> decrypt(byte[] blob) {
    return ask(
        replyTo ->
            new KeyCommand.Decrypt(
                new CryptoRequest.DecryptRequest(ACCOUNT, "kms:Decrypt", blob, Map.of()), replyTo));
  }

  @SuppressWarnings("unchecked")
  static <A extends KeyAnswer> A ok(KeyReply<A> reply) {
    return ((KeyReply.Ok<A>)
            assertInstanceOf(KeyReply.Ok.class, reply, () -> "expected an answer, got " + reply))
        .answer();
  }

  static KeyReply.Rejected<?> rejected(KeyReply<?> reply, ErrorCode code) {
    KeyReply.Rejected<?> rejected =
        assertInstanceOf(KeyReply.Rejected.class, reply, () -> "expected " + code);
    assertEquals(code, rejected.code(), rejected::message);
    return rejected;
  }

  /** A clock the test moves. */
  static final class MovableClock extends Clock {
    private volatile Instant now;

    MovableClock(Instant start) {
      this.now = start;
    }

    void advance(Duration by) {
      now = now.plus(by);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }

  /** Secrets in memory, "wrapped under the master key" by a marker prefix; can be made to fail. */
  static final class MemoryVault implements SecretVault {
    final Map<String, byte[]> secrets = new ConcurrentHashMap<>();
    final AtomicBoolean failing = new AtomicBoolean();

    @Override
    public byte[] createOrLoad(String persistenceId) {
      check();
      return secrets.computeIfAbsent(persistenceId, id -> RandomBytes.next(32)).clone();
    }

    @Override
    public Optional<byte[]> load(String persistenceId) {
      check();
      return Optional.ofNullable(secrets.get(persistenceId)).map(byte[]::clone);
    }

    @Override
    public Optional<byte[]> exportWrapped(String persistenceId) {
      return load(persistenceId);
    }

    @Override
    public void importWrapped(String persistenceId, byte[] wrapped) {
      check();
      secrets.put(persistenceId, wrapped.clone());
    }

    @Override
    public void erase(String persistenceId) {
      check();
      secrets.remove(persistenceId);
    }

    private void check() {
      if (failing.get()) {
        throw new IllegalStateException("zone database unavailable");
      }
    }
  }

  /** The schedule index as rows in memory. */
  static final class MemorySchedule implements ScheduleIndex {
    record Row(
        Instant deletionDate,
        Instant nextRotation,
        Instant nextPush,
        Instant materialExpiry,
        long seqNr) {}

    final Map<String, Row> rows = new ConcurrentHashMap<>();
    final AtomicBoolean failing = new AtomicBoolean();

    @Override
    public synchronized void record(String persistenceId, long seqNr, ScheduleDates dates) {
      if (failing.get()) {
        throw new IllegalStateException("zone database unavailable");
      }
      Row current = rows.get(persistenceId);
      if (current != null && current.seqNr() > seqNr) {
        return;
      }
      if (dates.isEmpty()) {
        rows.remove(persistenceId);
      } else {
        rows.put(
            persistenceId,
            new Row(
                dates.deletionDate(),
                dates.nextRotation(),
                dates.nextPush(),
                dates.materialExpiry(),
                seqNr));
      }
    }

    @Override
    public void ensure(String persistenceId, long seqNr, ScheduleDates dates) {
      record(persistenceId, seqNr, dates);
    }

    @Override
    public void remove(String persistenceId) {
      rows.remove(persistenceId);
    }
  }

  /** The shared-version index as rows in memory. */
  static final class MemoryVersions implements SharedVersionIndex {
    final Map<String, List<SharedVersion>> rows = new ConcurrentHashMap<>();

    @Override
    public void record(String keyId, long seqNr, List<SharedVersion> keyRows) {
      rows.put(keyId, List.copyOf(keyRows));
    }

    @Override
    public void ensure(String keyId, long seqNr, List<SharedVersion> keyRows) {
      record(keyId, seqNr, keyRows);
    }

    @Override
    public void remove(String keyId) {
      rows.remove(keyId);
    }

    @Override
    public Map<String, Integer> versions(String peerZone, Role role) {
      Map<String, Integer> versions = new HashMap<>();
      rows.values().stream()
          .flatMap(List::stream)
          .filter(row -> row.peerZone().equals(peerZone) && row.role() == role)
          .forEach(row -> versions.put(row.keyId(), row.version()));
      return versions;
    }
  }

  /**
   * Records each push; answers with the version pushed (or a replica's answer the test sets) unless
   * a zone is set to fail. Records the versions replicas report to their primaries.
   */
  static final class ScriptedTransport implements ReplicaTransport {
    /** One push, and when it was sent ({@link System#nanoTime}), to measure back-offs. */
    record Push(String zone, SharedState state, ReplicaSeed seed, long sentAtNanos) {}

    /** A replica's report of the version it holds, to its primary's zone. */
    record Report(String zone, String keyId, KeyNotice.ReplicaHolds held) {}

    final List<Push> pushes = new CopyOnWriteArrayList<>();
    final List<Report> reports = new CopyOnWriteArrayList<>();
    final Map<String, Integer> failuresLeft = new HashMap<>();
    final Map<String, Integer> answers = new HashMap<>();

    @Override
    public synchronized CompletionStage<Integer> push(
        String zone, SharedState state, ReplicaSeed seed) {
      pushes.add(new Push(zone, state, seed, System.nanoTime()));
      int left = failuresLeft.getOrDefault(zone, 0);
      if (left > 0) {
        failuresLeft.put(zone, left - 1);
        return CompletableFuture.failedFuture(new IllegalStateException(zone + " did not answer"));
      }
      return CompletableFuture.completedFuture(answers.getOrDefault(zone, state.version()));
    }

    @Override
    public void report(String zone, String keyId, KeyNotice.ReplicaHolds held) {
      reports.add(new Report(zone, keyId, held));
    }

    synchronized void failNext(String zone, int times) {
      failuresLeft.put(zone, times);
    }

    /** {@code zone} answers every push that it holds {@code version}, whatever was pushed. */
    synchronized void answer(String zone, int version) {
      answers.put(zone, version);
    }

    List<Push> to(String zone) {
      List<Push> all = new ArrayList<>();
      pushes.stream().filter(p -> p.zone().equals(zone)).forEach(all::add);
      return all;
    }
  }
}
