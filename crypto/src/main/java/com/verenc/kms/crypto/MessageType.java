package com.verenc.kms.crypto;

/** The AWS KMS MessageType of Sign and Verify: the message itself, or its digest. */
public enum MessageType {
  /** The message is hashed with the signing algorithm's hash before signing. */
  RAW,
  /** The message is already the digest; its length must be the signing algorithm's hash length. */
  DIGEST;

  /** Parses an AWS MessageType string; an unknown one is an {@link InvalidInputException}. */
  public static MessageType of(String awsName) {
    return AwsNames.parse(MessageType.class, "MessageType", awsName);
  }
}
