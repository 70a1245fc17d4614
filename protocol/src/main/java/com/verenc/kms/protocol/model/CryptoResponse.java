package com.verenc.kms.protocol.model;

/**
 * The response of a cryptographic operation, which names the key it used by its ARN (ReEncrypt's:
 * the destination key; its source key is SourceKeyId).
 */
public interface CryptoResponse extends KmsResponse {
  String keyId();
}
