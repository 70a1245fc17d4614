package com.verenc.kms.node.key;

import com.verenc.kms.node.key.KeyCommand.DisableRotation;
import com.verenc.kms.node.key.KeyCommand.EnableRotation;
import com.verenc.kms.node.key.KeyCommand.GetRotationStatus;
import com.verenc.kms.node.key.KeyCommand.ListRotations;
import com.verenc.kms.node.key.KeyCommand.RotateOnDemand;
import com.verenc.kms.node.key.KeyEntityState.Live;
import com.verenc.kms.node.key.model.ImportedMaterial;
import com.verenc.kms.node.key.model.MaterialHistory;
import com.verenc.kms.node.key.model.MaterialVersion;
import com.verenc.kms.node.key.model.Origin;
import com.verenc.kms.node.key.model.RotationSettings;
import com.verenc.kms.node.key.model.RotationType;
import com.verenc.kms.protocol.ErrorCode;
import java.time.Instant;
import java.util.Optional;
import org.apache.pekko.persistence.typed.javadsl.EffectBuilder;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;

/**
 * Automatic rotation settings, rotation on demand (at most {@value #MAX_ON_DEMAND_ROTATIONS} per
 * key) and automatic rotation when due. A new version encrypts from the moment its event is
 * persisted; older versions keep decrypting.
 */
final class RotationHandlers extends KeyHandlers {
  static final int MAX_ON_DEMAND_ROTATIONS = 10;

  RotationHandlers(KeyScope scope) {
    super(scope);
  }

  static void register(HandlerTable.Registrar<RotationHandlers> builder) {
    builder
        .forStateType(Live.class)
        .onCommand(EnableRotation.class, RotationHandlers::enable)
        .onCommand(
            DisableRotation.class,
            (h, state, cmd) ->
                !state.key().rotation().enabled()
                    ? h.reply(cmd, h.scope.done(state.key()))
                    : h.persistTracked(new KeyEvent.RotationDisabled(h.scope.now()))
                        .thenReply(cmd.replyTo(), s -> KeyReply.ok(h.scope.done(state.key()))))
        .onCommand(GetRotationStatus.class, (h, state, cmd) -> h.reply(cmd, h.status(state.key())))
        .onCommand(RotateOnDemand.class, RotationHandlers::rotateOnDemand)
        .onCommand(ListRotations.class, (h, state, cmd) -> h.reply(cmd, h.rotations(state.key())))
        .onCommand(
            message -> message == KeyTick.ROTATE_IF_DUE, (h, state, tick) -> h.rotateIfDue(state));
  }

  private ReplyEffect<KeyEvent, KeyEntityState> enable(Live state, EnableRotation cmd) {
    KeyRecord key = state.key();
    RotationSettings rotation = key.rotation();
    int period =
        cmd.periodInDays() == null ? RotationSettings.DEFAULT_PERIOD_DAYS : cmd.periodInDays();
    if (rotation.enabled()) {
      if (cmd.periodInDays() == null || period == rotation.periodInDays()) {
        return reply(cmd, scope.done(key));
      }
      return reject(
          cmd,
          new Rejection(
              ErrorCode.INVALID_STATE,
              "Automatic rotation of "
                  + rejections.arn(key)
                  + " is already enabled with a period of "
                  + rotation.periodInDays()
                  + " days. To change the period, call "
                  + "DisableKeyRotation, then EnableKeyRotation with RotationPeriodInDays "
                  + period
                  + "."));
    }
    return persistTracked(new KeyEvent.RotationEnabled(scope.now(), period))
        .thenReply(cmd.replyTo(), s -> KeyReply.ok(scope.done(key)));
  }

  private ReplyEffect<KeyEvent, KeyEntityState> rotateOnDemand(Live state, RotateOnDemand cmd) {
    KeyRecord key = state.key();
    if (key.materials().rotations(RotationType.ON_DEMAND) >= MAX_ON_DEMAND_ROTATIONS) {
      return reject(
          cmd,
          new Rejection(
              ErrorCode.LIMIT_EXCEEDED,
              rejections.arn(key)
                  + " has already been rotated on "
                  + "demand "
                  + MAX_ON_DEMAND_ROTATIONS
                  + " times, the most a key allows. Automatic rotation continues; for "
                  + "more, create a new key and move to it."));
    }
    if (key.identity().origin() == Origin.EXTERNAL) {
      return rotateToImported(key, cmd);
    }
    return rotate(key, RotationType.ON_DEMAND)
        .thenReply(cmd.replyTo(), s -> KeyReply.ok(scope.done(key)));
  }

  /** The material imported with NEW_KEY_MATERIAL becomes current; the current one NON_CURRENT. */
  private ReplyEffect<KeyEvent, KeyEntityState> rotateToImported(
      KeyRecord key, RotateOnDemand cmd) {
    Optional<ImportedMaterial> pending = key.materials().awaitingRotation();
    if (pending.isEmpty() || !pending.get().usableAt(scope.now())) {
      return reject(
          cmd,
          new Rejection(
              ErrorCode.INVALID_STATE,
              rejections.arn(key)
                  + " holds imported key material: to rotate it, first import new material "
                  + "with ImportType NEW_KEY_MATERIAL"
                  + (pending.isPresent() ? " (the material imported for it has expired)" : "")
                  + "; RotateKeyOnDemand then makes it current."));
    }
    return persistTracked(new KeyEvent.ImportedMaterialRotated(scope.now()))
        .thenReply(cmd.replyTo(), s -> KeyReply.ok(scope.done(key)));
  }

  private ReplyEffect<KeyEvent, KeyEntityState> rotateIfDue(Live state) {
    KeyRecord key = state.key();
    if (!rotationDue(key, scope.now())) {
      // The row that caused the tick is stale.
      scope.ensureSchedule(state);
      return effect().noReply();
    }
    return rotate(key, RotationType.AUTOMATIC)
        .thenRun(s -> scope.actor.getLog().info("Key {} rotated automatically", scope.keyId))
        .thenNoReply();
  }

  static boolean rotationDue(KeyRecord key, Instant now) {
    Instant due = key.nextAutomaticRotation();
    return due != null && !now.isBefore(due);
  }

  private EffectBuilder<KeyEvent, KeyEntityState> rotate(KeyRecord key, RotationType type) {
    MaterialVersion next =
        scope.materials.generate(
            key.identity().type(), key.materials().current().version() + 1, scope.now(), type);
    return persistTracked(new KeyEvent.Rotated(next));
  }

  private KeyAnswer.RotationStatus status(KeyRecord key) {
    RotationSettings rotation = key.rotation();
    return new KeyAnswer.RotationStatus(
        rejections.arn(key),
        rotation.enabled(),
        rotation.enabled() ? rotation.periodInDays() : null,
        rotation.nextRotationDate());
  }

  private KeyAnswer.Rotations rotations(KeyRecord key) {
    MaterialHistory materials = key.materials();
    if (key.identity().origin() == Origin.EXTERNAL) {
      return new KeyAnswer.Rotations(
          rejections.arn(key),
          materials.imports().stream()
              .map(
                  m ->
                      new KeyAnswer.Rotation(
                          m.rotatedAt(), m.rotationType(), m, materials.stateOf(m)))
              .toList());
    }
    return new KeyAnswer.Rotations(
        rejections.arn(key),
        materials.versions().stream()
            .filter(m -> m.rotationType() != null)
            .map(m -> new KeyAnswer.Rotation(m.createdAt(), m.rotationType()))
            .toList());
  }
}
