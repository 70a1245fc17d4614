package com.verenc.kms.node.key;

import com.verenc.kms.crypto.AsymmetricKey;
import com.verenc.kms.crypto.CryptoException;
import com.verenc.kms.crypto.IncompatibleAlgorithmException;
import com.verenc.kms.crypto.InvalidCiphertextException;
import com.verenc.kms.crypto.InvalidInputException;
import com.verenc.kms.node.async.Failures;
import com.verenc.kms.node.key.KeyCommand.CryptoCommand;
import com.verenc.kms.node.key.KeyCommand.RotateOnDemand;
import com.verenc.kms.node.key.KeyEntityState.Live;
import com.verenc.kms.node.key.KeyInternal.SecretLoadFailed;
import com.verenc.kms.node.key.KeyInternal.SecretLoaded;
import com.verenc.kms.node.key.model.CryptoOperation;
import com.verenc.kms.node.key.model.KeyIdentity;
import com.verenc.kms.protocol.ErrorCode;
import java.util.Optional;
import java.util.Set;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;

/**
 * The cryptographic operations of callers on a usable key, and the material they need: a command
 * needing material before the key's secret is in memory waits (stashed) while the secret is read
 * off the entity's thread.
 */
final class CryptoHandlers extends KeyHandlers {
  private static final Set<Class<? extends KeyMessage>> NEEDS_MATERIAL =
      KeyStateRules.with(
          KeyStateRules.CRYPTO,
          RotateOnDemand.class,
          KeyCommand.GetImportParameters.class,
          KeyCommand.ImportMaterial.class);

  CryptoHandlers(KeyScope scope) {
    super(scope);
  }

  static void register(HandlerTable.Registrar<CryptoHandlers> builder) {
    builder
        .forState(Live.class, whereKeyOf((scope, key) -> !scope.materials.hasSecret()))
        .onCommand(
            message -> NEEDS_MATERIAL.contains(message.getClass()), CryptoHandlers::loadSecret);
    builder
        .forState(
            Live.class,
            whereKeyOf(
                (scope, key) ->
                    !scope.materials.hasSecret() && RotationHandlers.rotationDue(key, scope.now())))
        .onCommand(message -> message == KeyTick.ROTATE_IF_DUE, CryptoHandlers::loadSecret);
    builder
        .forStateType(Live.class)
        .onCommand(CryptoCommand.class, (h, state, cmd) -> h.serve(state, (CryptoCommand<?>) cmd));
  }

  /** The secret-read outcomes, in any state: the commands waiting on them run again. */
  static void registerOutcomes(HandlerTable.Registrar<CryptoHandlers> builder) {
    builder
        .forAnyState()
        .onCommand(
            SecretLoaded.class,
            (h, state, loaded) -> {
              if (loaded.secret().isPresent()) {
                h.scope.materials.adopt(loaded.secret().get());
              } else {
                h.scope
                    .actor
                    .getLog()
                    .error("Key {}: its secret is missing from the zone database", h.scope.keyId);
                h.scope.materials.loadFailed(h.scope.now(), h.rejections.cryptoFailure());
              }
              return h.effect().noReply().thenUnstashAll();
            })
        .onCommand(
            SecretLoadFailed.class,
            (h, state, failed) -> {
              boolean unwrapFailed = failed.cause() instanceof CryptoException;
              h.scope
                  .actor
                  .getLog()
                  .error(
                      "Key {}: its secret could not be read: {}",
                      h.scope.keyId,
                      failed.cause().getMessage());
              h.scope.materials.loadFailed(
                  h.scope.now(),
                  unwrapFailed ? h.rejections.cryptoFailure() : h.rejections.databaseUnavailable());
              return h.effect().noReply().thenUnstashAll();
            });
  }

  private ReplyEffect<KeyEvent, KeyEntityState> loadSecret(Live state, KeyMessage message) {
    Optional<Rejection> unavailable = scope.materials.unavailable(scope.now());
    if (unavailable.isPresent()) {
      return reject(message, unavailable.get());
    }
    scope.materials.loadStarted();
    scope.actor.pipeToSelf(
        scope.io.call(() -> scope.ctx.secrets().load(scope.persistenceId)),
        (secret, failure) ->
            failure == null
                ? new SecretLoaded(secret)
                : new SecretLoadFailed(Failures.cause(failure)));
    return effect().stash();
  }

  private <A extends KeyAnswer> ReplyEffect<KeyEvent, KeyEntityState> serve(
      Live state, CryptoCommand<A> cmd) {
    KeyRecord key = state.key();
    KeyIdentity identity = key.identity();
    CryptoOperation requested = cmd.request().operation();
    if (!identity.type().serves(identity.keyUsage(), requested)) {
      return reject(cmd, wrongUsage(key, requested));
    }
    try {
      Optional<A> answer = cmd.request().servedBy(crypto(key));
      if (answer.isEmpty()) {
        return reject(cmd, rejections.invalidCiphertext());
      }
      scope.resident.publish(key, scope.materials);
      return reply(cmd, answer.get());
    } catch (InvalidCiphertextException e) {
      return reject(cmd, rejections.invalidCiphertext());
    } catch (KeyCrypto.NotVerified e) {
      return reject(cmd, e.rejection());
    } catch (IncompatibleAlgorithmException e) {
      return reject(cmd, new Rejection(ErrorCode.INVALID_KEY_USAGE, e.getMessage()));
    } catch (InvalidInputException e) {
      return reject(cmd, new Rejection(ErrorCode.VALIDATION, e.getMessage()));
    } catch (CryptoException e) {
      scope
          .actor
          .getLog()
          .error(
              "Key {}: cryptographic failure serving {}: {}",
              scope.keyId,
              cmd.getClass().getSimpleName(),
              e.getMessage());
      return reject(cmd, rejections.cryptoFailure());
    }
  }

  private KeyCrypto crypto(KeyRecord key) {
    KeyIdentity identity = key.identity();
    return new KeyCrypto(
        scope.keyId,
        rejections.arn(key),
        identity.type(),
        identity.keyUsage(),
        new KeyCrypto.Materials() {
          @Override
          public int currentVersion() {
            return key.materials().current().version();
          }

          @Override
          public Optional<byte[]> version(int version) {
            return key.materials().version(version).map(scope.materials::material);
          }

          @Override
          public Optional<AsymmetricKey> keyPair(int version) {
            return key.materials()
                .version(version)
                .map(v -> scope.materials.keyPair(identity.type(), v));
          }
        });
  }

  private Rejection wrongUsage(KeyRecord key, CryptoOperation operation) {
    if (operation == CryptoOperation.GET_PUBLIC_KEY) {
      return new Rejection(
          ErrorCode.UNSUPPORTED_OPERATION,
          rejections.arn(key)
              + " is a "
              + key.identity().keySpec()
              + " key, which has no public key: GetPublicKey applies to asymmetric (RSA and ECC) "
              + "keys.");
    }
    return new Rejection(
        ErrorCode.INVALID_KEY_USAGE,
        rejections.arn(key)
            + " is a "
            + key.identity().keySpec()
            + " key with KeyUsage "
            + key.identity().keyUsage()
            + ", which does not allow "
            + operation
            + ".");
  }
}
