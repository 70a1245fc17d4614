package com.verenc.kms.crypto;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import javax.crypto.spec.SecretKeySpec;

/**
 * What an ImportKeyMaterial caller does offline with the wrapping public key, in plain JCA as AWS's
 * instructions describe it, written without the code under test.
 */
final class ImportClient {

  private ImportClient() {}

  /** EncryptedKeyMaterial for AWS's wrapping algorithm {@code algorithm} (its name). */
  static byte[] wrap(byte[] wrappingPublicKeyDer, String algorithm, byte[] material)
      throws GeneralSecurityException {
    return wrap(wrappingPublicKeyDer, algorithm, material, 32, false);
  }

  /**
   * EncryptedKeyMaterial with an ephemeral AES key of {@code aesKeyBytes} for RSA_AES_KEY_WRAP_*,
   * wrapped with Bouncy Castle's AESWrapPad cipher instead of the JDK's if {@code bouncyCastle}.
   */
  static byte[] wrap(
      byte[] wrappingPublicKeyDer,
      String algorithm,
      byte[] material,
      int aesKeyBytes,
      boolean bouncyCastle)
      throws GeneralSecurityException {
    PublicKey wrappingKey =
        KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(wrappingPublicKeyDer));
    boolean sha1 = algorithm.endsWith("_SHA_1");
    Cipher oaep = Cipher.getInstance("RSA/ECB/OAEPPadding");
    oaep.init(
        Cipher.ENCRYPT_MODE,
        wrappingKey,
        new OAEPParameterSpec(
            sha1 ? "SHA-1" : "SHA-256",
            "MGF1",
            sha1 ? MGF1ParameterSpec.SHA1 : MGF1ParameterSpec.SHA256,
            PSource.PSpecified.DEFAULT));
    if (algorithm.startsWith("RSAES_OAEP")) {
      return oaep.doFinal(material);
    }
    KeyGenerator generator = KeyGenerator.getInstance("AES");
    generator.init(aesKeyBytes * 8);
    SecretKey aesKey = generator.generateKey();
    byte[] wrappedAesKey = oaep.doFinal(aesKey.getEncoded());
    byte[] wrappedMaterial;
    if (bouncyCastle) {
      Cipher kwp = Cipher.getInstance("AESWrapPad", TestKeyPairs.BC);
      kwp.init(Cipher.WRAP_MODE, aesKey);
      wrappedMaterial = kwp.wrap(new SecretKeySpec(material, "RAW"));
    } else {
      Cipher kwp = Cipher.getInstance("AES/KWP/NoPadding");
      kwp.init(Cipher.ENCRYPT_MODE, aesKey);
      wrappedMaterial = kwp.doFinal(material);
    }
    byte[] out = new byte[wrappedAesKey.length + wrappedMaterial.length];
    System.arraycopy(wrappedAesKey, 0, out, 0, wrappedAesKey.length);
    System.arraycopy(wrappedMaterial, 0, out, wrappedAesKey.length, wrappedMaterial.length);
    return out;
  }
}
