package com.verenc.kms.node.api;

import com.verenc.kms.crypto.CiphertextBlob;
import com.verenc.kms.crypto.InvalidCiphertextException;
import com.verenc.kms.crypto.RandomBytes;
import com.verenc.kms.node.auth.Caller;
import com.verenc.kms.node.key.CryptoRequest;
import com.verenc.kms.node.key.KeyAnswer;
import com.verenc.kms.protocol.ErrorCode;
import com.verenc.kms.protocol.KmsException;
import com.verenc.kms.protocol.model.DecryptRequest;
import com.verenc.kms.protocol.model.DecryptResponse;
import com.verenc.kms.protocol.model.EncryptRequest;
import com.verenc.kms.protocol.model.EncryptResponse;
import com.verenc.kms.protocol.model.GenerateDataKeyRequest;
import com.verenc.kms.protocol.model.GenerateDataKeyResponse;
import com.verenc.kms.protocol.model.GenerateDataKeyWithoutPlaintextRequest;
import com.verenc.kms.protocol.model.GenerateDataKeyWithoutPlaintextResponse;
import com.verenc.kms.protocol.model.GenerateRandomRequest;
import com.verenc.kms.protocol.model.GenerateRandomResponse;
import com.verenc.kms.protocol.model.KmsResponse;
import com.verenc.kms.protocol.model.ReEncryptRequest;
import com.verenc.kms.protocol.model.ReEncryptResponse;
import com.verenc.kms.protocol.model.RecipientInfo;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Encrypt, Decrypt, ReEncrypt, GenerateDataKey(WithoutPlaintext) and GenerateRandom. */
final class CryptoOperations {
  private static final String ALGORITHM = "SYMMETRIC_DEFAULT";

  private final KeyEntities keys;
  private final KeyRequests requests;
  private final KeyResolver resolver;
  private final DryRuns dryRuns;

  CryptoOperations(KeyEntities keys, KeyRequests requests, KeyResolver resolver, DryRuns dryRuns) {
    this.keys = keys;
    this.requests = requests;
    this.resolver = resolver;
    this.dryRuns = dryRuns;
  }

  CompletionStage<KmsResponse> encrypt(Caller caller, EncryptRequest r) {
    if (Boolean.TRUE.equals(r.dryRun())) {
      return dryRun(caller, r.keyId(), "kms:Encrypt", r.encryptionContext());
    }
    return requests
        .encrypt(
            caller,
            r.keyId(),
            new CryptoRequest.EncryptRequest(
                caller.accountId(),
                "kms:Encrypt",
                r.plaintext(),
                context(r.encryptionContext()),
                r.encryptionAlgorithm()))
        .thenApply(
            c -> new EncryptResponse(c.blob(), c.keyArn(), algorithm(r.encryptionAlgorithm())));
  }

  CompletionStage<KmsResponse> decrypt(Caller caller, DecryptRequest r) {
    refuseRecipient(r.recipient());
    if (Boolean.TRUE.equals(r.dryRun())
        && ignoresCiphertext(r.dryRunModifiers(), r.keyId(), "KeyId")) {
      return dryRun(caller, r.keyId(), "kms:Decrypt", r.encryptionContext());
    }
    return open(
            caller,
            r.ciphertextBlob(),
            r.keyId(),
            r.encryptionContext(),
            r.encryptionAlgorithm(),
            "kms:Decrypt",
            Boolean.TRUE.equals(r.dryRun()))
        .thenApply(
            p ->
                new DecryptResponse(p.keyArn(), p.plaintext(), algorithm(r.encryptionAlgorithm())));
  }

  CompletionStage<KmsResponse> reEncrypt(Caller caller, ReEncryptRequest r) {
    boolean dryRun = Boolean.TRUE.equals(r.dryRun());
    if (dryRun && ignoresCiphertext(r.dryRunModifiers(), r.sourceKeyId(), "SourceKeyId")) {
      return dryRuns
          .checkUsable(
              caller, r.sourceKeyId(), "kms:ReEncryptFrom", context(r.sourceEncryptionContext()))
          .thenCompose(
              source ->
                  dryRun(
                      caller,
                      r.destinationKeyId(),
                      "kms:ReEncryptTo",
                      r.destinationEncryptionContext()));
    }
    return open(
            caller,
            r.ciphertextBlob(),
            r.sourceKeyId(),
            r.sourceEncryptionContext(),
            r.sourceEncryptionAlgorithm(),
            "kms:ReEncryptFrom",
            false)
        .thenCompose(
            source ->
                dryRun
                    ? dryRun(
                        caller,
                        r.destinationKeyId(),
                        "kms:ReEncryptTo",
                        r.destinationEncryptionContext())
                    : requests
                        .encrypt(
                            caller,
                            r.destinationKeyId(),
                            new CryptoRequest.EncryptRequest(
                                caller.accountId(),
                                "kms:ReEncryptTo",
                                source.plaintext(),
                                context(r.destinationEncryptionContext()),
                                r.destinationEncryptionAlgorithm()))
                        .thenApply(
                            c ->
                                new ReEncryptResponse(
                                    c.blob(),
                                    source.keyArn(),
                                    c.keyArn(),
                                    algorithm(r.sourceEncryptionAlgorithm()),
                                    algorithm(r.destinationEncryptionAlgorithm()))));
  }

  CompletionStage<KmsResponse> generateDataKey(Caller caller, GenerateDataKeyRequest r) {
    refuseRecipient(r.recipient());
    if (Boolean.TRUE.equals(r.dryRun())) {
      return dryRun(caller, r.keyId(), "kms:GenerateDataKey", r.encryptionContext());
    }
    return dataKey(
            caller,
            r.keyId(),
            r.encryptionContext(),
            dataKeyBytes(r.numberOfBytes(), r.keySpec()),
            true)
        .thenApply(d -> new GenerateDataKeyResponse(d.blob(), d.plaintext(), d.keyArn()));
  }

  CompletionStage<KmsResponse> generateDataKeyWithoutPlaintext(
      Caller caller, GenerateDataKeyWithoutPlaintextRequest r) {
    if (Boolean.TRUE.equals(r.dryRun())) {
      return dryRun(
          caller, r.keyId(), "kms:GenerateDataKeyWithoutPlaintext", r.encryptionContext());
    }
    return dataKey(
            caller,
            r.keyId(),
            r.encryptionContext(),
            dataKeyBytes(r.numberOfBytes(), r.keySpec()),
            false)
        .thenApply(d -> new GenerateDataKeyWithoutPlaintextResponse(d.blob(), d.keyArn()));
  }

  CompletionStage<KmsResponse> generateRandom(Caller caller, GenerateRandomRequest r) {
    if (r.customKeyStoreId() != null) {
      throw KmsException.unsupported("Custom key stores are not supported; omit CustomKeyStoreId.");
    }
    refuseRecipient(r.recipient());
    return CompletableFuture.completedFuture(
        new GenerateRandomResponse(RandomBytes.next(r.numberOfBytes())));
  }

  private CompletionStage<KeyAnswer.DataKey> dataKey(
      Caller caller,
      String keyReference,
      Map<String, String> ctx,
      int bytes,
      boolean withPlaintext) {
    return requests.dataKey(
        caller,
        keyReference,
        new CryptoRequest.DataKeyRequest(caller.accountId(), bytes, context(ctx), withPlaintext));
  }

  /**
   * A symmetric blob names its key, so KeyId is optional; when given it must be the key that made
   * the blob (AWS answers IncorrectKeyException otherwise). An RSA ciphertext names nothing: KeyId
   * is required with its EncryptionAlgorithm, as AWS requires it.
   */
  private CompletionStage<KeyAnswer.Plaintext> open(
      Caller caller,
      byte[] ciphertext,
      String keyReference,
      Map<String, String> ctx,
      String algorithm,
      String action,
      boolean dryRun) {
    if (!algorithm(algorithm).equals(ALGORITHM)) {
      if (keyReference == null) {
        throw KmsException.validation(
            "EncryptionAlgorithm "
                + algorithm
                + " decrypts with an asymmetric key: give the KeyId of the key whose public key "
                + "encrypted the ciphertext.");
      }
      return dryRun
          ? dryRun(caller, keyReference, action, ctx).thenApply(never -> (KeyAnswer.Plaintext) null)
          : resolver
              .target(caller, keyReference)
              .thenCompose(
                  key ->
                      keys.decrypt(
                          KeyRequests.requester(caller, keyReference),
                          caller.grantUse(),
                          key.accountId(),
                          key.keyId(),
                          new CryptoRequest.DecryptRequest(
                              caller.accountId(), action, ciphertext, context(ctx), algorithm)));
    }
    String blobKeyId;
    try {
      blobKeyId = CiphertextBlob.keyIdOf(ciphertext);
    } catch (InvalidCiphertextException e) {
      throw KmsException.invalidCiphertext();
    }
    CompletionStage<KeyResolver.KeyTarget> key =
        keyReference == null
            ? CompletableFuture.completedFuture(
                new KeyResolver.KeyTarget(caller.accountId(), blobKeyId))
            : resolver
                .target(caller, keyReference)
                .thenApply(
                    requested -> {
                      if (!requested.keyId().equals(blobKeyId)) {
                        throw new KmsException(
                            ErrorCode.INCORRECT_KEY,
                            "The key in the request is not the key that encrypted the ciphertext. Omit KeyId or name "
                                + "the key that encrypted it.");
                      }
                      return requested;
                    });
    if (dryRun) {
      return key.thenCompose(
              k -> dryRun(caller, keyReference == null ? k.keyId() : keyReference, action, ctx))
          .thenApply(never -> (KeyAnswer.Plaintext) null);
    }
    return key.thenCompose(
        k ->
            keys.decrypt(
                KeyRequests.requester(caller, keyReference),
                caller.grantUse(),
                k.accountId(),
                k.keyId(),
                new CryptoRequest.DecryptRequest(
                    caller.accountId(), action, ciphertext, context(ctx), algorithm)));
  }

  private CompletionStage<KmsResponse> dryRun(
      Caller caller, String keyReference, String action, Map<String, String> ctx) {
    return dryRuns.dryRun(caller, keyReference, action, context(ctx));
  }

  private static int dataKeyBytes(Integer numberOfBytes, String keySpec) {
    if (numberOfBytes != null) {
      return numberOfBytes;
    }
    return "AES_128".equals(keySpec) ? 16 : 32;
  }

  /** The EncryptionAlgorithm a request names, SYMMETRIC_DEFAULT when it names none. */
  private static String algorithm(String requested) {
    return requested == null ? ALGORITHM : requested;
  }

  /**
   * DryRunModifiers IGNORE_CIPHERTEXT: check only the permissions on the keys the request names
   * (the key member is then required, as the ciphertext is not read for it).
   */
  private static boolean ignoresCiphertext(
      java.util.List<String> modifiers, String keyId, String member) {
    if (modifiers == null || !modifiers.contains("IGNORE_CIPHERTEXT")) {
      return false;
    }
    if (keyId == null) {
      throw KmsException.validation(
          "DryRunModifiers IGNORE_CIPHERTEXT checks the permission on the key named by "
              + member
              + ": give "
              + member
              + ".");
    }
    return true;
  }

  /** Answers for a Nitro enclave need its attestation verified, which this KMS cannot do. */
  static void refuseRecipient(RecipientInfo recipient) {
    if (recipient != null) {
      throw KmsException.unsupported(
          "Recipient (a Nitro Enclaves attestation document) is not supported: this KMS "
              + "cannot verify attestations. Omit Recipient.");
    }
  }

  private static Map<String, String> context(Map<String, String> ctx) {
    return ctx == null ? Map.of() : ctx;
  }
}
