package com.verenc.kms.crypto;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Objects;
import javax.crypto.KeyAgreement;

/**
 * DeriveSharedSecret: ECDH between a KMS key's private key and a peer's public key on the same
 * curve, returning the raw shared secret, the x-coordinate of the shared point (SEC 1 section
 * 3.3.1), as many bytes as the field.
 */
public final class Ecdh {

  private Ecdh() {}

  /**
   * Derives the secret with the peer's DER X.509 SubjectPublicKeyInfo {@code peerPublicKeyDer}; a
   * key that does not parse, is not an EC key, is on another curve or is not a valid point is an
   * {@link InvalidInputException}.
   */
  public static byte[] deriveSharedSecret(
      AsymmetricKey key, KeyAgreementAlgorithm algorithm, byte[] peerPublicKeyDer) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(algorithm, "algorithm");
    Objects.requireNonNull(peerPublicKeyDer, "peerPublicKeyDer");
    key.spec().require(algorithm);
    PublicKey peer = peerKey(key.spec(), peerPublicKeyDer);
    try {
      // The JDK checks that the peer's point is on the curve and in the prime-order subgroup.
      KeyAgreement agreement = KeyAgreement.getInstance("ECDH");
      agreement.init(key.privateKey());
      agreement.doPhase(peer, true);
      return agreement.generateSecret();
    } catch (GeneralSecurityException | IllegalStateException e) {
      throw new InvalidInputException("PublicKey is not a valid point on the curve");
    }
  }

  private static PublicKey peerKey(KeySpec spec, byte[] der) {
    PublicKey peer;
    try {
      KeyFactory factory = KeyFactory.getInstance("EC");
      peer = factory.generatePublic(new X509EncodedKeySpec(der));
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new InvalidInputException(
          "PublicKey must be a DER-encoded X.509 SubjectPublicKeyInfo of an EC public key");
    }
    if (!(peer instanceof ECPublicKey ec) || !AsymmetricKeys.isCurveOf(spec, ec.getParams())) {
      throw new InvalidInputException(
          "PublicKey must be on the curve of the KMS key (" + spec.curveName() + ")");
    }
    return peer;
  }
}
