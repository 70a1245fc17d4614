package com.verenc.kms.node.api;

import com.verenc.kms.node.auth.Caller;
import com.verenc.kms.node.key.KeyAnswer;
import com.verenc.kms.node.key.KeyCommand;
import com.verenc.kms.protocol.KmsException;
import com.verenc.kms.protocol.model.DeleteImportedKeyMaterialRequest;
import com.verenc.kms.protocol.model.DeleteImportedKeyMaterialResponse;
import com.verenc.kms.protocol.model.GetParametersForImportRequest;
import com.verenc.kms.protocol.model.GetParametersForImportResponse;
import com.verenc.kms.protocol.model.ImportKeyMaterialRequest;
import com.verenc.kms.protocol.model.ImportKeyMaterialResponse;
import com.verenc.kms.protocol.model.KmsResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletionStage;

/**
 * GetParametersForImport, ImportKeyMaterial and DeleteImportedKeyMaterial for keys created with
 * Origin EXTERNAL. What depends on the key (its origin, spec, secret, earlier material) is the
 * key's to check; the expiration rules of the request are checked here.
 */
final class ImportOperations {
  private static final String EXPIRES = "KEY_MATERIAL_EXPIRES";
  private static final String DOES_NOT_EXPIRE = "KEY_MATERIAL_DOES_NOT_EXPIRE";

  /** AWS accepts a ValidTo at most 365 days ahead. */
  private static final Duration LONGEST_VALIDITY = Duration.ofDays(365);

  private final KeyRequests requests;

  /** The node's clock, which also judges the material's expiry and the import token's. */
  private final Clock clock;

  ImportOperations(KeyRequests requests, Clock clock) {
    this.requests = requests;
    this.clock = clock;
  }

  CompletionStage<KmsResponse> getParametersForImport(
      Caller caller, GetParametersForImportRequest r) {
    return requests
        .<KeyAnswer.ImportParameters>askGenerating(
            caller,
            r.keyId(),
            replyTo ->
                new KeyCommand.GetImportParameters(
                    caller.accountId(), r.wrappingAlgorithm(), r.wrappingKeySpec(), replyTo))
        .thenApply(
            p ->
                new GetParametersForImportResponse(
                    p.keyArn(), p.importToken(), p.publicKey(), p.validTo()));
  }

  CompletionStage<KmsResponse> importKeyMaterial(Caller caller, ImportKeyMaterialRequest r) {
    Instant validTo = validTo(r.expirationModel(), r.validTo(), clock.instant());
    if ("NEW_KEY_MATERIAL".equals(r.importType()) && r.keyMaterialId() != null) {
      throw KmsException.validation(
          "KeyMaterialId names material imported before: give it with ImportType "
              + "EXISTING_KEY_MATERIAL, not NEW_KEY_MATERIAL, or omit it.");
    }
    return requests
        .<KeyAnswer.MaterialId>ask(
            caller,
            r.keyId(),
            replyTo ->
                new KeyCommand.ImportMaterial(
                    caller.accountId(),
                    r.importToken(),
                    r.encryptedKeyMaterial(),
                    validTo,
                    r.importType(),
                    r.keyMaterialId(),
                    r.keyMaterialDescription(),
                    replyTo))
        .thenApply(m -> new ImportKeyMaterialResponse(m.keyArn(), m.keyMaterialId()));
  }

  CompletionStage<KmsResponse> deleteImportedKeyMaterial(
      Caller caller, DeleteImportedKeyMaterialRequest r) {
    return requests
        .<KeyAnswer.MaterialId>ask(
            caller,
            r.keyId(),
            replyTo ->
                new KeyCommand.DeleteImportedMaterial(
                    caller.accountId(), r.keyMaterialId(), replyTo))
        .thenApply(m -> new DeleteImportedKeyMaterialResponse(m.keyArn(), m.keyMaterialId()));
  }

  /**
   * When the material expires: the ValidTo of KEY_MATERIAL_EXPIRES (the default), which must be
   * given, in the future and at most 365 days ahead; null for KEY_MATERIAL_DOES_NOT_EXPIRE, which
   * takes no ValidTo.
   */
  static Instant validTo(String expirationModel, Instant validTo, Instant now) {
    if (DOES_NOT_EXPIRE.equals(expirationModel)) {
      if (validTo != null) {
        throw KmsException.validation(
            "ValidTo is only for ExpirationModel KEY_MATERIAL_EXPIRES: omit it with "
                + "KEY_MATERIAL_DOES_NOT_EXPIRE.");
      }
      return null;
    }
    if (validTo == null) {
      throw KmsException.validation(
          "ExpirationModel "
              + (expirationModel == null ? EXPIRES + " (the default)" : expirationModel)
              + " needs ValidTo, when the material expires; or give ExpirationModel "
              + DOES_NOT_EXPIRE
              + ".");
    }
    if (!validTo.isAfter(now) || validTo.isAfter(now.plus(LONGEST_VALIDITY))) {
      throw KmsException.validation(
          "ValidTo must be in the future and at most 365 days from now; it is " + validTo + ".");
    }
    return validTo;
  }
}
