package com.verenc.kms.node.api;

import com.verenc.kms.node.auth.Caller;
import com.verenc.kms.node.key.CryptoRequest;
import com.verenc.kms.node.key.KeyCommand;
import com.verenc.kms.protocol.KmsException;
import com.verenc.kms.protocol.model.GenerateMacRequest;
import com.verenc.kms.protocol.model.GenerateMacResponse;
import com.verenc.kms.protocol.model.KmsResponse;
import com.verenc.kms.protocol.model.SignRequest;
import com.verenc.kms.protocol.model.SignResponse;
import com.verenc.kms.protocol.model.VerifyMacRequest;
import com.verenc.kms.protocol.model.VerifyMacResponse;
import com.verenc.kms.protocol.model.VerifyRequest;
import com.verenc.kms.protocol.model.VerifyResponse;
import java.util.concurrent.CompletionStage;

/**
 * GenerateMac and VerifyMac with HMAC keys, Sign and Verify with asymmetric keys. The key checks
 * the algorithm is its own; a MAC or signature that does not verify is the key's rejection
 * (KMSInvalidMacException, KMSInvalidSignatureException), as AWS answers.
 */
final class SignatureOperations {
  private final KeyRequests requests;
  private final DryRuns dryRuns;

  SignatureOperations(KeyRequests requests, DryRuns dryRuns) {
    this.requests = requests;
    this.dryRuns = dryRuns;
  }

  CompletionStage<KmsResponse> generateMac(Caller caller, GenerateMacRequest r) {
    if (Boolean.TRUE.equals(r.dryRun())) {
      return dryRuns.dryRun(caller, r.keyId(), "kms:GenerateMac");
    }
    var request =
        new CryptoRequest.GenerateMacRequest(caller.accountId(), r.macAlgorithm(), r.message());
    return requests
        .crypto(caller, r.keyId(), request, replyTo -> new KeyCommand.GenerateMac(request, replyTo))
        .thenApply(m -> new GenerateMacResponse(m.mac(), r.macAlgorithm(), m.keyArn()));
  }

  CompletionStage<KmsResponse> verifyMac(Caller caller, VerifyMacRequest r) {
    if (Boolean.TRUE.equals(r.dryRun())) {
      return dryRuns.dryRun(caller, r.keyId(), "kms:VerifyMac");
    }
    var request =
        new CryptoRequest.VerifyMacRequest(
            caller.accountId(), r.macAlgorithm(), r.message(), r.mac());
    return requests
        .crypto(caller, r.keyId(), request, replyTo -> new KeyCommand.VerifyMac(request, replyTo))
        .thenApply(v -> new VerifyMacResponse(v.keyArn(), true, r.macAlgorithm()));
  }

  CompletionStage<KmsResponse> sign(Caller caller, SignRequest r) {
    if (Boolean.TRUE.equals(r.dryRun())) {
      return dryRuns.dryRun(caller, r.keyId(), "kms:Sign");
    }
    var request =
        new CryptoRequest.SignRequest(
            caller.accountId(), r.signingAlgorithm(), digest(r.messageType()), r.message());
    return requests
        .crypto(caller, r.keyId(), request, replyTo -> new KeyCommand.Sign(request, replyTo))
        .thenApply(s -> new SignResponse(s.keyArn(), s.signature(), r.signingAlgorithm()));
  }

  CompletionStage<KmsResponse> verify(Caller caller, VerifyRequest r) {
    if (Boolean.TRUE.equals(r.dryRun())) {
      return dryRuns.dryRun(caller, r.keyId(), "kms:Verify");
    }
    var request =
        new CryptoRequest.VerifyRequest(
            caller.accountId(),
            r.signingAlgorithm(),
            digest(r.messageType()),
            r.message(),
            r.signature());
    return requests
        .crypto(caller, r.keyId(), request, replyTo -> new KeyCommand.Verify(request, replyTo))
        .thenApply(v -> new VerifyResponse(v.keyArn(), true, r.signingAlgorithm()));
  }

  /**
   * MessageType DIGEST: the message is the digest; RAW (the default) is hashed first. EXTERNAL_MU
   * is the representative of an ML-DSA signature, which no key of this KMS makes: it must not be
   * signed as a RAW message.
   */
  private static boolean digest(String messageType) {
    if ("EXTERNAL_MU".equals(messageType)) {
      throw KmsException.validation(
          "MessageType EXTERNAL_MU is valid only for ML-DSA keys; RSA and ECC keys take RAW or "
              + "DIGEST.");
    }
    return "DIGEST".equals(messageType);
  }
}
