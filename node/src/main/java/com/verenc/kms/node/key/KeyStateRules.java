package com.verenc.kms.node.key;

import com.verenc.kms.node.key.KeyCommand.CancelDeletion;
import com.verenc.kms.node.key.KeyCommand.Decrypt;
import com.verenc.kms.node.key.KeyCommand.Disable;
import com.verenc.kms.node.key.KeyCommand.DisableRotation;
import com.verenc.kms.node.key.KeyCommand.Enable;
import com.verenc.kms.node.key.KeyCommand.EnableRotation;
import com.verenc.kms.node.key.KeyCommand.Encrypt;
import com.verenc.kms.node.key.KeyCommand.GenerateDataKey;
import com.verenc.kms.node.key.KeyCommand.PutPolicy;
import com.verenc.kms.node.key.KeyCommand.Replicate;
import com.verenc.kms.node.key.KeyCommand.RotateOnDemand;
import com.verenc.kms.node.key.KeyCommand.ScheduleDeletion;
import com.verenc.kms.node.key.KeyCommand.Tag;
import com.verenc.kms.node.key.KeyCommand.Untag;
import com.verenc.kms.node.key.KeyCommand.UpdateDescription;
import com.verenc.kms.node.key.KeyCommand.UpdatePrimary;
import com.verenc.kms.node.key.KeyEntityState.Live;
import com.verenc.kms.protocol.ErrorCode;
import java.util.Set;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReplyBuilder;

/**
 * What a live key refuses because of the state it is in, before any operation runs: a
 * platform-managed key, a single-zone key (nothing to replicate), a replica (changes to the shared
 * part belong to the primary), a key pending deletion and a disabled key each refuse a set of
 * commands.
 */
final class KeyStateRules extends KeyHandlers {
  /** What nobody may do to a platform-managed key. */
  static final Set<Class<? extends KeyMessage>> REFUSED_ON_PLATFORM_KEYS =
      Set.of(
          RotateOnDemand.class,
          EnableRotation.class,
          DisableRotation.class,
          Disable.class,
          ScheduleDeletion.class,
          CancelDeletion.class,
          PutPolicy.class,
          Replicate.class,
          UpdatePrimary.class,
          Tag.class,
          Untag.class,
          UpdateDescription.class);

  static final Set<Class<? extends KeyMessage>> DELETION =
      Set.of(ScheduleDeletion.class, CancelDeletion.class);
  static final Set<Class<? extends KeyMessage>> ROTATION =
      Set.of(EnableRotation.class, DisableRotation.class, RotateOnDemand.class);

  /** What uses or changes the key's material or shared part: refused while the key is disabled. */
  static final Set<Class<? extends KeyMessage>> NEEDS_ENABLED =
      Set.of(
          Encrypt.class,
          Decrypt.class,
          GenerateDataKey.class,
          EnableRotation.class,
          DisableRotation.class,
          RotateOnDemand.class,
          Replicate.class,
          UpdatePrimary.class);

  /** What a key pending deletion refuses: everything but reading it and cancelling the deletion. */
  static final Set<Class<? extends KeyMessage>> REFUSED_PENDING_DELETION =
      Set.of(
          Encrypt.class,
          Decrypt.class,
          GenerateDataKey.class,
          Enable.class,
          Disable.class,
          ScheduleDeletion.class,
          UpdateDescription.class,
          Tag.class,
          Untag.class,
          PutPolicy.class,
          EnableRotation.class,
          DisableRotation.class,
          RotateOnDemand.class,
          Replicate.class,
          UpdatePrimary.class);

  KeyStateRules(KeyScope scope) {
    super(scope);
  }

  @Override
  void register(CommandHandlerWithReplyBuilder<KeyMessage, KeyEvent, KeyEntityState> builder) {
    builder
        .forState(Live.class, whereKey(key -> key.identity().platformManaged()))
        .onCommand(
            oneOf(REFUSED_ON_PLATFORM_KEYS),
            (state, cmd) -> reject(cmd, rejections.platformManaged(state.key())));
    builder
        .forState(Live.class, whereKey(key -> !key.identity().multiRegion()))
        .onCommand(
            Replicate.class,
            (state, cmd) ->
                reject(
                    cmd,
                    new Rejection(
                        ErrorCode.UNSUPPORTED_OPERATION,
                        rejections.arn(state.key())
                            + " is not a multi-zone key and cannot be replicated. Create the key with "
                            + "MultiRegion set to true.")))
        .onCommand(
            UpdatePrimary.class,
            (state, cmd) ->
                reject(
                    cmd,
                    new Rejection(
                        ErrorCode.UNSUPPORTED_OPERATION,
                        rejections.arn(state.key())
                            + " is not a multi-zone key; it has no primary to move.")));
    builder
        .forState(Live.class, whereKey(key -> key.isReplica()))
        .onCommand(
            oneOf(DELETION),
            (state, cmd) -> reject(cmd, rejections.onlyOnPrimary(state.key(), "Deletion")))
        .onCommand(
            oneOf(ROTATION),
            (state, cmd) -> reject(cmd, rejections.onlyOnPrimary(state.key(), "Rotation")))
        .onCommand(
            UpdatePrimary.class,
            (state, cmd) ->
                reject(cmd, rejections.onlyOnPrimary(state.key(), "Moving the primary")))
        .onCommand(
            Replicate.class,
            (state, cmd) ->
                reject(
                    cmd,
                    new Rejection(
                        ErrorCode.UNSUPPORTED_OPERATION,
                        rejections.arn(state.key())
                            + " in "
                            + scope.ctx.zone()
                            + " is a replica; only the primary key, in "
                            + state.key().replication().primaryZone()
                            + ", can be replicated.")));
    builder
        .forState(Live.class, whereKey(key -> key.pendingDeletion()))
        .onCommand(
            oneOf(REFUSED_PENDING_DELETION),
            (state, cmd) -> reject(cmd, rejections.pendingDeletion(state.key())));
    builder
        .forState(Live.class, whereKey(key -> !key.enabled()))
        .onCommand(
            oneOf(NEEDS_ENABLED), (state, cmd) -> reject(cmd, rejections.disabled(state.key())));
  }
}
