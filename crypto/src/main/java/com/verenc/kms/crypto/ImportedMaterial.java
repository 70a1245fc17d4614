package com.verenc.kms.crypto;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPrivateCrtKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.Cipher;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;

/**
 * Checks unwrapped ImportKeyMaterial material against the KMS key's spec and turns it into the
 * material this KMS stores, so that an imported key is stored exactly like a generated one.
 */
public final class ImportedMaterial {

  private ImportedMaterial() {}

  /**
   * The material to store for imported {@code material} of a key of {@code spec}: SYMMETRIC_DEFAULT
   * takes exactly 32 bytes; HMAC_n from n / 8 bytes up to the hash's block size; RSA and ECC specs
   * a DER PKCS #8 private key of the spec, stored as {@link AsymmetricKeys} material with its
   * public key derived here. Anything else is an {@link InvalidInputException} that quotes no key
   * bytes.
   */
  public static byte[] validate(KeySpec spec, byte[] material) {
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(material, "material");
    if (spec.isRsa()) {
      return rsa(spec, material);
    }
    if (spec.isEcc()) {
      return ecc(spec, material);
    }
    int min = spec.keyBits() / Byte.SIZE;
    // HMAC hashes a key longer than the block size down, so longer ones add nothing; AWS refuses
    // them too.
    int max = spec.isHmac() ? spec.macAlgorithms().get(0).blockBytes() : min;
    if (material.length < min || material.length > max) {
      throw new InvalidInputException(
          "Key material for a "
              + spec
              + " key must be "
              + (min == max ? min : min + " to " + max)
              + " bytes, got "
              + material.length);
    }
    return material.clone();
  }

  /**
   * Re-encodes the key from its CRT values, which drops whatever else the caller's encoding held,
   * after a pairwise consistency test (SP 800-56B): a key whose primes or exponents do not belong
   * together would sign and decrypt wrongly ever after.
   */
  private static byte[] rsa(KeySpec spec, byte[] material) {
    KeyFactory factory = Providers.keyFactory(spec);
    InvalidInputException invalid =
        new InvalidInputException(
            "Key material for a "
                + spec
                + " key must be a DER PKCS #8 RSA private key with a "
                + spec.keyBits()
                + "-bit modulus");
    byte[] privateKeyDer = null;
    try {
      if (!(factory.generatePrivate(new PKCS8EncodedKeySpec(material))
              instanceof RSAPrivateCrtKey crt)
          || crt.getModulus().bitLength() != spec.keyBits()) {
        throw invalid;
      }
      if (!crtValuesAgree(crt)) {
        throw inconsistent(spec);
      }
      PublicKey publicKey =
          factory.generatePublic(new RSAPublicKeySpec(crt.getModulus(), crt.getPublicExponent()));
      PrivateKey privateKey =
          factory.generatePrivate(
              new RSAPrivateCrtKeySpec(
                  crt.getModulus(),
                  crt.getPublicExponent(),
                  crt.getPrivateExponent(),
                  crt.getPrimeP(),
                  crt.getPrimeQ(),
                  crt.getPrimeExponentP(),
                  crt.getPrimeExponentQ(),
                  crt.getCrtCoefficient()));
      if (!roundTrips(publicKey, privateKey, spec)) {
        throw inconsistent(spec);
      }
      privateKeyDer = privateKey.getEncoded();
      return AsymmetricKeys.encode(privateKeyDer, publicKey.getEncoded());
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      if (e instanceof InvalidInputException input) {
        throw input;
      }
      // No cause attached: the parsers' messages could quote the bytes they choked on.
      throw invalid;
    } finally {
      if (privateKeyDer != null) {
        Arrays.fill(privateKeyDer, (byte) 0);
      }
    }
  }

  private static boolean crtValuesAgree(RSAPrivateCrtKey crt) {
    BigInteger p = crt.getPrimeP();
    BigInteger q = crt.getPrimeQ();
    BigInteger d = crt.getPrivateExponent();
    BigInteger e = crt.getPublicExponent();
    if (p.signum() <= 0 || q.signum() <= 0 || e.signum() <= 0 || d.signum() <= 0) {
      return false;
    }
    BigInteger pMinus1 = p.subtract(BigInteger.ONE);
    BigInteger qMinus1 = q.subtract(BigInteger.ONE);
    return p.multiply(q).equals(crt.getModulus())
        && d.mod(pMinus1).equals(crt.getPrimeExponentP())
        && d.mod(qMinus1).equals(crt.getPrimeExponentQ())
        && e.multiply(crt.getPrimeExponentP()).mod(pMinus1).equals(BigInteger.ONE)
        && e.multiply(crt.getPrimeExponentQ()).mod(qMinus1).equals(BigInteger.ONE)
        && q.multiply(crt.getCrtCoefficient()).mod(p).equals(BigInteger.ONE);
  }

  /** Raw RSA on a random message and back through the CRT key; catches non-prime factors. */
  private static boolean roundTrips(PublicKey publicKey, PrivateKey privateKey, KeySpec spec)
      throws GeneralSecurityException {
    byte[] message = new byte[spec.keyBits() / Byte.SIZE];
    // The leading zero byte keeps the message below the modulus.
    System.arraycopy(RandomBytes.next(32), 0, message, message.length - 32, 32);
    Cipher cipher = Cipher.getInstance("RSA/ECB/NoPadding");
    cipher.init(Cipher.ENCRYPT_MODE, publicKey);
    byte[] encrypted = cipher.doFinal(message);
    cipher.init(Cipher.DECRYPT_MODE, privateKey);
    return Arrays.equals(message, cipher.doFinal(encrypted));
  }

  private static InvalidInputException inconsistent(KeySpec spec) {
    return new InvalidInputException(
        "Key material for a " + spec + " key is not a consistent RSA private key");
  }

  /**
   * Computes the public point d·G with Bouncy Castle's curve arithmetic, the JDK having no public
   * API for it, and re-encodes the private key from d alone, as the JDK encodes a generated one.
   */
  private static byte[] ecc(KeySpec spec, byte[] material) {
    KeyFactory factory = Providers.keyFactory(spec);
    InvalidInputException invalid =
        new InvalidInputException(
            "Key material for a "
                + spec
                + " key must be a DER PKCS #8 EC private key on curve "
                + spec.curveName());
    byte[] privateKeyDer = null;
    try {
      if (!(factory.generatePrivate(new PKCS8EncodedKeySpec(material)) instanceof ECPrivateKey ec)
          || !AsymmetricKeys.isCurveOf(spec, ec.getParams())) {
        throw invalid;
      }
      ECParameterSpec params = ec.getParams();
      BigInteger d = ec.getS();
      if (d.signum() <= 0 || d.compareTo(params.getOrder()) >= 0) {
        throw new InvalidInputException(
            "Key material for a " + spec + " key has a private value outside 1 to n - 1");
      }
      X9ECParameters curve = ECNamedCurveTable.getByName(spec.curveName());
      org.bouncycastle.math.ec.ECPoint q =
          new FixedPointCombMultiplier().multiply(curve.getG(), d).normalize();
      ECPoint w =
          new ECPoint(q.getAffineXCoord().toBigInteger(), q.getAffineYCoord().toBigInteger());
      PublicKey publicKey = factory.generatePublic(new ECPublicKeySpec(w, params));
      privateKeyDer = factory.generatePrivate(new ECPrivateKeySpec(d, params)).getEncoded();
      return AsymmetricKeys.encode(privateKeyDer, publicKey.getEncoded());
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      if (e instanceof InvalidInputException input) {
        throw input;
      }
      throw invalid;
    } finally {
      if (privateKeyDer != null) {
        Arrays.fill(privateKeyDer, (byte) 0);
      }
    }
  }
}
