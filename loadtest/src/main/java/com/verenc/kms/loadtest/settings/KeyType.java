package com.verenc.kms.loadtest.settings;

import java.util.Base64;
import java.util.List;

/**
 * The kind of key a simulation prepares and calls ({@code load.keySpec}, default {@code
 * SYMMETRIC_DEFAULT}), with the key usage it is created with, the one algorithm the load uses with
 * it and the request bodies of its operations. Signing keys sign with ECDSA_SHA_256/384/512 by
 * curve (ECDSA_SHA_256 on secp256k1) and RSASSA_PSS_SHA_256 for RSA; HMAC_n keys use HMAC_SHA_n.
 * Messages are 32 zero bytes, RAW. Body builders take the key id (and signature or MAC) as given,
 * so Gatling can pass expressions such as {@code #{keyId}}.
 */
public record KeyType(String spec) {
  public static final List<String> SIGNING_SPECS =
      List.of(
          "ECC_NIST_P256",
          "ECC_NIST_P384",
          "ECC_NIST_P521",
          "ECC_SECG_P256K1",
          "RSA_2048",
          "RSA_3072",
          "RSA_4096");
  public static final List<String> HMAC_SPECS =
      List.of("HMAC_224", "HMAC_256", "HMAC_384", "HMAC_512");
  public static final String SYMMETRIC_DEFAULT = "SYMMETRIC_DEFAULT";

  /** The message every Sign, Verify, GenerateMac and VerifyMac of the load carries, base64. */
  public static final String MESSAGE_32 = Base64.getEncoder().encodeToString(new byte[32]);

  public KeyType {
    if (!spec.equals(SYMMETRIC_DEFAULT)
        && !SIGNING_SPECS.contains(spec)
        && !HMAC_SPECS.contains(spec)) {
      throw new IllegalArgumentException(
          "unknown key spec "
              + spec
              + " (SYMMETRIC_DEFAULT, "
              + String.join(", ", SIGNING_SPECS)
              + ", "
              + String.join(", ", HMAC_SPECS)
              + ")");
    }
  }

  /** {@code load.keySpec}, default SYMMETRIC_DEFAULT. */
  public static KeyType fromSystemProperties() {
    return new KeyType(System.getProperty("load.keySpec", SYMMETRIC_DEFAULT));
  }

  public boolean symmetric() {
    return spec.equals(SYMMETRIC_DEFAULT);
  }

  public boolean signing() {
    return SIGNING_SPECS.contains(spec);
  }

  public boolean hmac() {
    return HMAC_SPECS.contains(spec);
  }

  /** The KeyUsage the keys are created with. */
  public String keyUsage() {
    return signing() ? "SIGN_VERIFY" : hmac() ? "GENERATE_VERIFY_MAC" : "ENCRYPT_DECRYPT";
  }

  /** The SigningAlgorithm of a signing key's Sign and Verify calls. */
  public String signingAlgorithm() {
    return switch (spec) {
      case "ECC_NIST_P256", "ECC_SECG_P256K1" -> "ECDSA_SHA_256";
      case "ECC_NIST_P384" -> "ECDSA_SHA_384";
      case "ECC_NIST_P521" -> "ECDSA_SHA_512";
      case "RSA_2048", "RSA_3072", "RSA_4096" -> "RSASSA_PSS_SHA_256";
      default -> throw new IllegalStateException(spec + " keys do not sign");
    };
  }

  /** The MacAlgorithm of an HMAC key: HMAC_n uses HMAC_SHA_n. */
  public String macAlgorithm() {
    if (!hmac()) {
      throw new IllegalStateException(spec + " keys do not compute MACs");
    }
    return "HMAC_SHA_" + spec.substring("HMAC_".length());
  }

  /**
   * The CreateKey body. SYMMETRIC_DEFAULT keeps the body the symmetric simulations always sent (no
   * KeySpec, no KeyUsage).
   */
  public String createKeyBody(String description) {
    String describe = "{\"Description\":\"" + description + "\"";
    return symmetric()
        ? describe + "}"
        : describe + ",\"KeySpec\":\"" + spec + "\",\"KeyUsage\":\"" + keyUsage() + "\"}";
  }

  public String signBody(String keyId) {
    return "{\"KeyId\":\""
        + keyId
        + "\",\"Message\":\""
        + MESSAGE_32
        + "\",\"MessageType\":\"RAW\",\"SigningAlgorithm\":\""
        + signingAlgorithm()
        + "\"}";
  }

  /** Verify of {@code signature} (base64) over the message {@link #signBody} signs. */
  public String verifyBody(String keyId, String signature) {
    return "{\"KeyId\":\""
        + keyId
        + "\",\"Message\":\""
        + MESSAGE_32
        + "\",\"MessageType\":\"RAW\",\"Signature\":\""
        + signature
        + "\",\"SigningAlgorithm\":\""
        + signingAlgorithm()
        + "\"}";
  }

  public String generateMacBody(String keyId) {
    return "{\"KeyId\":\""
        + keyId
        + "\",\"Message\":\""
        + MESSAGE_32
        + "\",\"MacAlgorithm\":\""
        + macAlgorithm()
        + "\"}";
  }

  /** VerifyMac of {@code mac} (base64) over the message {@link #generateMacBody} MACs. */
  public String verifyMacBody(String keyId, String mac) {
    return "{\"KeyId\":\""
        + keyId
        + "\",\"Message\":\""
        + MESSAGE_32
        + "\",\"Mac\":\""
        + mac
        + "\",\"MacAlgorithm\":\""
        + macAlgorithm()
        + "\"}";
  }

  /**
   * The operation of the one request whose reply stands for the key's load (the nginx ceiling
   * serves that reply): Encrypt of 32 bytes, Sign or GenerateMac.
   */
  public String sampleOperation() {
    return signing() ? "Sign" : hmac() ? "GenerateMac" : "Encrypt";
  }

  /** The body of {@link #sampleOperation()}. */
  public String sampleBody(String keyId) {
    return signing()
        ? signBody(keyId)
        : hmac()
            ? generateMacBody(keyId)
            : "{\"KeyId\":\"" + keyId + "\",\"Plaintext\":\"" + MESSAGE_32 + "\"}";
  }
}
