package com.verenc.kms.node.api;

import static com.verenc.kms.node.api.KmsTestSupport.keyArn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.verenc.kms.node.testkit.OfflineImportClient;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.util.function.Consumer;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.model.AlgorithmSpec;
import software.amazon.awssdk.services.kms.model.ExpirationModelType;
import software.amazon.awssdk.services.kms.model.GetParametersForImportResponse;
import software.amazon.awssdk.services.kms.model.ImportKeyMaterialRequest;
import software.amazon.awssdk.services.kms.model.ImportKeyMaterialResponse;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.KeyUsageType;
import software.amazon.awssdk.services.kms.model.OriginType;
import software.amazon.awssdk.services.kms.model.WrappingKeySpec;

/**
 * The node of an import test class and the caller's offline side of ImportKeyMaterial: material
 * made with plain JCA and wrapped with {@link OfflineImportClient}, never by the node's code.
 */
abstract class ImportFixture extends KeyTypesFixture {
  static final SecureRandom RANDOM = new SecureRandom();

  /** The wrapping this class uses when the wrapping itself is not under test. */
  static final AlgorithmSpec DEFAULT_WRAPPING = AlgorithmSpec.RSA_AES_KEY_WRAP_SHA_256;

  static byte[] random(int length) {
    byte[] b = new byte[length];
    RANDOM.nextBytes(b);
    return b;
  }

  /** An offline key pair: "RSA" with a modulus size, or "EC" with a curve name. */
  static KeyPair offlinePair(String algorithm, int bits, String curve) {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance(algorithm);
      if (curve != null) {
        g.initialize(new ECGenParameterSpec(curve));
      } else {
        g.initialize(bits);
      }
      return g.generateKeyPair();
    } catch (java.security.GeneralSecurityException e) {
      throw new AssertionError(e);
    }
  }

  /** A new key of Origin EXTERNAL, checked to await its material. */
  String newExternalKey(KeySpec spec, KeyUsageType usage) {
    KeyMetadata m =
        kms.createKey(b -> b.keySpec(spec).keyUsage(usage).origin(OriginType.EXTERNAL))
            .keyMetadata();
    assertEquals(OriginType.EXTERNAL, m.origin());
    assertPendingImport(m);
    return m.keyId();
  }

  String newExternalSymmetricKey() {
    return newExternalKey(KeySpec.SYMMETRIC_DEFAULT, KeyUsageType.ENCRYPT_DECRYPT);
  }

  static void assertPendingImport(KeyMetadata m) {
    assertEquals(KeyState.PENDING_IMPORT, m.keyState(), "key state of " + m.keyId());
    assertFalse(m.enabled(), "a key pending import is not enabled");
    assertNull(m.validTo(), "no material, no ValidTo");
    assertNull(m.expirationModel(), "no material, no ExpirationModel");
  }

  static void assertEnabledWithMaterial(KeyMetadata m) {
    assertEquals(KeyState.ENABLED, m.keyState(), "key state of " + m.keyId());
    assertTrue(m.enabled());
  }

  GetParametersForImportResponse parameters(
      String keyId, AlgorithmSpec algorithm, WrappingKeySpec spec) {
    GetParametersForImportResponse p =
        kms.getParametersForImport(
            b -> b.keyId(keyId).wrappingAlgorithm(algorithm).wrappingKeySpec(spec));
    assertEquals(keyArn(keyId), p.keyId());
    return p;
  }

  /** EncryptedKeyMaterial for the public key of {@code p}, wrapped offline. */
  static SdkBytes wrap(GetParametersForImportResponse p, AlgorithmSpec algorithm, byte[] material) {
    return SdkBytes.fromByteArray(
        OfflineImportClient.wrap(p.publicKey().asByteArray(), algorithm.toString(), material));
  }

  /** Fresh parameters, the material wrapped offline, imported with {@code expiry}'s members. */
  ImportKeyMaterialResponse importMaterial(
      String keyId,
      byte[] material,
      AlgorithmSpec algorithm,
      WrappingKeySpec spec,
      Consumer<ImportKeyMaterialRequest.Builder> expiry) {
    GetParametersForImportResponse p = parameters(keyId, algorithm, spec);
    ImportKeyMaterialResponse r =
        kms.importKeyMaterial(
            b -> {
              b.keyId(keyId)
                  .importToken(p.importToken())
                  .encryptedKeyMaterial(wrap(p, algorithm, material));
              expiry.accept(b);
            });
    assertEquals(keyArn(keyId), r.keyId());
    assertTrue(
        r.keyMaterialId() != null && r.keyMaterialId().matches("[0-9a-f]{64}"),
        "KeyMaterialId is 64 lower-case hex digits: " + r.keyMaterialId());
    return r;
  }

  /** Imports material that does not expire, with {@link #DEFAULT_WRAPPING} and RSA_2048. */
  ImportKeyMaterialResponse importForever(String keyId, byte[] material) {
    return importMaterial(
        keyId, material, DEFAULT_WRAPPING, WrappingKeySpec.RSA_2048, ImportFixture::noExpiry);
  }

  static void noExpiry(ImportKeyMaterialRequest.Builder b) {
    b.expirationModel(ExpirationModelType.KEY_MATERIAL_DOES_NOT_EXPIRE);
  }
}
