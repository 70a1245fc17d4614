package com.verenc.kms.crypto;

import java.nio.ByteBuffer;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * Key pairs of RSA and ECC KMS keys and data key pairs, and the material that stores one.
 *
 * <p>Material is one byte string: version byte {@value #FORMAT_VERSION}, then the private key (DER
 * PKCS #8) and the public key (DER X.509 SubjectPublicKeyInfo), each after its length as a 4-byte
 * big-endian integer. Keeping the public key beside the private one lets GetPublicKey answer
 * without a key factory, and keeps its encoding byte for byte what was first handed out.
 */
public final class AsymmetricKeys {

  static final byte FORMAT_VERSION = 1;

  private static final int LENGTH_BYTES = Integer.BYTES;

  // The domain parameters of each curve, to check that a decoded key is on the spec's curve.
  private static final Map<KeySpec, ECParameterSpec> CURVES = curves();

  private AsymmetricKeys() {}

  /** Generates the key pair of a new RSA or ECC KMS key and returns its material. */
  public static byte[] generate(KeySpec spec) {
    KeyPair pair = generateKeyPair(spec);
    byte[] privateKeyDer = pair.getPrivate().getEncoded();
    try {
      return encode(privateKeyDer, pair.getPublic().getEncoded());
    } finally {
      Arrays.fill(privateKeyDer, (byte) 0);
    }
  }

  /** Generates a key pair for GenerateDataKeyPair; every asymmetric spec is a KeyPairSpec. */
  public static DataKeyPair generateDataKeyPair(KeySpec keyPairSpec) {
    KeyPair pair = generateKeyPair(keyPairSpec);
    return new DataKeyPair(
        keyPairSpec, pair.getPrivate().getEncoded(), pair.getPublic().getEncoded());
  }

  /** Builds material from a PKCS #8 private key and its X.509 SubjectPublicKeyInfo. */
  public static byte[] encode(byte[] privateKeyDer, byte[] publicKeyDer) {
    Objects.requireNonNull(privateKeyDer, "privateKeyDer");
    Objects.requireNonNull(publicKeyDer, "publicKeyDer");
    if (privateKeyDer.length == 0 || publicKeyDer.length == 0) {
      throw new CryptoException("key pair encodings must not be empty");
    }
    return ByteBuffer.allocate(1 + 2 * LENGTH_BYTES + privateKeyDer.length + publicKeyDer.length)
        .put(FORMAT_VERSION)
        .putInt(privateKeyDer.length)
        .put(privateKeyDer)
        .putInt(publicKeyDer.length)
        .put(publicKeyDer)
        .array();
  }

  /** The public key of {@code material}, DER X.509 SubjectPublicKeyInfo, as GetPublicKey wants. */
  public static byte[] publicKeyDer(byte[] material) {
    ByteBuffer fields = fields(material);
    skip(fields);
    return field(fields);
  }

  /** The private key of {@code material}, DER PKCS #8; the caller should clear it after use. */
  public static byte[] privateKeyDer(byte[] material) {
    return field(fields(material));
  }

  /**
   * Decodes {@code material} into JCA keys, checking that they are a key pair of {@code spec}: an
   * RSA pair of the spec's modulus size whose halves share the modulus, or an EC pair on the spec's
   * curve. Anything else is a {@link CryptoException} that says no more than that.
   */
  public static AsymmetricKey decode(KeySpec spec, byte[] material) {
    requireAsymmetric(spec);
    ByteBuffer fields = fields(material);
    byte[] privateKeyDer = field(fields);
    byte[] publicKeyDer = field(fields);
    KeyFactory factory = Providers.keyFactory(spec);
    PrivateKey privateKey;
    PublicKey publicKey;
    try {
      privateKey = factory.generatePrivate(new PKCS8EncodedKeySpec(privateKeyDer));
      publicKey = factory.generatePublic(new X509EncodedKeySpec(publicKeyDer));
    } catch (GeneralSecurityException | RuntimeException e) {
      // No cause attached: the parsers' messages could quote the bytes they choked on.
      throw new CryptoException(spec + " key material is malformed");
    } finally {
      Arrays.fill(privateKeyDer, (byte) 0);
    }
    if (!isPairOf(spec, privateKey, publicKey)) {
      throw new CryptoException("key material is not a " + spec + " key pair");
    }
    return new AsymmetricKey(spec, privateKey, publicKey, publicKeyDer);
  }

  /** Whether EC domain parameters are those of the ECC spec's curve. */
  static boolean isCurveOf(KeySpec spec, ECParameterSpec params) {
    ECParameterSpec curve = CURVES.get(spec);
    return curve != null
        && params != null
        && curve.getCurve().equals(params.getCurve())
        && curve.getGenerator().equals(params.getGenerator())
        && curve.getOrder().equals(params.getOrder())
        && curve.getCofactor() == params.getCofactor();
  }

  private static KeyPair generateKeyPair(KeySpec spec) {
    requireAsymmetric(spec);
    KeyPairGenerator generator = Providers.keyPairGenerator(spec);
    try {
      if (spec.isRsa()) {
        generator.initialize(new RSAKeyGenParameterSpec(spec.keyBits(), RSAKeyGenParameterSpec.F4));
      } else {
        generator.initialize(new ECGenParameterSpec(spec.curveName()));
      }
    } catch (GeneralSecurityException e) {
      throw new CryptoException(spec + " key generation is not available", e);
    }
    return generator.generateKeyPair();
  }

  private static boolean isPairOf(KeySpec spec, PrivateKey privateKey, PublicKey publicKey) {
    if (spec.isRsa()) {
      // A CRT key is required: without the primes, RSA private operations are several times slower.
      return privateKey instanceof RSAPrivateCrtKey priv
          && publicKey instanceof RSAPublicKey pub
          && pub.getModulus().bitLength() == spec.keyBits()
          && pub.getModulus().equals(priv.getModulus())
          && pub.getPublicExponent().equals(priv.getPublicExponent());
    }
    return privateKey instanceof ECPrivateKey priv
        && publicKey instanceof ECPublicKey pub
        && isCurveOf(spec, priv.getParams())
        && isCurveOf(spec, pub.getParams());
  }

  private static void requireAsymmetric(KeySpec spec) {
    Objects.requireNonNull(spec, "spec");
    if (!spec.isAsymmetric()) {
      throw new IncompatibleAlgorithmException(
          "KeySpec " + spec + " is not an asymmetric key spec");
    }
  }

  /** The material after its version byte, which must be the only version there is. */
  private static ByteBuffer fields(byte[] material) {
    Objects.requireNonNull(material, "material");
    if (material.length < 1 || material[0] != FORMAT_VERSION) {
      throw malformed();
    }
    ByteBuffer fields = ByteBuffer.wrap(material, 1, material.length - 1);
    // Validate the whole layout up front, so that each reader below can trust it.
    ByteBuffer check = fields.duplicate();
    skip(check);
    skip(check);
    if (check.hasRemaining()) {
      throw malformed();
    }
    return fields;
  }

  private static byte[] field(ByteBuffer fields) {
    int length = length(fields);
    byte[] out = new byte[length];
    fields.get(out);
    return out;
  }

  private static void skip(ByteBuffer fields) {
    int length = length(fields);
    fields.position(fields.position() + length);
  }

  private static int length(ByteBuffer fields) {
    if (fields.remaining() < LENGTH_BYTES) {
      throw malformed();
    }
    int length = fields.getInt();
    if (length <= 0 || length > fields.remaining()) {
      throw malformed();
    }
    return length;
  }

  private static CryptoException malformed() {
    return new CryptoException("asymmetric key material is malformed");
  }

  private static Map<KeySpec, ECParameterSpec> curves() {
    Map<KeySpec, ECParameterSpec> curves = new EnumMap<>(KeySpec.class);
    for (KeySpec spec : KeySpec.values()) {
      if (spec.isEcc()) {
        try {
          AlgorithmParameters params =
              Providers.forSpec(spec) == null
                  ? AlgorithmParameters.getInstance("EC")
                  : AlgorithmParameters.getInstance("EC", Providers.forSpec(spec));
          params.init(new ECGenParameterSpec(spec.curveName()));
          curves.put(spec, params.getParameterSpec(ECParameterSpec.class));
        } catch (GeneralSecurityException e) {
          throw new CryptoException("curve " + spec.curveName() + " is not available", e);
        }
      }
    }
    return Map.copyOf(curves);
  }
}
