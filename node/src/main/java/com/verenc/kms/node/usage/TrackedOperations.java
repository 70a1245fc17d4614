package com.verenc.kms.node.usage;

import com.verenc.kms.protocol.model.DecryptResponse;
import com.verenc.kms.protocol.model.DeriveSharedSecretResponse;
import com.verenc.kms.protocol.model.EncryptResponse;
import com.verenc.kms.protocol.model.GenerateDataKeyPairResponse;
import com.verenc.kms.protocol.model.GenerateDataKeyPairWithoutPlaintextResponse;
import com.verenc.kms.protocol.model.GenerateDataKeyResponse;
import com.verenc.kms.protocol.model.GenerateDataKeyWithoutPlaintextResponse;
import com.verenc.kms.protocol.model.GenerateMacResponse;
import com.verenc.kms.protocol.model.KmsResponse;
import com.verenc.kms.protocol.model.ReEncryptResponse;
import com.verenc.kms.protocol.model.SignResponse;
import com.verenc.kms.protocol.model.VerifyMacResponse;
import com.verenc.kms.protocol.model.VerifyResponse;
import java.util.List;

/**
 * The operations GetKeyLastUsage reports (AWS's KeyLastUsageTrackingOperation) and the keys a
 * successful response of each names: one, or two for ReEncrypt, which uses its source key to
 * decrypt and its destination key to encrypt.
 */
final class TrackedOperations {
  private TrackedOperations() {}

  /** The ARNs of the keys a successful response used; empty for an operation not tracked. */
  static List<String> keysUsed(KmsResponse response) {
    if (response instanceof ReEncryptResponse r) {
      return r.sourceKeyId().equals(r.keyId())
          ? List.of(r.keyId())
          : List.of(r.sourceKeyId(), r.keyId());
    }
    String keyArn = singleKey(response);
    return keyArn == null ? List.of() : List.of(keyArn);
  }

  private static String singleKey(KmsResponse response) {
    if (response instanceof EncryptResponse r) {
      return r.keyId();
    } else if (response instanceof DecryptResponse r) {
      return r.keyId();
    } else if (response instanceof GenerateDataKeyResponse r) {
      return r.keyId();
    } else if (response instanceof GenerateDataKeyWithoutPlaintextResponse r) {
      return r.keyId();
    } else if (response instanceof GenerateDataKeyPairResponse r) {
      return r.keyId();
    } else if (response instanceof GenerateDataKeyPairWithoutPlaintextResponse r) {
      return r.keyId();
    } else if (response instanceof GenerateMacResponse r) {
      return r.keyId();
    } else if (response instanceof VerifyMacResponse r) {
      return r.keyId();
    } else if (response instanceof SignResponse r) {
      return r.keyId();
    } else if (response instanceof VerifyResponse r) {
      return r.keyId();
    } else if (response instanceof DeriveSharedSecretResponse r) {
      return r.keyId();
    }
    return null;
  }
}
