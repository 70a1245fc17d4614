package com.verenc.kms.node.api;

import com.verenc.kms.crypto.AsymmetricKeys;
import com.verenc.kms.crypto.DataKeyPair;
import com.verenc.kms.crypto.InvalidInputException;
import com.verenc.kms.node.auth.Caller;
import com.verenc.kms.node.key.CryptoRequest;
import com.verenc.kms.node.key.KeyAnswer;
import com.verenc.kms.node.key.KeyCommand;
import com.verenc.kms.node.key.model.KeyAlgorithms;
import com.verenc.kms.protocol.KmsException;
import com.verenc.kms.protocol.model.DeriveSharedSecretRequest;
import com.verenc.kms.protocol.model.DeriveSharedSecretResponse;
import com.verenc.kms.protocol.model.GenerateDataKeyPairRequest;
import com.verenc.kms.protocol.model.GenerateDataKeyPairResponse;
import com.verenc.kms.protocol.model.GenerateDataKeyPairWithoutPlaintextRequest;
import com.verenc.kms.protocol.model.GenerateDataKeyPairWithoutPlaintextResponse;
import com.verenc.kms.protocol.model.GetPublicKeyRequest;
import com.verenc.kms.protocol.model.GetPublicKeyResponse;
import com.verenc.kms.protocol.model.KmsResponse;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.Collectors;

/**
 * GetPublicKey and DeriveSharedSecret with a key's own pair, and
 * GenerateDataKeyPair(WithoutPlaintext): a fresh pair made here, its private key sealed under a
 * symmetric key as a data key is.
 */
final class KeyPairOperations {
  private static final String KEY_ORIGIN = "AWS_KMS";

  private final KeyRequests requests;
  private final DryRuns dryRuns;

  /**
   * Where new data key pairs are generated: an RSA_4096 pair takes a second of CPU, which must not
   * hold a dispatcher thread.
   */
  private final Executor generation = ForkJoinPool.commonPool();

  KeyPairOperations(KeyRequests requests, DryRuns dryRuns) {
    this.requests = requests;
    this.dryRuns = dryRuns;
  }

  CompletionStage<KmsResponse> getPublicKey(Caller caller, GetPublicKeyRequest r) {
    var request = new CryptoRequest.PublicKeyRequest(caller.accountId());
    return requests
        .crypto(
            caller, r.keyId(), request, replyTo -> new KeyCommand.GetPublicKey(request, replyTo))
        .thenApply(
            p -> {
              KeyAlgorithms algorithms = p.keySpec().type().algorithms(p.keyUsage());
              return new GetPublicKeyResponse(
                  p.keyArn(),
                  p.publicKey(),
                  p.keySpec().name(),
                  p.keySpec().name(),
                  p.keyUsage().name(),
                  KeyAlgorithms.onWire(algorithms.encryption()),
                  KeyAlgorithms.onWire(algorithms.signing()),
                  KeyAlgorithms.onWire(algorithms.keyAgreement()));
            });
  }

  CompletionStage<KmsResponse> deriveSharedSecret(Caller caller, DeriveSharedSecretRequest r) {
    CryptoOperations.refuseRecipient(r.recipient());
    if (Boolean.TRUE.equals(r.dryRun())) {
      return dryRuns.dryRun(caller, r.keyId(), "kms:DeriveSharedSecret");
    }
    var request =
        new CryptoRequest.SharedSecretRequest(
            caller.accountId(), r.keyAgreementAlgorithm(), r.publicKey());
    return requests
        .crypto(
            caller,
            r.keyId(),
            request,
            replyTo -> new KeyCommand.DeriveSharedSecret(request, replyTo))
        .thenApply(
            s ->
                new DeriveSharedSecretResponse(
                    s.keyArn(), s.sharedSecret(), null, r.keyAgreementAlgorithm(), KEY_ORIGIN));
  }

  CompletionStage<KmsResponse> generateDataKeyPair(Caller caller, GenerateDataKeyPairRequest r) {
    CryptoOperations.refuseRecipient(r.recipient());
    if (Boolean.TRUE.equals(r.dryRun())) {
      return dryRuns.dryRun(caller, r.keyId(), "kms:GenerateDataKeyPair", r.encryptionContext());
    }
    return sealedPair(caller, r.keyId(), r.keyPairSpec(), r.encryptionContext(), true)
        .thenApply(
            s ->
                new GenerateDataKeyPairResponse(
                    s.ciphertext().blob(),
                    s.pair().privateKeyDer(),
                    s.pair().publicKeyDer(),
                    s.ciphertext().keyArn(),
                    r.keyPairSpec(),
                    null,
                    null));
  }

  CompletionStage<KmsResponse> generateDataKeyPairWithoutPlaintext(
      Caller caller, GenerateDataKeyPairWithoutPlaintextRequest r) {
    if (Boolean.TRUE.equals(r.dryRun())) {
      return dryRuns.dryRun(
          caller, r.keyId(), "kms:GenerateDataKeyPairWithoutPlaintext", r.encryptionContext());
    }
    return sealedPair(caller, r.keyId(), r.keyPairSpec(), r.encryptionContext(), false)
        .thenApply(
            s ->
                new GenerateDataKeyPairWithoutPlaintextResponse(
                    s.ciphertext().blob(),
                    s.pair().publicKeyDer(),
                    s.ciphertext().keyArn(),
                    r.keyPairSpec(),
                    null));
  }

  private record SealedPair(DataKeyPair pair, KeyAnswer.Ciphertext ciphertext) {}

  private CompletionStage<SealedPair> sealedPair(
      Caller caller,
      String keyReference,
      String keyPairSpec,
      Map<String, String> context,
      boolean includePlaintext) {
    com.verenc.kms.crypto.KeySpec spec = keyPairSpec(keyPairSpec);
    return CompletableFuture.supplyAsync(() -> AsymmetricKeys.generateDataKeyPair(spec), generation)
        .thenCompose(
            pair -> {
              var request =
                  new CryptoRequest.DataKeyPairRequest(
                      caller.accountId(),
                      pair.privateKeyDer(),
                      context == null ? Map.of() : context,
                      includePlaintext);
              return requests
                  .crypto(
                      caller,
                      keyReference,
                      request,
                      replyTo -> new KeyCommand.GenerateDataKeyPair(request, replyTo))
                  .thenApply(ciphertext -> new SealedPair(pair, ciphertext));
            });
  }

  /**
   * The spec of the pair to generate. The protocol admits every KeyPairSpec AWS knows; SM2 and
   * ECC_NIST_EDWARDS25519 are not generated here, which is the caller's UnsupportedOperation, not
   * an internal failure.
   */
  private static com.verenc.kms.crypto.KeySpec keyPairSpec(String name) {
    try {
      return com.verenc.kms.crypto.KeySpec.of(name);
    } catch (InvalidInputException e) {
      throw KmsException.unsupported(
          "KeyPairSpec "
              + name
              + " is not supported: this KMS generates data key pairs of the specs "
              + Arrays.stream(com.verenc.kms.crypto.KeySpec.values())
                  .filter(com.verenc.kms.crypto.KeySpec::isAsymmetric)
                  .map(Enum::name)
                  .collect(Collectors.joining(", "))
              + ".");
    }
  }
}
