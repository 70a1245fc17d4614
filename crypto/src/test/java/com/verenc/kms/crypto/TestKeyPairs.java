package com.verenc.kms.crypto;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.PSSParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * One generated key pair per spec for the whole test run (RSA_4096 takes seconds), and plain
 * JCA/Bouncy Castle counterparts of the code under test, written without its helpers.
 */
final class TestKeyPairs {

  static final Provider BC = new BouncyCastleProvider();

  private static final Map<KeySpec, byte[]> MATERIAL = new ConcurrentHashMap<>();

  private TestKeyPairs() {}

  static List<KeySpec> asymmetricSpecs() {
    return Arrays.stream(KeySpec.values()).filter(KeySpec::isAsymmetric).toList();
  }

  static List<KeySpec> rsaSpecs() {
    return Arrays.stream(KeySpec.values()).filter(KeySpec::isRsa).toList();
  }

  static byte[] material(KeySpec spec) {
    return MATERIAL.computeIfAbsent(spec, AsymmetricKeys::generate).clone();
  }

  static AsymmetricKey key(KeySpec spec) {
    return AsymmetricKeys.decode(spec, material(spec));
  }

  /** The provider plain JCA code would use: the JDK's, except BC for secp256k1. */
  static Provider jcaProvider(KeySpec spec) {
    return spec == KeySpec.ECC_SECG_P256K1 ? BC : null;
  }

  static KeyFactory keyFactory(KeySpec spec) throws GeneralSecurityException {
    String algorithm = spec.isRsa() ? "RSA" : "EC";
    Provider provider = jcaProvider(spec);
    return provider == null
        ? KeyFactory.getInstance(algorithm)
        : KeyFactory.getInstance(algorithm, provider);
  }

  static PublicKey publicKey(KeySpec spec, byte[] spki) throws GeneralSecurityException {
    return keyFactory(spec).generatePublic(new X509EncodedKeySpec(spki));
  }

  static PrivateKey privateKey(KeySpec spec, byte[] pkcs8) throws GeneralSecurityException {
    return keyFactory(spec).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
  }

  /** "256" of RSASSA_PSS_SHA_256 and so on. */
  static int hashBits(SigningAlgorithm algorithm) {
    String name = algorithm.name();
    return Integer.parseInt(name.substring(name.length() - 3));
  }

  static byte[] digest(SigningAlgorithm algorithm, byte[] message) throws GeneralSecurityException {
    return MessageDigest.getInstance("SHA-" + hashBits(algorithm)).digest(message);
  }

  /** The hash-and-sign JCA engine for an AWS signing algorithm, configured as AWS documents. */
  static Signature jcaSignature(KeySpec spec, SigningAlgorithm algorithm)
      throws GeneralSecurityException {
    int bits = hashBits(algorithm);
    String name = algorithm.name();
    if (name.startsWith("RSASSA_PSS")) {
      Signature pss = Signature.getInstance("RSASSA-PSS");
      String hash = "SHA-" + bits;
      pss.setParameter(
          new PSSParameterSpec(hash, "MGF1", new MGF1ParameterSpec(hash), bits / 8, 1));
      return pss;
    }
    if (name.startsWith("RSASSA_PKCS1_V1_5")) {
      return Signature.getInstance("SHA" + bits + "withRSA");
    }
    Provider provider = jcaProvider(spec);
    String ecdsa = "SHA" + bits + "withECDSA";
    return provider == null ? Signature.getInstance(ecdsa) : Signature.getInstance(ecdsa, provider);
  }
}
