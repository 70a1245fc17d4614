package com.verenc.kms.crypto;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Arrays;
import java.util.Objects;

/**
 * The transport side of key import: the RSA wrapping key pair of GetParametersForImport, the
 * unwrapping of ImportKeyMaterial's EncryptedKeyMaterial, and which wrapping algorithms AWS allows
 * for which key material.
 */
public final class ImportWrapping {

  /** The ephemeral key of RSA_AES_KEY_WRAP_*: AES-256, as AWS's instructions generate it. */
  static final int AES_KEY_BYTES = 32;

  private static final String UNWRAP_FAILED =
      "EncryptedKeyMaterial could not be decrypted with the wrapping key of the import token";

  private ImportWrapping() {}

  /** Generates a wrapping key pair (an RSA pair of the spec's size); RSA_4096 can take seconds. */
  public static DataKeyPair generate(WrappingKeySpec spec) {
    Objects.requireNonNull(spec, "spec");
    return AsymmetricKeys.generateDataKeyPair(spec.rsaSpec());
  }

  /**
   * Decrypts EncryptedKeyMaterial with the wrapping private key (DER PKCS #8) the import token
   * carries. Any ciphertext that does not decrypt is an {@link InvalidCiphertextException} with one
   * message, whatever the reason.
   */
  public static byte[] unwrap(
      byte[] wrappingPrivateKeyDer, WrappingAlgorithm algorithm, byte[] encryptedKeyMaterial) {
    Objects.requireNonNull(wrappingPrivateKeyDer, "wrappingPrivateKeyDer");
    Objects.requireNonNull(algorithm, "algorithm");
    Objects.requireNonNull(encryptedKeyMaterial, "encryptedKeyMaterial");
    AsymmetricKey key = wrappingKey(wrappingPrivateKeyDer);
    if (!algorithm.wrapsWithAes()) {
      byte[] material = oaepOrNull(key, algorithm, encryptedKeyMaterial);
      if (material == null) {
        throw new InvalidCiphertextException(UNWRAP_FAILED);
      }
      return material;
    }
    int modulusBytes = key.modulusBytes();
    if (encryptedKeyMaterial.length <= modulusBytes) {
      throw new InvalidCiphertextException(UNWRAP_FAILED);
    }
    byte[] aesKey =
        oaepOrNull(key, algorithm, Arrays.copyOfRange(encryptedKeyMaterial, 0, modulusBytes));
    // On an OAEP failure, unwrap under a random key anyway and fail only after it: answering
    // sooner would time-stamp OAEP failures apart from key wrap failures, which is the oracle
    // Manger's attack needs to decrypt another caller's wrapped AES key.
    boolean oaepFailed = aesKey == null || aesKey.length != AES_KEY_BYTES;
    if (oaepFailed) {
      if (aesKey != null) {
        Arrays.fill(aesKey, (byte) 0);
      }
      aesKey = RandomBytes.next(AES_KEY_BYTES);
    }
    byte[] wrapped =
        Arrays.copyOfRange(encryptedKeyMaterial, modulusBytes, encryptedKeyMaterial.length);
    byte[] material = null;
    try {
      material = KeyWrap.unwrap(aesKey, wrapped);
    } catch (CryptoException e) {
      // One failure below, whatever failed.
    } finally {
      Arrays.fill(aesKey, (byte) 0);
    }
    if (oaepFailed || material == null) {
      if (material != null) {
        Arrays.fill(material, (byte) 0);
      }
      throw new InvalidCiphertextException(UNWRAP_FAILED);
    }
    return material;
  }

  /**
   * Whether AWS lets {@code algorithm} wrap key material of {@code materialSpec} for a wrapping key
   * of {@code wrappingKeySpec}: RSA_AES_KEY_WRAP_* wrap any material; RSAES_OAEP_* only what fits
   * one RSA block, so never an RSA private key, nor an ECC_NIST_P521 one under RSA_2048.
   */
  public static boolean allows(
      KeySpec materialSpec, WrappingKeySpec wrappingKeySpec, WrappingAlgorithm algorithm) {
    Objects.requireNonNull(materialSpec, "materialSpec");
    Objects.requireNonNull(wrappingKeySpec, "wrappingKeySpec");
    Objects.requireNonNull(algorithm, "algorithm");
    if (algorithm.wrapsWithAes()) {
      return true;
    }
    // An RSA_2048 PKCS #8 key alone is about 1.2 KB; an RSA_2048 OAEP block holds 190 or 214 bytes,
    // which a P-521 key with its public point (about 240 bytes) does not fit either.
    return !materialSpec.isRsa()
        && !(materialSpec == KeySpec.ECC_NIST_P521 && wrappingKeySpec == WrappingKeySpec.RSA_2048);
  }

  /** {@link #allows}, or an {@link InvalidInputException} that names the algorithms to use. */
  public static void requireAllowed(
      KeySpec materialSpec, WrappingKeySpec wrappingKeySpec, WrappingAlgorithm algorithm) {
    if (!allows(materialSpec, wrappingKeySpec, algorithm)) {
      throw new InvalidInputException(
          "WrappingAlgorithm "
              + algorithm
              + " cannot wrap "
              + materialSpec
              + " key material with a "
              + wrappingKeySpec
              + " wrapping key; use RSA_AES_KEY_WRAP_SHA_256 or RSA_AES_KEY_WRAP_SHA_1");
    }
  }

  /**
   * The longest material an RSAES_OAEP_* algorithm wraps: modulus bytes - 2 * hash bytes - 2, 214 /
   * 190 bytes for RSA_2048 with RSAES_OAEP_SHA_1 / RSAES_OAEP_SHA_256.
   */
  public static int maxOaepMaterialBytes(
      WrappingKeySpec wrappingKeySpec, WrappingAlgorithm algorithm) {
    Objects.requireNonNull(wrappingKeySpec, "wrappingKeySpec");
    Objects.requireNonNull(algorithm, "algorithm");
    if (algorithm.wrapsWithAes()) {
      throw new IllegalArgumentException(algorithm + " has no material size limit");
    }
    return RsaOaep.maxPlaintextBytes(wrappingKeySpec.rsaSpec(), algorithm.oaep());
  }

  /** The OAEP plaintext, or null for any ciphertext that does not decrypt. */
  private static byte[] oaepOrNull(
      AsymmetricKey key, WrappingAlgorithm algorithm, byte[] ciphertext) {
    try {
      return RsaOaep.decrypt(key, algorithm.oaep(), ciphertext);
    } catch (InvalidCiphertextException e) {
      return null;
    }
  }

  /**
   * The wrapping key pair from its private key alone, which is all the import token carries. A key
   * that does not parse is this KMS's fault, as the token that held it was authentic.
   */
  private static AsymmetricKey wrappingKey(byte[] privateKeyDer) {
    KeyFactory factory = Providers.keyFactory(KeySpec.RSA_2048);
    PrivateKey privateKey;
    PublicKey publicKey;
    try {
      privateKey = factory.generatePrivate(new PKCS8EncodedKeySpec(privateKeyDer));
      if (!(privateKey instanceof RSAPrivateCrtKey crt)) {
        throw new CryptoException("wrapping private key is not an RSA CRT private key");
      }
      publicKey =
          factory.generatePublic(new RSAPublicKeySpec(crt.getModulus(), crt.getPublicExponent()));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      // No cause attached: the parsers' messages could quote the bytes they choked on.
      throw new CryptoException("wrapping private key is malformed");
    }
    int bits = ((RSAPrivateCrtKey) privateKey).getModulus().bitLength();
    WrappingKeySpec spec = WrappingKeySpec.ofModulusBits(bits);
    if (spec == null) {
      throw new CryptoException("wrapping private key has an unsupported modulus size " + bits);
    }
    return new AsymmetricKey(spec.rsaSpec(), privateKey, publicKey, publicKey.getEncoded());
  }
}
