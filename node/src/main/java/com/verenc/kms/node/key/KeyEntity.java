package com.verenc.kms.node.key;

import com.verenc.kms.crypto.CiphertextBlob;
import com.verenc.kms.crypto.CryptoException;
import com.verenc.kms.crypto.Envelope;
import com.verenc.kms.crypto.InvalidCiphertextException;
import com.verenc.kms.crypto.RandomBytes;
import com.verenc.kms.node.auth.KeyPolicy;
import com.verenc.kms.node.persistence.DatabaseUnavailableException;
import com.verenc.kms.node.auth.PolicyDecision;
import com.verenc.kms.node.key.KeyCommand.ApplyReplica;
import com.verenc.kms.node.key.KeyCommand.Authorize;
import com.verenc.kms.node.key.KeyCommand.ProvisionDefault;
import com.verenc.kms.node.key.KeyCommand.PushPending;
import com.verenc.kms.node.key.KeyCommand.PushResult;
import com.verenc.kms.node.key.KeyCommand.Replicate;
import com.verenc.kms.node.key.KeyCommand.UpdatePrimary;
import com.verenc.kms.node.key.KeyCommand.CancelDeletion;
import com.verenc.kms.node.key.KeyCommand.Create;
import com.verenc.kms.node.key.KeyCommand.Decrypt;
import com.verenc.kms.node.key.KeyCommand.Describe;
import com.verenc.kms.node.key.KeyCommand.DestroyIfDue;
import com.verenc.kms.node.key.KeyCommand.Disable;
import com.verenc.kms.node.key.KeyCommand.DisableRotation;
import com.verenc.kms.node.key.KeyCommand.EnableRotation;
import com.verenc.kms.node.key.KeyCommand.GetRotationStatus;
import com.verenc.kms.node.key.KeyCommand.ListRotations;
import com.verenc.kms.node.key.KeyCommand.RotateIfDue;
import com.verenc.kms.node.key.KeyCommand.RotateOnDemand;
import com.verenc.kms.node.key.KeyCommand.Enable;
import com.verenc.kms.node.key.KeyCommand.Encrypt;
import com.verenc.kms.node.key.KeyCommand.FromCaller;
import com.verenc.kms.node.key.KeyCommand.GenerateDataKey;
import com.verenc.kms.node.key.KeyCommand.GetPolicy;
import com.verenc.kms.node.key.KeyCommand.ListTags;
import com.verenc.kms.node.key.KeyCommand.PutPolicy;
import com.verenc.kms.node.key.KeyCommand.ScheduleDeletion;
import com.verenc.kms.node.key.KeyCommand.Tag;
import com.verenc.kms.node.key.KeyCommand.Untag;
import com.verenc.kms.node.key.KeyCommand.UpdateDescription;
import com.verenc.kms.node.key.KeyEntityState.Absent;
import com.verenc.kms.node.key.KeyEntityState.Destroyed;
import com.verenc.kms.node.key.KeyEntityState.Live;
import com.verenc.kms.protocol.Arns;
import com.verenc.kms.protocol.ErrorCode;
import com.verenc.kms.protocol.KmsException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.PreRestart;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;

/**
 * One KMS key in one zone: a sharded, event-sourced entity that decides every change to the
 * key and performs its cryptography, so unwrapped material never leaves the entity.
 */
public final class KeyEntity
    extends EventSourcedBehaviorWithEnforcedReplies<KeyCommand, KeyEvent, KeyEntityState> {

  public static final EntityTypeKey<KeyCommand> TYPE_KEY = EntityTypeKey.create(KeyCommand.class, "Key");
  static final String DEFAULT_KEY_USAGE = "ENCRYPT_DECRYPT";
  static final String DEFAULT_KEY_SPEC = "SYMMETRIC_DEFAULT";
  static final int DEFAULT_ROTATION_PERIOD_DAYS = 365;
  static final int MAX_ON_DEMAND_ROTATIONS = 10;
  static final String CUSTOMER_MANAGED = "CUSTOMER";
  /** The Default Organization Key: created, rotated and replicated by the platform. */
  static final String PLATFORM_MANAGED = "AWS";
  /** What nobody may do to a platform-managed key. */
  private static final Set<Class<?>> REFUSED_ON_PLATFORM_KEYS = Set.of(RotateOnDemand.class, EnableRotation.class,
      DisableRotation.class, Disable.class, ScheduleDeletion.class, CancelDeletion.class, PutPolicy.class,
      Replicate.class, UpdatePrimary.class, Tag.class, Untag.class, UpdateDescription.class);

  private final String keyId;
  private final KeyEntityContext ctx;
  private final KeyMaterials materials;
  private final String persistenceId;
  private final ActorContext<KeyCommand> actor;
  private final ReplicaPushes pushes;
  private final ResidentKeys resident;
  /** The state and number of unwrapped versions last published to {@link #resident}; null when withdrawn. */
  private KeyRecord publishedFrom;
  private int publishedVersions;
  /** The parsed form of the key's current policy, kept so a request does not re-parse JSON. */
  private KeyPolicy policy;
  private String policySource;

  public static void init(ActorSystem<?> system, KeyEntityContext ctx) {
    ClusterSharding.get(system).init(
        Entity.of(TYPE_KEY, entity -> create(entity.getEntityId(), ctx))
            .withEntityProps(DispatcherSelector.fromConfig("kms-key-dispatcher")));
  }

  /** A proxy-only region for the key shards of another zone (data centre). */
  public static void initProxy(ActorSystem<?> system, String zone) {
    ClusterSharding.get(system).init(Entity.of(TYPE_KEY, entity -> Behaviors.<KeyCommand>empty()).withDataCenter(zone));
  }

  /** Zone-qualified, so zones sharing a database by mistake never write the same stream. */
  public static PersistenceId persistenceId(String zone, String keyId) {
    return PersistenceId.ofUniqueId("key|" + zone + "|" + keyId);
  }

  public static Behavior<KeyCommand> create(String keyId, KeyEntityContext ctx) {
    return Behaviors.setup(actor -> new KeyEntity(keyId, ctx, actor));
  }

  private KeyEntity(String keyId, KeyEntityContext ctx, ActorContext<KeyCommand> actor) {
    super(
        persistenceId(ctx.zone(), keyId),
        SupervisorStrategy.restartWithBackoff(Duration.ofMillis(200), Duration.ofSeconds(5), 0.2));
    this.keyId = keyId;
    this.ctx = ctx;
    this.actor = actor;
    this.persistenceId = persistenceId(ctx.zone(), keyId).id();
    this.materials = new KeyMaterials(ctx.secrets(), persistenceId);
    this.pushes = new ReplicaPushes(actor, ctx, keyId, persistenceId);
    this.resident = ResidentKeys.get(actor.getSystem());
  }

  @Override
  public KeyEntityState emptyState() {
    return new Absent();
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    // Snapshots speed up recovery; events are never deleted (see DESIGN.md, journal gaps).
    return RetentionCriteria.snapshotEvery(100, 2);
  }

  @Override
  public SignalHandler<KeyEntityState> signalHandler() {
    return newSignalHandlerBuilder()
        // The journal is the authority on deletion and rotation dates; make the sweepers' index agree,
        // and resume pushes a replica zone has not acknowledged.
        .onSignal(RecoveryCompleted.instance(), state -> {
          ensureSchedule(state);
          startPushes(state);
          if (state instanceof Live live) {
            ctx.onKeyPresent().keyPresent(live.key().accountId(), keyId);
          }
        })
        .onSignal(PostStop.instance(), state -> {
          withdrawResident();
          materials.forget();
        })
        .onSignal(PreRestart.instance(), state -> withdrawResident())
        .build();
  }

  // ---------------------------------------------------------------- commands

  @Override
  public CommandHandlerWithReply<KeyCommand, KeyEvent, KeyEntityState> commandHandler() {
    var builder = newCommandHandlerWithReplyBuilder();
    builder.forState(this::pastDeletionDate).onAnyCommand(this::destroyNow);
    builder.forStateType(Absent.class)
        .onCommand(Create.class, this::create)
        .onCommand(ProvisionDefault.class, this::provisionDefault)
        .onCommand(ApplyReplica.class, this::createReplica)
        .onCommand(DestroyIfDue.class, (state, cmd) -> Effect().noReply())
        .onCommand(RotateIfDue.class, (state, cmd) -> Effect().noReply())
        .onAnyCommand((state, cmd) -> reject(cmd, notFound(cmd)));
    builder.forStateType(Destroyed.class)
        .onCommand(DestroyIfDue.class, this::shredAgain)
        // Nothing to apply: the key is gone here too. Acknowledge so the pusher stops.
        .onCommand(ApplyReplica.class, (state, cmd) -> Effect().reply(cmd.replyTo(),
            new KeyReply.ReplicaAck(ctx.zone(), cmd.state().version())))
        .onCommand(RotateIfDue.class, (state, cmd) -> Effect().noReply())
        .onAnyCommand((state, cmd) -> reject(cmd, notFound(cmd)));
    builder.forStateType(Live.class)
        .onCommand(DestroyIfDue.class, (state, cmd) -> Effect().noReply())
        .onCommand(RotateIfDue.class, this::rotateIfDue)
        .onCommand(ProvisionDefault.class, this::provisionDefault)
        .onCommand(ApplyReplica.class, this::applyReplica)
        .onCommand(PushPending.class, (state, cmd) -> {
          startPushes(state);
          return Effect().noReply();
        })
        .onCommand(PushResult.class, this::pushResult)
        .onCommand(Create.class, (state, cmd) -> reject(cmd, new KeyReply.Rejected(
            ErrorCode.ALREADY_EXISTS, "A key with id " + keyId + " already exists")))
        .onCommand(Describe.class, owned((key, cmd) -> Effect().reply(cmd.replyTo(), metadata(key))))
        .onCommand(Authorize.class, owned((key, cmd) -> Effect().reply(cmd.replyTo(), metadata(key))))
        .onCommand(Encrypt.class, owned(this::encrypt))
        .onCommand(Decrypt.class, owned(this::decrypt))
        .onCommand(GenerateDataKey.class, owned(this::generateDataKey))
        .onCommand(Enable.class, owned(this::enable))
        .onCommand(Disable.class, owned(this::disable))
        .onCommand(ScheduleDeletion.class, owned(this::scheduleDeletion))
        .onCommand(CancelDeletion.class, owned(this::cancelDeletion))
        .onCommand(UpdateDescription.class, owned(this::updateDescription))
        .onCommand(Tag.class, owned(this::tag))
        .onCommand(Untag.class, owned(this::untag))
        .onCommand(ListTags.class, owned((key, cmd) -> Effect().reply(cmd.replyTo(), new KeyReply.Tags(key.tags()))))
        .onCommand(GetPolicy.class, owned((key, cmd) -> Effect().reply(cmd.replyTo(), new KeyReply.Policy(key.policy()))))
        .onCommand(PutPolicy.class, owned(this::putPolicy))
        .onCommand(EnableRotation.class, owned(this::enableRotation))
        .onCommand(DisableRotation.class, owned(this::disableRotation))
        .onCommand(GetRotationStatus.class, owned((key, cmd) -> Effect().reply(cmd.replyTo(), rotationStatus(key))))
        .onCommand(RotateOnDemand.class, owned(this::rotateOnDemand))
        .onCommand(ListRotations.class, owned((key, cmd) -> Effect().reply(cmd.replyTo(), rotations(key))))
        .onCommand(Replicate.class, owned(this::replicate))
        .onCommand(UpdatePrimary.class, owned(this::updatePrimary));
    return builder.build();
  }

  private ReplyEffect<KeyEvent, KeyEntityState> create(Absent state, Create cmd) {
    if (!cmd.bypassLockoutCheck() && locksOut(cmd.policy(), cmd.accountId())) {
      return reject(cmd, lockoutRefusal());
    }
    KeyRecord key = newKey(cmd.accountId(), cmd.description(), cmd.keyUsage(), cmd.keySpec(), cmd.origin(),
        CUSTOMER_MANAGED, cmd.multiRegion(), cmd.policy(), cmd.tags());
    return Effect().persist(new KeyEvent.Created(key))
        .thenRun(this::syncSchedule)
        .thenRun(s -> ctx.onKeyPresent().keyPresent(cmd.accountId(), keyId))
        .thenReply(cmd.replyTo(), s -> metadata(((Live) s).key()));
  }

  private KeyRecord newKey(String accountId, String description, String keyUsage, String keySpec, String origin,
      String keyManager, boolean multiRegion, String policy, Map<String, String> tags) {
    Instant now = ctx.clock().instant();
    MaterialVersion first = materials.generate(1, now, null);
    return new KeyRecord(
        accountId,
        keyId,
        now,
        description == null ? "" : description,
        Optional.ofNullable(keyUsage).orElse(DEFAULT_KEY_USAGE),
        Optional.ofNullable(keySpec).orElse(DEFAULT_KEY_SPEC),
        Optional.ofNullable(origin).orElse("AWS_KMS"),
        keyManager,
        multiRegion,
        true,
        null,
        null,
        tags == null ? Map.of() : new java.util.TreeMap<>(tags),
        policy,
        List.of(first),
        true,
        DEFAULT_ROTATION_PERIOD_DAYS,
        now,
        multiRegion ? Replication.newPrimary(ctx.zone()) : null);
  }

  /**
   * The platform creates an account's Default Organization Key here, in the platform primary
   * zone, and makes sure it has a replica in every zone named (zones added later included).
   */
  private ReplyEffect<KeyEvent, KeyEntityState> provisionDefault(KeyEntityState state, ProvisionDefault cmd) {
    List<KeyEvent> events = new ArrayList<>();
    KeyRecord key;
    if (state instanceof Live live) {
      key = live.key();
    } else {
      key = newKey(cmd.accountId(), "Default Organization Key", null, null, null, PLATFORM_MANAGED, true,
          com.verenc.kms.node.auth.KeyPolicies.defaultFor(cmd.accountId()), Map.of());
      events.add(new KeyEvent.Created(key));
    }
    if (!key.accountId().equals(cmd.accountId()) || !key.isPrimary()) {
      return Effect().reply(cmd.replyTo(), new KeyReply.Done(arn(key)));
    }
    Instant now = ctx.clock().instant();
    for (String zone : cmd.zones()) {
      if (!zone.equals(ctx.zone()) && !key.replication().replicaZones().contains(zone)) {
        events.add(new KeyEvent.ReplicaAdded(now, zone,
            new Replication.ReplicaSeed(key.description(), key.policy(), Map.of())));
      }
    }
    if (events.isEmpty()) {
      return Effect().reply(cmd.replyTo(), new KeyReply.Done(arn(key)));
    }
    KeyRecord created = key;
    return Effect().persist(events)
        .thenRun(this::syncSchedule)
        .thenRun(this::startPushes)
        .thenReply(cmd.replyTo(), s -> new KeyReply.Done(arn(created)));
  }

  private ReplyEffect<KeyEvent, KeyEntityState> encrypt(KeyRecord key, Encrypt cmd) {
    Optional<KeyReply.Rejected> unusable = unusableForCrypto(key);
    if (unusable.isPresent()) {
      return reject(cmd, unusable.get());
    }
    MaterialVersion current = key.currentMaterial();
    byte[] blob = Envelope.seal(keyId, current.version(), materials.material(current), cmd.plaintext(), cmd.context());
    publishResident(key);
    return Effect().reply(cmd.replyTo(), new KeyReply.Ciphertext(arn(key), blob));
  }

  private ReplyEffect<KeyEvent, KeyEntityState> decrypt(KeyRecord key, Decrypt cmd) {
    Optional<KeyReply.Rejected> unusable = unusableForCrypto(key);
    if (unusable.isPresent()) {
      return reject(cmd, unusable.get());
    }
    try {
      CiphertextBlob blob = CiphertextBlob.decode(cmd.blob());
      Optional<MaterialVersion> version = key.materials().stream()
          .filter(v -> v.version() == blob.materialVersion())
          .findFirst();
      if (!blob.keyId().equals(keyId) || version.isEmpty()) {
        return reject(cmd, invalidCiphertext());
      }
      byte[] plaintext = Envelope.open(blob, materials.material(version.get()), cmd.context());
      publishResident(key);
      return Effect().reply(cmd.replyTo(), new KeyReply.Plaintext(arn(key), plaintext));
    } catch (InvalidCiphertextException e) {
      return reject(cmd, invalidCiphertext());
    }
  }

  private ReplyEffect<KeyEvent, KeyEntityState> generateDataKey(KeyRecord key, GenerateDataKey cmd) {
    Optional<KeyReply.Rejected> unusable = unusableForCrypto(key);
    if (unusable.isPresent()) {
      return reject(cmd, unusable.get());
    }
    MaterialVersion current = key.currentMaterial();
    byte[] dataKey = RandomBytes.next(cmd.numberOfBytes());
    byte[] blob = Envelope.seal(keyId, current.version(), materials.material(current), dataKey, cmd.context());
    publishResident(key);
    return Effect().reply(cmd.replyTo(),
        new KeyReply.DataKey(arn(key), blob, cmd.includePlaintext() ? dataKey : null));
  }

  private ReplyEffect<KeyEvent, KeyEntityState> enable(KeyRecord key, Enable cmd) {
    if (key.pendingDeletion()) {
      return reject(cmd, pendingDeletion(key));
    }
    if (key.enabled()) {
      return Effect().reply(cmd.replyTo(), done(key));
    }
    return Effect().persist(new KeyEvent.Enabled(ctx.clock().instant()))
        .thenRun(this::syncSchedule)
        .thenReply(cmd.replyTo(), s -> done(key));
  }

  private ReplyEffect<KeyEvent, KeyEntityState> disable(KeyRecord key, Disable cmd) {
    if (key.pendingDeletion()) {
      return reject(cmd, pendingDeletion(key));
    }
    if (!key.enabled()) {
      return Effect().reply(cmd.replyTo(), done(key));
    }
    return Effect().persist(new KeyEvent.Disabled(ctx.clock().instant()))
        .thenRun(this::syncSchedule)
        .thenReply(cmd.replyTo(), s -> done(key));
  }

  private ReplyEffect<KeyEvent, KeyEntityState> scheduleDeletion(KeyRecord key, ScheduleDeletion cmd) {
    if (key.isReplica()) {
      return reject(cmd, onlyOnPrimary(key, "Deletion"));
    }
    if (key.pendingDeletion()) {
      return reject(cmd, pendingDeletion(key));
    }
    Instant now = ctx.clock().instant();
    Instant deletionDate = now.plus(Duration.ofDays(cmd.pendingWindowInDays()));
    return Effect().persist(new KeyEvent.DeletionScheduled(now, deletionDate, cmd.pendingWindowInDays()))
        .thenRun(this::syncSchedule)
        .thenRun(this::startPushes)
        .thenReply(cmd.replyTo(), s -> metadata(((Live) s).key()));
  }

  private ReplyEffect<KeyEvent, KeyEntityState> cancelDeletion(KeyRecord key, CancelDeletion cmd) {
    if (key.isReplica()) {
      return reject(cmd, onlyOnPrimary(key, "Deletion"));
    }
    if (!key.pendingDeletion()) {
      return reject(cmd, new KeyReply.Rejected(ErrorCode.INVALID_STATE, arn(key) + " is not pending deletion."));
    }
    return Effect().persist(new KeyEvent.DeletionCancelled(ctx.clock().instant()))
        .thenRun(this::syncSchedule)
        .thenRun(this::startPushes)
        .thenReply(cmd.replyTo(), s -> done(key));
  }

  private ReplyEffect<KeyEvent, KeyEntityState> updateDescription(KeyRecord key, UpdateDescription cmd) {
    if (key.pendingDeletion()) {
      return reject(cmd, pendingDeletion(key));
    }
    return Effect().persist(new KeyEvent.DescriptionUpdated(ctx.clock().instant(), cmd.description()))
        .thenReply(cmd.replyTo(), s -> done(key));
  }

  static final int MAX_TAGS = 50;

  private ReplyEffect<KeyEvent, KeyEntityState> tag(KeyRecord key, Tag cmd) {
    if (key.pendingDeletion()) {
      return reject(cmd, pendingDeletion(key));
    }
    Map<String, String> merged = new HashMap<>(key.tags());
    merged.putAll(cmd.tags());
    if (merged.size() > MAX_TAGS) {
      return reject(cmd, new KeyReply.Rejected(ErrorCode.LIMIT_EXCEEDED,
          "A key can have at most " + MAX_TAGS + " tags; " + arn(key) + " would have " + merged.size()
              + ". Remove tags with UntagResource first."));
    }
    return Effect().persist(new KeyEvent.TagsSet(ctx.clock().instant(), cmd.tags()))
        .thenReply(cmd.replyTo(), s -> done(key));
  }

  private ReplyEffect<KeyEvent, KeyEntityState> untag(KeyRecord key, Untag cmd) {
    if (key.pendingDeletion()) {
      return reject(cmd, pendingDeletion(key));
    }
    return Effect().persist(new KeyEvent.TagsRemoved(ctx.clock().instant(), cmd.tagKeys()))
        .thenReply(cmd.replyTo(), s -> done(key));
  }

  private ReplyEffect<KeyEvent, KeyEntityState> putPolicy(KeyRecord key, PutPolicy cmd) {
    if (key.pendingDeletion()) {
      return reject(cmd, pendingDeletion(key));
    }
    if (!cmd.bypassLockoutCheck() && locksOut(cmd.policy(), cmd.accountId())) {
      return reject(cmd, lockoutRefusal());
    }
    return Effect().persist(new KeyEvent.PolicyPut(ctx.clock().instant(), cmd.policy()))
        .thenReply(cmd.replyTo(), s -> done(key));
  }

  /**
   * A key past its deletion date is destroyed, except a primary whose replicas have not all
   * acknowledged the deletion yet: destroying it first would leave them alive and unmanageable.
   */
  private boolean pastDeletionDate(KeyEntityState state) {
    return state instanceof Live live
        && live.key().pendingDeletion()
        && !ctx.clock().instant().isBefore(live.key().deletionDate())
        && (live.key().replication() == null || live.key().replication().pendingZones(ctx.zone()).isEmpty());
  }

  /** Whatever was asked, a key past its deletion date is destroyed before anything else. */
  private ReplyEffect<KeyEvent, KeyEntityState> destroyNow(KeyEntityState state, KeyCommand cmd) {
    KeyRecord key = ((Live) state).key();
    var effect = Effect().persist(new KeyEvent.Destroyed(ctx.clock().instant()))
        .thenRun(s -> {
          shred(key.accountId());
          actor.getLog().info("Key {} reached its deletion date and was destroyed", keyId);
        });
    return cmd.replyTo() == null ? effect.thenNoReply() : effect.thenReply(cmd.replyTo(), s -> notFound(cmd));
  }

  /** The secret erase may have failed after the Destroyed event was persisted: retry it. */
  private ReplyEffect<KeyEvent, KeyEntityState> shredAgain(Destroyed state, DestroyIfDue cmd) {
    shred(state.accountId());
    return Effect().noReply();
  }

  /**
   * Erases the key's secret, then clears its schedule row and tells the directory. If the
   * erase fails, the row stays due, so the deletion sweeper comes back until it succeeds.
   */
  private void shred(String accountId) {
    materials.shred();
    ctx.schedule().record(persistenceId, null, null, null);
    ctx.onDestroyed().keyDestroyed(accountId, keyId);
  }

  // ---------------------------------------------------------------- rotation

  private ReplyEffect<KeyEvent, KeyEntityState> enableRotation(KeyRecord key, EnableRotation cmd) {
    if (key.isReplica()) {
      return reject(cmd, onlyOnPrimary(key, "Rotation"));
    }
    Optional<KeyReply.Rejected> unusable = unusableForCrypto(key);
    if (unusable.isPresent()) {
      return reject(cmd, unusable.get());
    }
    int period = cmd.periodInDays() == null ? DEFAULT_ROTATION_PERIOD_DAYS : cmd.periodInDays();
    if (key.rotationEnabled()) {
      if (cmd.periodInDays() == null || period == key.rotationPeriodInDays()) {
        return Effect().reply(cmd.replyTo(), done(key));
      }
      return reject(cmd, new KeyReply.Rejected(ErrorCode.INVALID_STATE,
          "Automatic rotation of " + arn(key) + " is already enabled with a period of " + key.rotationPeriodInDays()
              + " days. To change the period, call DisableKeyRotation, then EnableKeyRotation with "
              + "RotationPeriodInDays " + period + "."));
    }
    return Effect().persist(new KeyEvent.RotationEnabled(ctx.clock().instant(), period))
        .thenRun(this::syncSchedule)
        .thenRun(this::startPushes)
        .thenReply(cmd.replyTo(), s -> done(key));
  }

  private ReplyEffect<KeyEvent, KeyEntityState> disableRotation(KeyRecord key, DisableRotation cmd) {
    if (key.isReplica()) {
      return reject(cmd, onlyOnPrimary(key, "Rotation"));
    }
    Optional<KeyReply.Rejected> unusable = unusableForCrypto(key);
    if (unusable.isPresent()) {
      return reject(cmd, unusable.get());
    }
    if (!key.rotationEnabled()) {
      return Effect().reply(cmd.replyTo(), done(key));
    }
    return Effect().persist(new KeyEvent.RotationDisabled(ctx.clock().instant()))
        .thenRun(this::syncSchedule)
        .thenRun(this::startPushes)
        .thenReply(cmd.replyTo(), s -> done(key));
  }

  /** The new version encrypts from the moment this returns; its material is persisted wrapped first. */
  private ReplyEffect<KeyEvent, KeyEntityState> rotateOnDemand(KeyRecord key, RotateOnDemand cmd) {
    if (key.isReplica()) {
      return reject(cmd, onlyOnPrimary(key, "Rotation"));
    }
    Optional<KeyReply.Rejected> unusable = unusableForCrypto(key);
    if (unusable.isPresent()) {
      return reject(cmd, unusable.get());
    }
    if (key.onDemandRotations() >= MAX_ON_DEMAND_ROTATIONS) {
      return reject(cmd, new KeyReply.Rejected(ErrorCode.LIMIT_EXCEEDED,
          arn(key) + " has already been rotated on demand " + MAX_ON_DEMAND_ROTATIONS + " times, the most a key "
              + "allows. Automatic rotation continues; for more, create a new key and move to it."));
    }
    return rotate(key, MaterialVersion.ON_DEMAND).thenReply(cmd.replyTo(), s -> done(key));
  }

  private ReplyEffect<KeyEvent, KeyEntityState> rotateIfDue(Live state, RotateIfDue cmd) {
    Instant due = state.key().nextAutomaticRotation();
    if (due == null || ctx.clock().instant().isBefore(due)) {
      return Effect().noReply();
    }
    return rotate(state.key(), MaterialVersion.AUTOMATIC)
        .thenRun(s -> actor.getLog().info("Key {} rotated automatically", keyId))
        .thenNoReply();
  }

  private org.apache.pekko.persistence.typed.javadsl.EffectBuilder<KeyEvent, KeyEntityState> rotate(
      KeyRecord key, String rotationType) {
    MaterialVersion next = materials.generate(key.currentMaterial().version() + 1, ctx.clock().instant(), rotationType);
    return Effect().persist(new KeyEvent.Rotated(next)).thenRun(this::syncSchedule).thenRun(this::startPushes);
  }

  private KeyReply.RotationStatus rotationStatus(KeyRecord key) {
    return new KeyReply.RotationStatus(arn(key), key.rotationEnabled(),
        key.rotationEnabled() ? key.rotationPeriodInDays() : null, key.nextRotationDate());
  }

  private KeyReply.Rotations rotations(KeyRecord key) {
    return new KeyReply.Rotations(arn(key), key.materials().stream()
        .filter(m -> m.rotationType() != null)
        .map(m -> new KeyReply.Rotation(m.createdAt(), m.rotationType()))
        .toList());
  }

  /**
   * Keeps the zone's schedule index in step with a live key's dates. A destroyed key's row is
   * cleared only once its secret is erased (see shred); an absent key never has one.
   */
  private void syncSchedule(KeyEntityState state) {
    if (state instanceof Live live) {
      KeyRecord key = live.key();
      ctx.schedule().record(persistenceId, key.deletionDate(), key.nextAutomaticRotation(), nextPush(key));
    }
  }

  /** On recovery the row is usually right already; only a crash between event and row leaves it stale. */
  private void ensureSchedule(KeyEntityState state) {
    if (state instanceof Live live) {
      KeyRecord key = live.key();
      ctx.schedule().ensure(persistenceId, key.deletionDate(), key.nextAutomaticRotation(), nextPush(key));
    }
  }

  private Instant nextPush(KeyRecord key) {
    boolean pushDue = key.replication() != null && !key.replication().pendingZones(ctx.zone()).isEmpty();
    return pushDue ? Instant.EPOCH : null;
  }

  // ---------------------------------------------------------------- replication

  private ReplyEffect<KeyEvent, KeyEntityState> replicate(KeyRecord key, Replicate cmd) {
    if (!key.multiRegion()) {
      return reject(cmd, new KeyReply.Rejected(ErrorCode.UNSUPPORTED_OPERATION, arn(key) + " is not a multi-zone "
          + "key and cannot be replicated. Create the key with MultiRegion set to true."));
    }
    if (key.isReplica()) {
      return reject(cmd, new KeyReply.Rejected(ErrorCode.UNSUPPORTED_OPERATION, arn(key) + " in " + ctx.zone()
          + " is a replica; only the primary key, in " + key.replication().primaryZone() + ", can be replicated."));
    }
    if (cmd.zone().equals(ctx.zone())) {
      return reject(cmd, new KeyReply.Rejected(ErrorCode.VALIDATION,
          "ReplicaRegion " + cmd.zone() + " is the primary key's own zone; choose another zone."));
    }
    if (key.replication().replicaZones().contains(cmd.zone())) {
      return reject(cmd, new KeyReply.Rejected(ErrorCode.ALREADY_EXISTS,
          arn(key) + " already has a replica in " + cmd.zone() + "."));
    }
    Optional<KeyReply.Rejected> unusable = unusableForCrypto(key);
    if (unusable.isPresent()) {
      return reject(cmd, unusable.get());
    }
    String policy = cmd.policy() == null ? key.policy() : cmd.policy();
    Map<String, String> tags = cmd.tags() == null || cmd.tags().isEmpty() ? key.tags() : cmd.tags();
    String description = cmd.description() == null ? key.description() : cmd.description();
    Replication.ReplicaSeed seed = new Replication.ReplicaSeed(description, policy, tags);
    return Effect().persist(new KeyEvent.ReplicaAdded(ctx.clock().instant(), cmd.zone(), seed))
        .thenRun(this::syncSchedule)
        .thenRun(this::startPushes)
        .thenReply(cmd.replyTo(), s -> new KeyReply.ReplicaCreated(
            KeyMetadataView.replicaPreview(((Live) s).key(), cmd.zone(), description, ctx.arns()), policy, tags));
  }

  private ReplyEffect<KeyEvent, KeyEntityState> updatePrimary(KeyRecord key, UpdatePrimary cmd) {
    if (!key.multiRegion()) {
      return reject(cmd, new KeyReply.Rejected(ErrorCode.UNSUPPORTED_OPERATION,
          arn(key) + " is not a multi-zone key; it has no primary to move."));
    }
    if (key.isReplica()) {
      return reject(cmd, onlyOnPrimary(key, "Moving the primary"));
    }
    if (!key.replication().replicaZones().contains(cmd.zone())) {
      return reject(cmd, new KeyReply.Rejected(ErrorCode.VALIDATION, arn(key) + " has no replica in "
          + cmd.zone() + "; replicate it there first (ReplicateKey), then move the primary."));
    }
    Optional<KeyReply.Rejected> unusable = unusableForCrypto(key);
    if (unusable.isPresent()) {
      return reject(cmd, unusable.get());
    }
    return Effect().persist(new KeyEvent.PrimaryMoved(ctx.clock().instant(), cmd.zone()))
        .thenRun(this::syncSchedule)
        .thenRun(this::startPushes)
        .thenReply(cmd.replyTo(), s -> done(key));
  }

  /** First contact from the primary: store the key's secret in this zone, then become its replica. */
  private ReplyEffect<KeyEvent, KeyEntityState> createReplica(Absent state, ApplyReplica cmd) {
    SharedState shared = cmd.state();
    if (shared.keyId() == null || !shared.keyId().equals(keyId) || shared.secretWrappedUnderMasterKey() == null) {
      return Effect().reply(cmd.replyTo(), new KeyReply.ReplicaAck(ctx.zone(), -1));
    }
    // The secret goes in first: a replica event without its secret would be a key nobody can use.
    ctx.secrets().importWrapped(persistenceId, shared.secretWrappedUnderMasterKey());
    KeyRecord replica = KeyRecord.replicaOf(withoutSecret(shared), cmd.seed(), ctx.zone(),
        com.verenc.kms.node.auth.KeyPolicies.defaultFor(shared.accountId()));
    return Effect().persist(new KeyEvent.Created(replica))
        .thenRun(s -> {
          syncSchedule(s);
          ctx.onKeyPresent().keyPresent(shared.accountId(), keyId);
          actor.getLog().info("Replica of {} created in {} at shared version {}", keyId, ctx.zone(), shared.version());
        })
        .thenReply(cmd.replyTo(), s -> new KeyReply.ReplicaAck(ctx.zone(), shared.version()));
  }

  /** Newer shared versions are taken, older or equal ones only acknowledged: order-proof and idempotent. */
  private ReplyEffect<KeyEvent, KeyEntityState> applyReplica(Live state, ApplyReplica cmd) {
    KeyRecord key = state.key();
    SharedState shared = cmd.state();
    if (key.replication() == null || !key.accountId().equals(shared.accountId())) {
      return Effect().reply(cmd.replyTo(), new KeyReply.ReplicaAck(ctx.zone(), -1));
    }
    if (shared.version() <= key.replication().version()) {
      return Effect().reply(cmd.replyTo(), new KeyReply.ReplicaAck(ctx.zone(), key.replication().version()));
    }
    return Effect().persist(new KeyEvent.SharedStateApplied(withoutSecret(shared)))
        .thenRun(this::syncSchedule)
        .thenRun(this::startPushes)
        .thenReply(cmd.replyTo(), s -> new KeyReply.ReplicaAck(ctx.zone(), shared.version()));
  }

  private ReplyEffect<KeyEvent, KeyEntityState> pushResult(Live state, PushResult cmd) {
    Replication replication = state.key().replication();
    if (replication == null) {
      return Effect().noReply();
    }
    if (!pushes.settle(cmd, replication)) {
      startPushes(state);
      return Effect().noReply();
    }
    return Effect().persist(new KeyEvent.ReplicaAcknowledged(cmd.zone(), cmd.ackedVersion()))
        .thenRun(this::syncSchedule)
        .thenRun(this::startPushes)
        .thenNoReply();
  }

  private void startPushes(KeyEntityState state) {
    if (state instanceof Live live && live.key().replication() != null) {
      pushes.start(live.key());
    }
  }

  private static SharedState withoutSecret(SharedState s) {
    return new SharedState(s.accountId(), s.keyId(), s.version(), s.createdAt(), s.keyUsage(), s.keySpec(),
        s.origin(), s.keyManager(), null, s.materials(), s.rotationEnabled(), s.rotationPeriodInDays(),
        s.rotationAnchor(), s.deletionDate(), s.pendingWindowInDays(), s.primaryZone(), s.zones());
  }

  private KeyReply.Rejected onlyOnPrimary(KeyRecord key, String what) {
    return new KeyReply.Rejected(ErrorCode.UNSUPPORTED_OPERATION, what + " of a multi-zone key is managed on its "
        + "primary key, in zone " + key.replication().primaryZone() + "; " + arn(key) + " in " + ctx.zone()
        + " is a replica.");
  }

  /**
   * Lets this node serve the key's crypto commands without asking the entity (see ResidentKeys),
   * from the state that just served one: usable, and persisted, as no command runs while events
   * are being written.
   */
  private void publishResident(KeyRecord key) {
    if (key == publishedFrom && materials.unwrappedCount() == publishedVersions) {
      return;
    }
    Set<String> allowed = new HashSet<>();
    for (String action : ResidentKey.CRYPTO_ACTIONS) {
      if (policy(key).evaluate(key.accountId(), action, resourceArns(key.accountId())) == PolicyDecision.ALLOW) {
        allowed.add(action);
      }
    }
    resident.publish(new ResidentKey(keyId, key.accountId(), arn(key), Set.copyOf(allowed),
        key.currentMaterial().version(), materials.unwrappedCopies()));
    publishedFrom = key;
    publishedVersions = materials.unwrappedCount();
  }

  private void withdrawResident() {
    resident.withdraw(keyId);
    publishedFrom = null;
  }

  // ---------------------------------------------------------------- events

  @Override
  public EventHandler<KeyEntityState, KeyEvent> eventHandler() {
    EventHandler<KeyEntityState, KeyEvent> handler = stateEventHandler();
    // Pekko applies an event before writing it, so the key is withdrawn before any change is acknowledged.
    return (state, event) -> {
      withdrawResident();
      return handler.apply(state, event);
    };
  }

  private EventHandler<KeyEntityState, KeyEvent> stateEventHandler() {
    var builder = newEventHandlerBuilder();
    builder.forStateType(Absent.class)
        .onEvent(KeyEvent.Created.class, (state, event) -> new Live(event.key()));
    builder.forStateType(Live.class)
        .onEvent(KeyEvent.Enabled.class, (state, event) -> new Live(state.key().withEnabled(true)))
        .onEvent(KeyEvent.Disabled.class, (state, event) -> new Live(state.key().withEnabled(false)))
        .onEvent(KeyEvent.DeletionScheduled.class, (state, event) ->
            new Live(state.key().withDeletion(event.deletionDate(), event.pendingWindowInDays()).sharedChange()))
        .onEvent(KeyEvent.DeletionCancelled.class, (state, event) ->
            new Live(state.key().withDeletion(null, null).withEnabled(false).sharedChange()))
        .onEvent(KeyEvent.DescriptionUpdated.class, (state, event) ->
            new Live(state.key().withDescription(event.description())))
        .onEvent(KeyEvent.TagsSet.class, (state, event) -> {
          Map<String, String> tags = new HashMap<>(state.key().tags());
          tags.putAll(event.tags());
          return new Live(state.key().withTags(tags));
        })
        .onEvent(KeyEvent.TagsRemoved.class, (state, event) -> {
          Map<String, String> tags = new HashMap<>(state.key().tags());
          event.tagKeys().forEach(tags::remove);
          return new Live(state.key().withTags(tags));
        })
        .onEvent(KeyEvent.PolicyPut.class, (state, event) -> new Live(state.key().withPolicy(event.policy())))
        .onEvent(KeyEvent.RotationEnabled.class, (state, event) ->
            new Live(state.key().withRotation(true, event.rotationPeriodInDays(), event.at()).sharedChange()))
        .onEvent(KeyEvent.RotationDisabled.class, (state, event) -> new Live(state.key()
            .withRotation(false, state.key().rotationPeriodInDays(), state.key().rotationAnchor()).sharedChange()))
        .onEvent(KeyEvent.Rotated.class, (state, event) ->
            new Live(state.key().withMaterial(event.material()).sharedChange()))
        .onEvent(KeyEvent.ReplicaAdded.class, (state, event) -> new Live(state.key()
            .withReplication(state.key().replication().withReplica(event.zone(), event.seed()))))
        .onEvent(KeyEvent.ReplicaAcknowledged.class, (state, event) -> new Live(state.key().withReplication(
            state.key().replication().acknowledgedBy(event.zone(), event.version()).settled(ctx.zone()))))
        .onEvent(KeyEvent.SharedStateApplied.class, (state, event) ->
            new Live(state.key().applying(event.state(), ctx.zone())))
        .onEvent(KeyEvent.PrimaryMoved.class, (state, event) -> new Live(state.key().withReplication(
            state.key().replication().movedTo(event.newPrimaryZone(), ctx.zone()))))
        .onEvent(KeyEvent.Destroyed.class, (state, event) -> new Destroyed(state.key().accountId()));
    return builder.build();
  }

  // ---------------------------------------------------------------- helpers

  /** Only the owning account sees the key at all; then its key policy decides. */
  private <C extends FromCaller> BiFunction<Live, C, ReplyEffect<KeyEvent, KeyEntityState>> owned(
      BiFunction<KeyRecord, C, ReplyEffect<KeyEvent, KeyEntityState>> handler) {
    return (state, cmd) -> {
      KeyRecord key = state.key();
      if (!key.accountId().equals(cmd.accountId())) {
        return reject(cmd, notFound(cmd));
      }
      if (PLATFORM_MANAGED.equals(key.keyManager()) && REFUSED_ON_PLATFORM_KEYS.contains(cmd.getClass())) {
        return reject(cmd, new KeyReply.Rejected(ErrorCode.UNSUPPORTED_OPERATION, arn(key) + " is the Default "
            + "Organization Key, managed by the platform: it is always enabled, rotated yearly by the platform, "
            + "present in every zone and never deleted, and its policy and tags cannot be changed. Use a key you "
            + "create for anything else."));
      }
      if (cmd.action() != null) {
        PolicyDecision decision = policy(key).evaluate(cmd.accountId(), cmd.action(), resourceArns(key.accountId()));
        if (decision != PolicyDecision.ALLOW) {
          return reject(cmd, new KeyReply.Rejected(ErrorCode.ACCESS_DENIED,
              "User: arn:aws:iam::" + cmd.accountId() + ":root is not authorized to perform: " + cmd.action()
                  + " on resource: " + arn(key) + (decision == PolicyDecision.EXPLICIT_DENY
                      ? " with an explicit deny in the key policy"
                      : " because no statement of the key policy allows the " + cmd.action() + " action")));
        }
      }
      try {
        return handler.apply(key, cmd);
      } catch (CryptoException e) {
        // Messages of crypto failures never carry key bytes; the caller gets no detail anyway.
        actor.getLog().error("Key {}: cryptographic failure serving {}: {}", keyId,
            cmd.getClass().getSimpleName(), e.getMessage());
        return reject(cmd, new KeyReply.Rejected(ErrorCode.INTERNAL,
            "The key could not be used for this request; the failure has been logged."));
      } catch (DatabaseUnavailableException e) {
        actor.getLog().error("Key {}: zone database unavailable: {}", keyId, e.getMessage());
        return reject(cmd, new KeyReply.Rejected(ErrorCode.DEPENDENCY_TIMEOUT,
            "The zone's database is not available; retry the request later."));
      }
    };
  }

  private KeyPolicy policy(KeyRecord key) {
    if (policy == null || !key.policy().equals(policySource)) {
      policy = KeyPolicy.forStoredDocument(key.policy(), key.accountId());
      policySource = key.policy();
    }
    return policy;
  }

  /** The key's ARN in Verenc and in AWS form (this zone's): a policy's Resource may name either. */
  private List<String> resourceArns(String accountId) {
    return List.of(Arns.verencKey(accountId, keyId), ctx.arns().awsKey(accountId, keyId));
  }

  /** Whether a policy would stop its own account from ever changing it again. */
  private boolean locksOut(String policyDocument, String accountId) {
    return KeyPolicy.parse(policyDocument, accountId).evaluate(accountId, "kms:PutKeyPolicy", resourceArns(accountId))
        != PolicyDecision.ALLOW;
  }

  private static KeyReply.Rejected lockoutRefusal() {
    return new KeyReply.Rejected(ErrorCode.MALFORMED_POLICY, "The new key policy will not allow you to update the "
        + "key policy in the future. Allow kms:PutKeyPolicy for your account, or set BypassPolicyLockoutSafetyCheck.");
  }

  private ReplyEffect<KeyEvent, KeyEntityState> reject(KeyCommand cmd, KeyReply.Rejected rejection) {
    ActorRef<KeyReply> replyTo = cmd.replyTo();
    return replyTo == null ? Effect().noReply() : Effect().reply(replyTo, rejection);
  }

  private KeyReply.Metadata metadata(KeyRecord key) {
    return new KeyReply.Metadata(KeyMetadataView.of(key, ctx.arns()));
  }

  /** The key's ARN as this zone names it. */
  private String arn(KeyRecord key) {
    return ctx.arns().key(key.accountId(), key.keyId());
  }

  private KeyReply.Done done(KeyRecord key) {
    return new KeyReply.Done(arn(key));
  }

  private Optional<KeyReply.Rejected> unusableForCrypto(KeyRecord key) {
    if (key.pendingDeletion()) {
      return Optional.of(pendingDeletion(key));
    }
    if (!key.enabled()) {
      return Optional.of(new KeyReply.Rejected(ErrorCode.DISABLED, arn(key) + " is disabled."));
    }
    return Optional.empty();
  }

  private KeyReply.Rejected pendingDeletion(KeyRecord key) {
    return new KeyReply.Rejected(ErrorCode.INVALID_STATE, arn(key) + " is pending deletion.");
  }

  private static KeyReply.Rejected invalidCiphertext() {
    return new KeyReply.Rejected(ErrorCode.INVALID_CIPHERTEXT, null);
  }

  /** Names the key as the caller would, so another account learns nothing. */
  private KeyReply.Rejected notFound(KeyCommand cmd) {
    String name = cmd instanceof FromCaller call ? ctx.arns().key(call.accountId(), keyId) : keyId;
    return new KeyReply.Rejected(ErrorCode.NOT_FOUND, KmsException.keyNotFound(name).getMessage());
  }
}
