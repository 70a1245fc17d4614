package com.verenc.kms.crypto;

/** The AWS KMS MacAlgorithmSpec values: HMAC (RFC 2104) with a SHA-2 hash. */
public enum MacAlgorithm {
  HMAC_SHA_224(Hash.SHA_224, "HmacSHA224", 64),
  HMAC_SHA_256(Hash.SHA_256, "HmacSHA256", 64),
  HMAC_SHA_384(Hash.SHA_384, "HmacSHA384", 128),
  HMAC_SHA_512(Hash.SHA_512, "HmacSHA512", 128);

  private final Hash hash;
  private final String jcaName;
  private final int blockBytes;

  MacAlgorithm(Hash hash, String jcaName, int blockBytes) {
    this.hash = hash;
    this.jcaName = jcaName;
    this.blockBytes = blockBytes;
  }

  /** Parses an AWS MacAlgorithmSpec string; an unknown one is an {@link InvalidInputException}. */
  public static MacAlgorithm of(String awsName) {
    return AwsNames.parse(MacAlgorithm.class, "MacAlgorithm", awsName);
  }

  /** Length of the MAC this algorithm produces. */
  public int macBytes() {
    return hash.bytes();
  }

  String jcaName() {
    return jcaName;
  }

  /** The hash's block size: HMAC hashes longer keys down, so longer keys add nothing. */
  int blockBytes() {
    return blockBytes;
  }
}
