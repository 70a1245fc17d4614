package com.verenc.kms.node.key;

import com.verenc.kms.crypto.CryptoException;
import com.verenc.kms.node.async.Failures;
import com.verenc.kms.node.auth.KeyPolicies;
import com.verenc.kms.node.key.KeyCommand.Create;
import com.verenc.kms.node.key.KeyCommand.ProvisionDefault;
import com.verenc.kms.node.key.KeyEntityState.Absent;
import com.verenc.kms.node.key.KeyEntityState.Live;
import com.verenc.kms.node.key.KeyInternal.SecretCreated;
import com.verenc.kms.node.key.model.KeyIdentity;
import com.verenc.kms.node.key.model.KeyManager;
import com.verenc.kms.node.key.model.KeySpec;
import com.verenc.kms.node.key.model.MaterialVersion;
import com.verenc.kms.node.key.model.Origin;
import com.verenc.kms.node.replication.ReplicaSeed;
import com.verenc.kms.protocol.ErrorCode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;

/**
 * Creating a key here: CreateKey, and the platform's Default Organization Key with a replica in
 * every zone. The key's secret is stored first, off the entity's thread, then the creation event is
 * persisted; commands arriving meanwhile wait.
 */
final class CreationHandlers extends KeyHandlers {
  private static final String DEFAULT_KEY_DESCRIPTION = "Default Organization Key";

  CreationHandlers(KeyScope scope) {
    super(scope);
  }

  static void registerOutcomes(HandlerTable.Registrar<CreationHandlers> builder) {
    builder
        .forStateType(Absent.class)
        .onCommand(SecretCreated.class, CreationHandlers::secretCreated);
  }

  static void register(HandlerTable.Registrar<CreationHandlers> builder) {
    builder
        .forStateType(Absent.class)
        .onCommand(Create.class, CreationHandlers::create)
        .onCommand(ProvisionDefault.class, (h, state, cmd) -> h.awaitSecret(cmd));
    builder
        .forStateType(Live.class)
        .onCommand(
            Create.class,
            (h, state, cmd) ->
                h.reject(
                    cmd,
                    new Rejection(
                        ErrorCode.ALREADY_EXISTS,
                        "A key with id " + h.scope.keyId + " already exists")))
        .onCommand(
            ProvisionDefault.class,
            (h, state, cmd) -> h.provisionReplicas(state.key(), cmd, List.of()));
  }

  private ReplyEffect<KeyEvent, KeyEntityState> create(Absent state, Create cmd) {
    if (!cmd.bypassLockoutCheck() && scope.policy.locksOut(cmd.policy(), cmd.accountId())) {
      return reject(cmd, rejections.lockout());
    }
    return awaitSecret(cmd);
  }

  /**
   * The reply comes once the first material is generated and the secret stored ({@link
   * SecretCreated}); until then, every command waits. Both happen off the entity's thread: an
   * RSA_4096 pair takes seconds of CPU.
   */
  private ReplyEffect<KeyEvent, KeyEntityState> awaitSecret(KeyCommand<?> creating) {
    scope.creating(true);
    KeySpec spec = specOf(creating);
    boolean imported = creating instanceof Create cmd && cmd.origin() == Origin.EXTERNAL;
    CompletionStage<byte[]> material =
        imported
            ? CompletableFuture.completedFuture(null)
            : CompletableFuture.supplyAsync(spec.type()::newMaterial, KEY_GENERATION);
    scope.actor.pipeToSelf(
        material.thenCompose(
            m ->
                scope
                    .io
                    .call(() -> scope.ctx.secrets().createOrLoad(scope.persistenceId))
                    .thenApply(secret -> new SecretCreated(creating, secret, m, null))),
        (created, failure) ->
            failure == null
                ? created
                : new SecretCreated(creating, null, null, Failures.cause(failure)));
    return effect().noReply();
  }

  private static KeySpec specOf(KeyCommand<?> creating) {
    return creating instanceof Create cmd && cmd.keySpec() != null
        ? cmd.keySpec()
        : KeySpec.SYMMETRIC_DEFAULT;
  }

  private ReplyEffect<KeyEvent, KeyEntityState> secretCreated(Absent state, SecretCreated created) {
    scope.creating(false);
    if (created.failure() != null) {
      boolean generation = created.failure() instanceof CryptoException;
      scope
          .actor
          .getLog()
          .error(
              "Key {}: its {} failed; the key was not created: {}",
              scope.keyId,
              generation ? "material generation" : "secret could not be stored",
              created.failure().getMessage());
      return reject(
              created.creating(),
              generation ? rejections.cryptoFailure() : rejections.databaseUnavailable())
          .thenUnstashAll();
    }
    scope.materials.adopt(created.secret());
    if (created.creating() instanceof Create cmd) {
      KeySpec spec = specOf(cmd);
      KeyIdentity identity =
          new KeyIdentity(
              cmd.accountId(),
              scope.keyId,
              scope.now(),
              spec,
              cmd.keyUsage() == null ? spec.type().defaultUsage() : cmd.keyUsage(),
              cmd.origin() == null ? Origin.AWS_KMS : cmd.origin(),
              KeyManager.CUSTOMER,
              cmd.multiRegion());
      KeyEvent event =
          keyCreated(
              identity,
              new KeySettings(true, cmd.description(), cmd.tags(), cmd.policy()),
              created.material());
      return persistTracked(event)
          .thenRun(s -> scope.ctx.onKeyPresent().keyPresent(cmd.accountId(), scope.keyId))
          .thenReply(cmd.replyTo(), s -> KeyReply.ok(scope.metadata(key(s))))
          .thenUnstashAll();
    }
    ProvisionDefault cmd = (ProvisionDefault) created.creating();
    KeyIdentity identity =
        new KeyIdentity(
            cmd.accountId(),
            scope.keyId,
            scope.now(),
            KeySpec.SYMMETRIC_DEFAULT,
            KeySpec.SYMMETRIC_DEFAULT.type().defaultUsage(),
            Origin.AWS_KMS,
            KeyManager.AWS,
            true);
    KeySettings settings =
        new KeySettings(
            true, DEFAULT_KEY_DESCRIPTION, Map.of(), KeyPolicies.defaultFor(cmd.accountId()));
    KeyEvent event = keyCreated(identity, settings, created.material());
    KeyRecord key = KeyRecord.created((KeyEvent.KeyCreated) event, scope.ctx.zone());
    return provisionReplicas(key, cmd, List.of(event)).thenUnstashAll();
  }

  /** {@code material} null: a key whose material will be imported, created without any. */
  private KeyEvent keyCreated(KeyIdentity identity, KeySettings settings, byte[] material) {
    Instant at = identity.createdAt();
    MaterialVersion first = material == null ? null : scope.materials.add(material, 1, at, null);
    return new KeyEvent.KeyCreated(at, identity, settings, first);
  }

  /**
   * Gives the account's Default Organization Key, primary here, a replica in every zone named that
   * lacks one (zones added to the installation later included), after {@code creation}.
   */
  private ReplyEffect<KeyEvent, KeyEntityState> provisionReplicas(
      KeyRecord key, ProvisionDefault cmd, List<KeyEvent> creation) {
    KeyAnswer.Done done = scope.done(key);
    List<KeyEvent> events = new ArrayList<>(creation);
    if (key.accountId().equals(cmd.accountId()) && key.isPrimary()) {
      Instant now = scope.now();
      ReplicaSeed seed =
          new ReplicaSeed(key.settings().description(), key.settings().policy(), Map.of());
      for (String zone : cmd.zones()) {
        if (!zone.equals(scope.ctx.zone()) && !key.replication().replicaZones().contains(zone)) {
          events.add(new KeyEvent.ReplicaAdded(now, zone, seed));
        }
      }
    }
    if (events.isEmpty()) {
      return reply(cmd, done);
    }
    return persistTracked(events)
        .thenRun(s -> scope.ctx.onKeyPresent().keyPresent(cmd.accountId(), scope.keyId))
        .thenReply(cmd.replyTo(), s -> KeyReply.ok(done));
  }
}
