package com.verenc.kms.crypto;

import java.security.spec.MGF1ParameterSpec;
import java.util.HexFormat;

/** The hash functions behind the AWS MAC, signing and OAEP algorithms, with their JCA names. */
enum Hash {
  SHA_1("SHA-1", "SHA1", 20, MGF1ParameterSpec.SHA1, null),
  SHA_224("SHA-224", "SHA224", 28, MGF1ParameterSpec.SHA224, null),
  SHA_256(
      "SHA-256", "SHA256", 32, MGF1ParameterSpec.SHA256, "3031300d060960864801650304020105000420"),
  SHA_384(
      "SHA-384", "SHA384", 48, MGF1ParameterSpec.SHA384, "3041300d060960864801650304020205000430"),
  SHA_512(
      "SHA-512", "SHA512", 64, MGF1ParameterSpec.SHA512, "3051300d060960864801650304020305000440");

  private final String jcaName;
  private final String shortName;
  private final int bytes;
  private final MGF1ParameterSpec mgf1;
  private final byte[] digestInfoPrefix;

  Hash(String jcaName, String shortName, int bytes, MGF1ParameterSpec mgf1, String prefixHex) {
    this.jcaName = jcaName;
    this.shortName = shortName;
    this.bytes = bytes;
    this.mgf1 = mgf1;
    this.digestInfoPrefix = prefixHex == null ? null : HexFormat.of().parseHex(prefixHex);
  }

  /** The MessageDigest name, such as {@code SHA-256}. */
  String jcaName() {
    return jcaName;
  }

  /** The name used inside JCA signature names, such as {@code SHA256} in SHA256withRSA. */
  String shortName() {
    return shortName;
  }

  int bytes() {
    return bytes;
  }

  MGF1ParameterSpec mgf1() {
    return mgf1;
  }

  /**
   * The DER DigestInfo header that PKCS #1 v1.5 signatures put before the digest (RFC 8017 section
   * 9.2, note 1); only the SHA-2 hashes the AWS RSA signing algorithms use have one here.
   */
  byte[] digestInfoPrefix() {
    if (digestInfoPrefix == null) {
      throw new IllegalStateException(name() + " is not used for PKCS #1 v1.5 signatures");
    }
    return digestInfoPrefix.clone();
  }
}
