package com.verenc.kms.node.key;

import com.verenc.kms.crypto.ExpiredImportTokenException;
import com.verenc.kms.crypto.ImportToken;
import com.verenc.kms.crypto.ImportWrapping;
import com.verenc.kms.crypto.InvalidCiphertextException;
import com.verenc.kms.crypto.InvalidImportTokenException;
import com.verenc.kms.crypto.InvalidInputException;
import com.verenc.kms.crypto.KeySpec;
import com.verenc.kms.crypto.WrappingAlgorithm;
import com.verenc.kms.crypto.WrappingKeySpec;
import com.verenc.kms.node.async.Failures;
import com.verenc.kms.node.key.KeyCommand.DeleteImportedMaterial;
import com.verenc.kms.node.key.KeyCommand.GetImportParameters;
import com.verenc.kms.node.key.KeyCommand.ImportMaterial;
import com.verenc.kms.node.key.KeyEntityState.Live;
import com.verenc.kms.node.key.KeyInternal.WrappingKeyReady;
import com.verenc.kms.node.key.model.ImportedMaterial;
import com.verenc.kms.protocol.ErrorCode;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;

/**
 * Bring your own key material, for keys created with Origin EXTERNAL: GetParametersForImport (a
 * wrapping key pair made off the entity's thread, its private half sealed in the import token under
 * the key's secret, so the token works only for this key), ImportKeyMaterial (the material
 * unwrapped, checked against the key's spec and against any material imported before, stored
 * wrapped like generated material), DeleteImportedKeyMaterial, and the expiry sweeper's deletion of
 * material past its ValidTo. (A key past ValidTo refuses cryptography before the sweeper comes:
 * KeyRecord.awaitingImport.)
 */
final class ImportHandlers extends KeyHandlers {

  ImportHandlers(KeyScope scope) {
    super(scope);
  }

  static void registerOutcomes(HandlerTable.Registrar<ImportHandlers> builder) {
    builder.forAnyState().onCommand(WrappingKeyReady.class, ImportHandlers::parametersReady);
  }

  static void register(HandlerTable.Registrar<ImportHandlers> builder) {
    builder
        .forStateType(Live.class)
        .onCommand(GetImportParameters.class, ImportHandlers::parameters)
        .onCommand(ImportMaterial.class, ImportHandlers::importMaterial)
        .onCommand(DeleteImportedMaterial.class, ImportHandlers::delete)
        .onCommand(message -> message == KeyTick.EXPIRE_IF_DUE, ImportHandlers::expireIfDue);
  }

  private ReplyEffect<KeyEvent, KeyEntityState> parameters(Live state, GetImportParameters cmd) {
    WrappingKeySpec spec;
    try {
      spec = WrappingKeySpec.of(cmd.wrappingKeySpec());
      ImportWrapping.requireAllowed(
          state.key().identity().type().primitive(),
          spec,
          WrappingAlgorithm.of(cmd.wrappingAlgorithm()));
    } catch (InvalidInputException e) {
      return reject(cmd, new Rejection(ErrorCode.VALIDATION, e.getMessage()));
    }
    scope.actor.pipeToSelf(
        CompletableFuture.supplyAsync(() -> ImportWrapping.generate(spec), KEY_GENERATION),
        (pair, failure) ->
            new WrappingKeyReady(cmd, pair, failure == null ? null : Failures.cause(failure)));
    return effect().noReply();
  }

  private ReplyEffect<KeyEvent, KeyEntityState> parametersReady(
      KeyEntityState state, WrappingKeyReady ready) {
    GetImportParameters cmd = ready.command();
    if (ready.failure() != null || !(state instanceof Live live) || !scope.materials.hasSecret()) {
      scope
          .actor
          .getLog()
          .error(
              "Key {}: no import parameters: {}",
              scope.keyId,
              ready.failure() == null ? "the key changed meanwhile" : ready.failure().getMessage());
      return reject(cmd, rejections.cryptoFailure());
    }
    Instant now = scope.now();
    byte[] token =
        scope.materials.importToken(
            scope.keyId,
            WrappingKeySpec.of(cmd.wrappingKeySpec()),
            ready.pair(),
            WrappingAlgorithm.of(cmd.wrappingAlgorithm()),
            now);
    return reply(
        cmd,
        new KeyAnswer.ImportParameters(
            rejections.arn(live.key()),
            token,
            ready.pair().publicKeyDer(),
            ImportToken.validTo(now)));
  }

  private ReplyEffect<KeyEvent, KeyEntityState> importMaterial(Live state, ImportMaterial cmd) {
    KeyRecord key = state.key();
    Instant now = scope.now();
    ImportToken token;
    try {
      token = scope.materials.openImportToken(scope.keyId, cmd.importToken(), now);
    } catch (ExpiredImportTokenException e) {
      return reject(
          cmd,
          new Rejection(
              ErrorCode.EXPIRED_IMPORT_TOKEN,
              "The import token has expired: call GetParametersForImport for a new token and "
                  + "wrapping key, and wrap the key material again."));
    } catch (InvalidImportTokenException e) {
      return reject(
          cmd,
          new Rejection(
              ErrorCode.INVALID_IMPORT_TOKEN,
              "The import token is not valid for "
                  + rejections.arn(key)
                  + ": send the ImportToken GetParametersForImport returned for this key."));
    }
    try {
      KeySpec spec = key.identity().type().primitive();
      byte[] material =
          com.verenc.kms.crypto.ImportedMaterial.validate(
              spec,
              ImportWrapping.unwrap(
                  token.wrappingPrivateKeyDer(),
                  token.wrappingAlgorithm(),
                  cmd.encryptedMaterial()));
      MaterialImports.Outcome outcome =
          new MaterialImports(scope.materials, rejections).decide(key, cmd, material, now);
      if (outcome.rejection() != null) {
        return reject(cmd, outcome.rejection());
      }
      return persistTracked(outcome.event())
          .thenReply(
              cmd.replyTo(),
              s ->
                  KeyReply.ok(
                      new KeyAnswer.MaterialId(rejections.arn(key), outcome.keyMaterialId())));
    } catch (InvalidCiphertextException e) {
      return reject(
          cmd,
          new Rejection(
              ErrorCode.INVALID_CIPHERTEXT,
              "The encrypted key material does not decrypt with the wrapping key of this import "
                  + "token: wrap it with the PublicKey and WrappingAlgorithm of the same "
                  + "GetParametersForImport answer."));
    } catch (InvalidInputException e) {
      return reject(cmd, new Rejection(ErrorCode.INCORRECT_KEY_MATERIAL, e.getMessage()));
    } finally {
      token.wipe();
    }
  }

  private ReplyEffect<KeyEvent, KeyEntityState> delete(Live state, DeleteImportedMaterial cmd) {
    KeyRecord key = state.key();
    Optional<ImportedMaterial> target =
        cmd.keyMaterialId() == null
            ? Optional.ofNullable(key.materials().imported())
            : key.materials().imports().stream()
                .filter(i -> i.keyMaterialId().equals(cmd.keyMaterialId()))
                .findFirst();
    if (target.isEmpty() && cmd.keyMaterialId() != null) {
      return reject(
          cmd,
          new Rejection(
              ErrorCode.NOT_FOUND,
              rejections.arn(key)
                  + " has no key material "
                  + cmd.keyMaterialId()
                  + ": ListKeyRotations lists the KeyMaterialId of each material it had."));
    }
    if (target.isEmpty() || !target.get().present()) {
      return reject(
          cmd,
          new Rejection(
              ErrorCode.INVALID_STATE,
              rejections.arn(key)
                  + (cmd.keyMaterialId() == null
                      ? " has no imported key material to delete."
                      : "'s key material " + cmd.keyMaterialId() + " is deleted already.")));
    }
    ImportedMaterial deleted = target.get();
    return persistTracked(new KeyEvent.ImportedMaterialDeleted(scope.now(), deleted.version()))
        .thenRun(s -> scope.materials.dropVersions())
        .thenReply(
            cmd.replyTo(),
            s ->
                KeyReply.ok(
                    new KeyAnswer.MaterialId(rejections.arn(key), deleted.keyMaterialId())));
  }

  private ReplyEffect<KeyEvent, KeyEntityState> expireIfDue(Live state, KeyMessage tick) {
    Instant now = scope.now();
    List<ImportedMaterial> expired =
        state.key().materials().imports().stream().filter(i -> i.expiredAt(now)).toList();
    if (expired.isEmpty()) {
      // The row that caused the tick is stale (material deleted or imported again meanwhile).
      scope.ensureSchedule(state);
      return effect().noReply();
    }
    for (ImportedMaterial material : expired) {
      scope
          .actor
          .getLog()
          .info(
              "Key {}: its imported key material {} expired at {} and is deleted",
              scope.keyId,
              material.keyMaterialId(),
              material.validTo());
    }
    return persistTracked(
            expired.stream()
                .map(m -> (KeyEvent) new KeyEvent.ImportedMaterialDeleted(now, m.version()))
                .toList())
        .thenRun(s -> scope.materials.dropVersions())
        .thenNoReply();
  }
}
