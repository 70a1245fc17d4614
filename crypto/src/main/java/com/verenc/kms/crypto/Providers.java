package com.verenc.kms.crypto;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.Signature;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * Where the JCA engines for asymmetric keys come from.
 *
 * <p>The JDK's own providers do everything they can; Bouncy Castle fills the two gaps: secp256k1,
 * which SunEC dropped in JDK 16, and RSA signatures over a digest the caller already computed. Its
 * provider is passed by instance and never added to {@link java.security.Security}, so that it
 * cannot change which implementation the rest of the JVM gets.
 */
final class Providers {

  private Providers() {}

  // Building the provider registers hundreds of algorithms; only pay for it when first needed.
  private static final class Holder {
    static final Provider BOUNCY_CASTLE = new BouncyCastleProvider();
  }

  static Provider bouncyCastle() {
    return Holder.BOUNCY_CASTLE;
  }

  /** The provider for an ECC or RSA spec's keys and signatures; null means the JDK's. */
  static Provider forSpec(KeySpec spec) {
    return spec == KeySpec.ECC_SECG_P256K1 ? bouncyCastle() : null;
  }

  static Signature signature(String algorithm, Provider provider) {
    try {
      return provider == null
          ? Signature.getInstance(algorithm)
          : Signature.getInstance(algorithm, provider);
    } catch (GeneralSecurityException e) {
      throw new CryptoException(algorithm + " signatures are not available", e);
    }
  }

  static KeyFactory keyFactory(KeySpec spec) {
    String algorithm = spec.isRsa() ? "RSA" : "EC";
    Provider provider = forSpec(spec);
    try {
      return provider == null
          ? KeyFactory.getInstance(algorithm)
          : KeyFactory.getInstance(algorithm, provider);
    } catch (GeneralSecurityException e) {
      throw new CryptoException(algorithm + " key factory is not available", e);
    }
  }

  static KeyPairGenerator keyPairGenerator(KeySpec spec) {
    String algorithm = spec.isRsa() ? "RSA" : "EC";
    Provider provider = forSpec(spec);
    try {
      return provider == null
          ? KeyPairGenerator.getInstance(algorithm)
          : KeyPairGenerator.getInstance(algorithm, provider);
    } catch (GeneralSecurityException e) {
      throw new CryptoException(algorithm + " key pair generator is not available", e);
    }
  }
}
