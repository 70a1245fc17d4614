package com.verenc.kms.node.key;

import com.verenc.kms.node.key.KeyCommand.CancelDeletion;
import com.verenc.kms.node.key.KeyCommand.Decrypt;
import com.verenc.kms.node.key.KeyCommand.DeleteImportedMaterial;
import com.verenc.kms.node.key.KeyCommand.DeriveSharedSecret;
import com.verenc.kms.node.key.KeyCommand.Disable;
import com.verenc.kms.node.key.KeyCommand.DisableRotation;
import com.verenc.kms.node.key.KeyCommand.Enable;
import com.verenc.kms.node.key.KeyCommand.EnableRotation;
import com.verenc.kms.node.key.KeyCommand.Encrypt;
import com.verenc.kms.node.key.KeyCommand.GenerateDataKey;
import com.verenc.kms.node.key.KeyCommand.GenerateDataKeyPair;
import com.verenc.kms.node.key.KeyCommand.GenerateMac;
import com.verenc.kms.node.key.KeyCommand.GetImportParameters;
import com.verenc.kms.node.key.KeyCommand.GetPublicKey;
import com.verenc.kms.node.key.KeyCommand.GetRotationStatus;
import com.verenc.kms.node.key.KeyCommand.ImportMaterial;
import com.verenc.kms.node.key.KeyCommand.ListRotations;
import com.verenc.kms.node.key.KeyCommand.PutPolicy;
import com.verenc.kms.node.key.KeyCommand.Replicate;
import com.verenc.kms.node.key.KeyCommand.RotateOnDemand;
import com.verenc.kms.node.key.KeyCommand.ScheduleDeletion;
import com.verenc.kms.node.key.KeyCommand.Sign;
import com.verenc.kms.node.key.KeyCommand.Tag;
import com.verenc.kms.node.key.KeyCommand.Untag;
import com.verenc.kms.node.key.KeyCommand.UpdateDescription;
import com.verenc.kms.node.key.KeyCommand.UpdatePrimary;
import com.verenc.kms.node.key.KeyCommand.Verify;
import com.verenc.kms.node.key.KeyCommand.VerifyMac;
import com.verenc.kms.node.key.KeyEntityState.Live;
import com.verenc.kms.node.key.model.Origin;
import com.verenc.kms.protocol.ErrorCode;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Function;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;

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

  /**
   * What a key of a spec that does not rotate refuses: AWS rotates symmetric encryption keys only.
   */
  static final Set<Class<? extends KeyMessage>> ROTATION_AND_STATUS =
      Set.of(
          EnableRotation.class,
          DisableRotation.class,
          RotateOnDemand.class,
          GetRotationStatus.class,
          ListRotations.class);

  /** The cryptographic operations of callers: each uses the key's material. */
  static final Set<Class<? extends KeyMessage>> CRYPTO =
      Set.of(
          Encrypt.class,
          Decrypt.class,
          GenerateDataKey.class,
          GenerateDataKeyPair.class,
          GenerateMac.class,
          VerifyMac.class,
          Sign.class,
          Verify.class,
          GetPublicKey.class,
          DeriveSharedSecret.class);

  /** Bringing the key's own material, for keys of Origin EXTERNAL. */
  static final Set<Class<? extends KeyMessage>> IMPORT =
      Set.of(GetImportParameters.class, ImportMaterial.class, DeleteImportedMaterial.class);

  /** What a key awaiting its imported material refuses: anything that would use the material. */
  static final Set<Class<? extends KeyMessage>> REFUSED_PENDING_IMPORT =
      with(CRYPTO, Enable.class, Disable.class, RotateOnDemand.class);

  /** What uses or changes the key's material or shared part: refused while the key is disabled. */
  static final Set<Class<? extends KeyMessage>> NEEDS_ENABLED =
      with(
          CRYPTO,
          EnableRotation.class,
          DisableRotation.class,
          RotateOnDemand.class,
          Replicate.class,
          UpdatePrimary.class);

  /**
   * What a key pending deletion refuses: everything but reading it, cancelling the deletion,
   * retiring and revoking its grants and (as AWS) deleting its imported material.
   */
  static final Set<Class<? extends KeyMessage>> REFUSED_PENDING_DELETION =
      with(
          CRYPTO,
          GetImportParameters.class,
          ImportMaterial.class,
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
          UpdatePrimary.class,
          KeyCommand.CreateGrant.class);

  @SafeVarargs
  static Set<Class<? extends KeyMessage>> with(
      Set<Class<? extends KeyMessage>> base, Class<? extends KeyMessage>... more) {
    Set<Class<? extends KeyMessage>> all = new HashSet<>(base);
    all.addAll(Arrays.asList(more));
    return Set.copyOf(all);
  }

  KeyStateRules(KeyScope scope) {
    super(scope);
  }

  /** Refuses any command with {@code code} and the key's ARN followed by {@code why}. */
  private static <C extends KeyMessage> HandlerTable.Handler<KeyStateRules, Live, C> refusing(
      ErrorCode code, Function<KeyRecord, String> why) {
    return (h, state, cmd) -> h.refuse(cmd, code, state.key(), why.apply(state.key()));
  }

  private ReplyEffect<KeyEvent, KeyEntityState> refuse(
      KeyMessage cmd, ErrorCode code, KeyRecord key, String why) {
    return reject(cmd, new Rejection(code, rejections.arn(key) + why));
  }

  static void register(HandlerTable.Registrar<KeyStateRules> builder) {
    builder
        .forState(Live.class, whereKey(key -> key.identity().origin() != Origin.EXTERNAL))
        .onCommand(
            oneOf(IMPORT),
            refusing(
                ErrorCode.UNSUPPORTED_OPERATION,
                key ->
                    " was created with its key material generated by the KMS (Origin "
                        + "AWS_KMS): no material can be imported into it or deleted from it. "
                        + "Create a key with Origin EXTERNAL."));
    builder
        .forState(Live.class, whereKey(key -> key.identity().origin() == Origin.EXTERNAL))
        .onCommand(
            EnableRotation.class,
            refusing(
                ErrorCode.UNSUPPORTED_OPERATION,
                key ->
                    " holds imported key material, which the KMS does not rotate "
                        + "automatically: import new material with ImportType "
                        + "NEW_KEY_MATERIAL, then call RotateKeyOnDemand."));
    builder
        .forState(
            Live.class,
            whereKey(
                key -> key.identity().origin() == Origin.EXTERNAL && key.identity().multiRegion()))
        .onCommand(
            RotateOnDemand.class,
            refusing(
                ErrorCode.UNSUPPORTED_OPERATION,
                key ->
                    " is a multi-zone key of imported material; rotating its material is not "
                        + "supported."));
    builder
        .forState(Live.class, whereKey(key -> !key.identity().type().rotates()))
        .onCommand(
            oneOf(ROTATION_AND_STATUS),
            refusing(
                ErrorCode.UNSUPPORTED_OPERATION,
                key ->
                    " is a "
                        + key.identity().keySpec()
                        + " key: automatic and on-demand rotation apply to symmetric "
                        + "encryption keys (SYMMETRIC_DEFAULT) only."));
    builder
        .forState(Live.class, whereKey(key -> key.identity().platformManaged()))
        .onCommand(
            oneOf(REFUSED_ON_PLATFORM_KEYS),
            (h, state, cmd) -> h.reject(cmd, h.rejections.platformManaged(state.key())));
    builder
        .forState(Live.class, whereKey(key -> !key.identity().multiRegion()))
        .onCommand(
            Replicate.class,
            refusing(
                ErrorCode.UNSUPPORTED_OPERATION,
                key ->
                    " is not a multi-zone key and cannot be replicated. Create the key with "
                        + "MultiRegion set to true."))
        .onCommand(
            UpdatePrimary.class,
            refusing(
                ErrorCode.UNSUPPORTED_OPERATION,
                key -> " is not a multi-zone key; it has no primary to move."));
    builder
        .forState(Live.class, whereKey(key -> key.isReplica()))
        .onCommand(
            oneOf(DELETION),
            (h, state, cmd) -> h.reject(cmd, h.rejections.onlyOnPrimary(state.key(), "Deletion")))
        .onCommand(
            oneOf(ROTATION),
            (h, state, cmd) -> h.reject(cmd, h.rejections.onlyOnPrimary(state.key(), "Rotation")))
        .onCommand(
            UpdatePrimary.class,
            (h, state, cmd) ->
                h.reject(cmd, h.rejections.onlyOnPrimary(state.key(), "Moving the primary")))
        .onCommand(
            Replicate.class,
            (h, state, cmd) ->
                h.refuse(
                    cmd,
                    ErrorCode.UNSUPPORTED_OPERATION,
                    state.key(),
                    " in "
                        + h.scope.ctx.zone()
                        + " is a replica; only the primary key, in "
                        + state.key().replication().primaryZone()
                        + ", can be replicated."));
    builder
        .forState(Live.class, whereKey(key -> key.pendingDeletion()))
        .onCommand(
            oneOf(REFUSED_PENDING_DELETION),
            (h, state, cmd) -> h.reject(cmd, h.rejections.pendingDeletion(state.key())));
    builder
        .forState(Live.class, whereKeyOf((scope, key) -> key.awaitingImport(scope.now())))
        .onCommand(
            oneOf(REFUSED_PENDING_IMPORT),
            refusing(
                ErrorCode.INVALID_STATE,
                key ->
                    " is pending import: import its key material first "
                        + "(GetParametersForImport, then ImportKeyMaterial)."));
    builder
        .forState(Live.class, whereKey(key -> !key.enabled()))
        .onCommand(
            oneOf(NEEDS_ENABLED),
            (h, state, cmd) -> h.reject(cmd, h.rejections.disabled(state.key())));
  }
}
