package com.verenc.kms.node.usage;

import com.verenc.kms.protocol.model.CryptoResponse;
import com.verenc.kms.protocol.model.KmsResponse;
import com.verenc.kms.protocol.model.ReEncryptResponse;
import java.util.List;

/**
 * The operations GetKeyLastUsage reports (AWS's KeyLastUsageTrackingOperation: those whose response
 * is a {@link CryptoResponse}) and the keys a successful response of each names: one, or two for
 * ReEncrypt, which uses its source key to decrypt and its destination key to encrypt.
 */
final class TrackedOperations {
  private TrackedOperations() {}

  /** The ARNs of the keys a successful response used; empty for an operation not tracked. */
  static List<String> keysUsed(KmsResponse response) {
    if (response instanceof ReEncryptResponse r && !r.sourceKeyId().equals(r.keyId())) {
      return List.of(r.sourceKeyId(), r.keyId());
    }
    return response instanceof CryptoResponse r ? List.of(r.keyId()) : List.of();
  }
}
