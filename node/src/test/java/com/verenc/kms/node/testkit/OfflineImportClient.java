package com.verenc.kms.node.testkit;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.function.Consumer;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.AlgorithmSpec;
import software.amazon.awssdk.services.kms.model.ExpirationModelType;
import software.amazon.awssdk.services.kms.model.GetParametersForImportResponse;
import software.amazon.awssdk.services.kms.model.ImportKeyMaterialRequest;
import software.amazon.awssdk.services.kms.model.ImportKeyMaterialResponse;
import software.amazon.awssdk.services.kms.model.WrappingKeySpec;

/**
 * What an ImportKeyMaterial caller does offline with GetParametersForImport's PublicKey, in plain
 * JCA as AWS's instructions describe it, without any code of the node or its crypto module.
 */
public final class OfflineImportClient {

  private OfflineImportClient() {}

  /**
   * EncryptedKeyMaterial for AWS's WrappingAlgorithm {@code algorithm} (its name): RSAES_OAEP_* is
   * the material under RSAES-OAEP (MGF1 over the same hash, empty label); RSA_AES_KEY_WRAP_* is a
   * fresh AES-256 key under that OAEP followed by the material under AES key wrap with padding.
   */
  public static byte[] wrap(byte[] wrappingPublicKeyDer, String algorithm, byte[] material) {
    try {
      PublicKey wrappingKey =
          KeyFactory.getInstance("RSA")
              .generatePublic(new X509EncodedKeySpec(wrappingPublicKeyDer));
      String hash = algorithm.endsWith("_SHA_1") ? "SHA-1" : "SHA-256";
      Cipher oaep = Cipher.getInstance("RSA/ECB/OAEPPadding");
      oaep.init(
          Cipher.ENCRYPT_MODE,
          wrappingKey,
          new OAEPParameterSpec(
              hash, "MGF1", new MGF1ParameterSpec(hash), PSource.PSpecified.DEFAULT));
      if (algorithm.startsWith("RSAES_OAEP_")) {
        return oaep.doFinal(material);
      }
      if (!algorithm.startsWith("RSA_AES_KEY_WRAP_")) {
        throw new IllegalArgumentException("no offline wrapping for " + algorithm);
      }
      KeyGenerator generator = KeyGenerator.getInstance("AES");
      generator.init(256);
      SecretKey aesKey = generator.generateKey();
      byte[] wrappedAesKey = oaep.doFinal(aesKey.getEncoded());
      Cipher kwp = Cipher.getInstance("AES/KWP/NoPadding");
      kwp.init(Cipher.WRAP_MODE, aesKey);
      byte[] wrappedMaterial = kwp.wrap(new javax.crypto.spec.SecretKeySpec(material, "AES"));
      byte[] out = new byte[wrappedAesKey.length + wrappedMaterial.length];
      System.arraycopy(wrappedAesKey, 0, out, 0, wrappedAesKey.length);
      System.arraycopy(wrappedMaterial, 0, out, wrappedAesKey.length, wrappedMaterial.length);
      return out;
    } catch (GeneralSecurityException e) {
      throw new AssertionError("offline wrapping with " + algorithm + " failed", e);
    }
  }

  /**
   * The whole import through the SDK: fresh parameters (RSA_AES_KEY_WRAP_SHA_256 under an RSA_2048
   * key, which wraps any material), the material wrapped here, imported as material that does not
   * expire unless {@code members} say otherwise.
   */
  public static ImportKeyMaterialResponse importMaterial(
      KmsClient kms,
      String keyId,
      byte[] material,
      Consumer<ImportKeyMaterialRequest.Builder> members) {
    AlgorithmSpec algorithm = AlgorithmSpec.RSA_AES_KEY_WRAP_SHA_256;
    GetParametersForImportResponse p =
        kms.getParametersForImport(
            b ->
                b.keyId(keyId)
                    .wrappingAlgorithm(algorithm)
                    .wrappingKeySpec(WrappingKeySpec.RSA_2048));
    byte[] wrapped = wrap(p.publicKey().asByteArray(), algorithm.toString(), material);
    return kms.importKeyMaterial(
        b -> {
          b.keyId(keyId)
              .importToken(p.importToken())
              .encryptedKeyMaterial(SdkBytes.fromByteArray(wrapped))
              .expirationModel(ExpirationModelType.KEY_MATERIAL_DOES_NOT_EXPIRE);
          members.accept(b);
        });
  }
}
