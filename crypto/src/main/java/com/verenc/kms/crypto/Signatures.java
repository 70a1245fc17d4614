package com.verenc.kms.crypto;

import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.SignatureException;
import java.security.spec.PSSParameterSpec;
import java.util.Objects;

/**
 * Sign and Verify with RSA (PSS and PKCS #1 v1.5) and ECDSA keys, for RAW messages and for DIGEST
 * messages that are already the hash.
 *
 * <p>A DIGEST signature is the same signature a RAW one over the digested message would be, so a
 * verifier cannot tell them apart. RAW goes through the JDK's hash-and-sign engines; DIGEST through
 * the engines that take a finished hash: NONEwithECDSA, and Bouncy Castle's for RSA, as the JDK has
 * none that takes a hash for RSA.
 */
public final class Signatures {

  private static final int PSS_TRAILER_FIELD = 1;

  private Signatures() {}

  /**
   * Signs {@code message} (RAW) or the digest {@code message} (DIGEST) with {@code key}'s private
   * key; the algorithm must be one the key spec allows.
   */
  public static byte[] sign(
      AsymmetricKey key, SigningAlgorithm algorithm, MessageType messageType, byte[] message) {
    Objects.requireNonNull(key, "key");
    byte[] input = input(key.spec(), algorithm, messageType, message);
    Signature signature = engine(key.spec(), algorithm, messageType);
    try {
      signature.initSign(key.privateKey());
      signature.update(input);
      return signature.sign();
    } catch (GeneralSecurityException e) {
      throw new CryptoException(algorithm + " signing failed", e);
    }
  }

  /**
   * Whether {@code signature} is {@code key}'s signature of {@code message}; a malformed signature
   * is simply not valid. A DIGEST of the wrong length is an {@link InvalidInputException}.
   */
  public static boolean verify(
      AsymmetricKey key,
      SigningAlgorithm algorithm,
      MessageType messageType,
      byte[] message,
      byte[] signature) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(signature, "signature");
    byte[] input = input(key.spec(), algorithm, messageType, message);
    Signature verifier = engine(key.spec(), algorithm, messageType);
    try {
      verifier.initVerify(key.publicKey());
    } catch (GeneralSecurityException e) {
      throw new CryptoException(algorithm + " verification could not be initialised", e);
    }
    try {
      verifier.update(input);
      return verifier.verify(signature);
    } catch (SignatureException | RuntimeException e) {
      // Engines throw for signatures they cannot parse (bad DER, wrong length, out of range).
      return false;
    }
  }

  /** What the engine is fed: the message, the digest, or for PKCS #1 the DigestInfo of it. */
  private static byte[] input(
      KeySpec spec, SigningAlgorithm algorithm, MessageType messageType, byte[] message) {
    Objects.requireNonNull(algorithm, "algorithm");
    Objects.requireNonNull(messageType, "messageType");
    Objects.requireNonNull(message, "message");
    spec.require(algorithm);
    if (messageType == MessageType.RAW) {
      return message;
    }
    if (message.length != algorithm.digestBytes()) {
      throw new InvalidInputException(
          "Digest is invalid length for algorithm "
              + algorithm
              + ": a DIGEST message must be "
              + algorithm.digestBytes()
              + " bytes, got "
              + message.length);
    }
    if (algorithm.scheme() != SigningAlgorithm.Scheme.RSA_PKCS1) {
      return message;
    }
    byte[] prefix = algorithm.hash().digestInfoPrefix();
    byte[] digestInfo = new byte[prefix.length + message.length];
    System.arraycopy(prefix, 0, digestInfo, 0, prefix.length);
    System.arraycopy(message, 0, digestInfo, prefix.length, message.length);
    return digestInfo;
  }

  private static Signature engine(
      KeySpec spec, SigningAlgorithm algorithm, MessageType messageType) {
    boolean raw = messageType == MessageType.RAW;
    Hash hash = algorithm.hash();
    return switch (algorithm.scheme()) {
      case RSA_PSS -> {
        Signature signature =
            raw
                ? Providers.signature("RSASSA-PSS", null)
                : Providers.signature("RAWRSASSA-PSS", Providers.bouncyCastle());
        try {
          signature.setParameter(
              new PSSParameterSpec(
                  hash.jcaName(), "MGF1", hash.mgf1(), hash.bytes(), PSS_TRAILER_FIELD));
        } catch (GeneralSecurityException e) {
          throw new CryptoException(algorithm + " parameters were refused", e);
        }
        yield signature;
      }
      // NONEwithRSA pads whatever it is given, here the DigestInfo, as PKCS #1 v1.5 type 1.
      case RSA_PKCS1 ->
          raw
              ? Providers.signature(hash.shortName() + "withRSA", null)
              : Providers.signature("NONEwithRSA", Providers.bouncyCastle());
      case ECDSA ->
          Providers.signature(
              raw ? hash.shortName() + "withECDSA" : "NONEwithECDSA", Providers.forSpec(spec));
    };
  }
}
