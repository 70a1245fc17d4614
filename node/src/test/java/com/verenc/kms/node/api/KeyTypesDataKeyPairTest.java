package com.verenc.kms.node.api;

import static com.verenc.kms.node.api.KmsTestSupport.assertKmsError;
import static com.verenc.kms.node.api.KmsTestSupport.keyArn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.model.DataKeyPairSpec;
import software.amazon.awssdk.services.kms.model.DecryptResponse;
import software.amazon.awssdk.services.kms.model.DisabledException;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyPairResponse;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyPairWithoutPlaintextResponse;
import software.amazon.awssdk.services.kms.model.InvalidCiphertextException;
import software.amazon.awssdk.services.kms.model.InvalidKeyUsageException;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyUsageType;
import software.amazon.awssdk.services.kms.model.SigningAlgorithmSpec;
import software.amazon.awssdk.services.kms.model.UnsupportedOperationException;

/**
 * GenerateDataKeyPair and GenerateDataKeyPairWithoutPlaintext: a fresh pair of every KeyPairSpec,
 * its private key sealed under a symmetric key; the pair is checked offline.
 */
class KeyTypesDataKeyPairTest extends KeyTypesFixture {
  private static final byte[] MESSAGE = "signed with a data key pair".getBytes();

  /** The KMS key spec that is this data key pair spec, for the offline decoding. */
  private static KeySpec specOf(DataKeyPairSpec pairSpec) {
    return KeySpec.fromValue(pairSpec.toString());
  }

  /** Whether the private key signs what the public key verifies, offline. */
  private static void assertPair(DataKeyPairSpec pairSpec, byte[] privateDer, byte[] publicDer) {
    KeySpec spec = specOf(pairSpec);
    PrivateKey privateKey = decodePrivate(spec, privateDer);
    PublicKey publicKey = decodePublic(spec, publicDer);
    SigningAlgorithmSpec algorithm =
        isRsa(spec)
            ? SigningAlgorithmSpec.RSASSA_PKCS1_V1_5_SHA_256
            : SigningAlgorithmSpec.ECDSA_SHA_256;
    byte[] signature = jcaSign(algorithm, providerFor(spec), privateKey, MESSAGE);
    assertTrue(
        jcaVerifies(algorithm, providerFor(spec), publicKey, MESSAGE, signature),
        pairSpec + ": the private key signs what the public key verifies");
    assertFalse(
        jcaVerifies(algorithm, providerFor(spec), publicKey, "other".getBytes(), signature));
    String name = pairSpec.toString();
    if (isRsa(spec)) {
      assertEquals(
          Integer.parseInt(name.substring(4)), ((RSAPublicKey) publicKey).getModulus().bitLength());
    } else {
      int bits = name.contains("384") ? 384 : name.contains("521") ? 521 : 256;
      assertEquals(
          bits, ((ECPublicKey) publicKey).getParams().getCurve().getField().getFieldSize());
      assertEquals(
          pairSpec == DataKeyPairSpec.ECC_SECG_P256_K1,
          ((ECPublicKey) publicKey).getParams().getCurve().getA().signum() == 0,
          "secp256k1 is the curve with a = 0");
    }
  }

  private DecryptResponse decrypt(SdkBytes blob, Map<String, String> context) {
    return kms.decrypt(b -> b.ciphertextBlob(blob).encryptionContext(context));
  }

  /** The specs this KMS generates (the SDK knows more: SM2, Ed25519, ML-KEM, which it refuses). */
  @ParameterizedTest(name = "{0}")
  @EnumSource(
      value = DataKeyPairSpec.class,
      names = {
        "RSA_2048",
        "RSA_3072",
        "RSA_4096",
        "ECC_NIST_P256",
        "ECC_NIST_P384",
        "ECC_NIST_P521",
        "ECC_SECG_P256_K1"
      })
  void generateDataKeyPairGivesAPairAndItsPrivateKeySealed(DataKeyPairSpec pairSpec) {
    String keyId = symmetricKey();
    GenerateDataKeyPairResponse r =
        kms.generateDataKeyPair(b -> b.keyId(keyId).keyPairSpec(pairSpec));
    assertEquals(pairSpec, r.keyPairSpec());
    assertEquals(keyArn(keyId), r.keyId());
    byte[] privateDer = r.privateKeyPlaintext().asByteArray();
    assertPair(pairSpec, privateDer, r.publicKey().asByteArray());

    DecryptResponse opened = decrypt(r.privateKeyCiphertextBlob(), Map.of());
    assertEquals(keyArn(keyId), opened.keyId());
    assertEquals(r.privateKeyPlaintext(), opened.plaintext());
  }

  /** RSA_2048 stands for the RSA sizes: GenerateDataKeyPair covers 3072 and 4096. */
  @ParameterizedTest(name = "{0}")
  @EnumSource(
      value = DataKeyPairSpec.class,
      names = {"RSA_2048", "ECC_NIST_P256", "ECC_NIST_P384", "ECC_NIST_P521", "ECC_SECG_P256_K1"})
  void withoutPlaintextTheSealedPrivateKeyIsTheOneOfThePublicKey(DataKeyPairSpec pairSpec) {
    String keyId = symmetricKey();
    GenerateDataKeyPairWithoutPlaintextResponse r =
        kms.generateDataKeyPairWithoutPlaintext(b -> b.keyId(keyId).keyPairSpec(pairSpec));
    assertEquals(pairSpec, r.keyPairSpec());
    assertEquals(keyArn(keyId), r.keyId());
    SdkBytes privateKey = decrypt(r.privateKeyCiphertextBlob(), Map.of()).plaintext();
    assertPair(pairSpec, privateKey.asByteArray(), r.publicKey().asByteArray());
  }

  @Test
  void everyCallMakesANewPair() {
    String keyId = symmetricKey();
    GenerateDataKeyPairResponse first =
        kms.generateDataKeyPair(b -> b.keyId(keyId).keyPairSpec(DataKeyPairSpec.ECC_NIST_P256));
    GenerateDataKeyPairResponse second =
        kms.generateDataKeyPair(b -> b.keyId(keyId).keyPairSpec(DataKeyPairSpec.ECC_NIST_P256));
    assertNotEquals(first.publicKey(), second.publicKey());
    assertNotEquals(first.privateKeyPlaintext(), second.privateKeyPlaintext());
  }

  @Test
  void theEncryptionContextBindsTheSealedPrivateKey() {
    String keyId = symmetricKey();
    Map<String, String> context = Map.of("owner", "signing-service", "pair", "1");
    GenerateDataKeyPairResponse r =
        kms.generateDataKeyPair(
            b ->
                b.keyId(keyId)
                    .keyPairSpec(DataKeyPairSpec.ECC_SECG_P256_K1)
                    .encryptionContext(context));
    assertEquals(
        r.privateKeyPlaintext(), decrypt(r.privateKeyCiphertextBlob(), context).plaintext());
    assertInvalidCiphertext(() -> decrypt(r.privateKeyCiphertextBlob(), Map.of()));
    assertInvalidCiphertext(
        () -> decrypt(r.privateKeyCiphertextBlob(), Map.of("owner", "signing-service")));

    GenerateDataKeyPairWithoutPlaintextResponse w =
        kms.generateDataKeyPairWithoutPlaintext(
            b -> b.keyId(keyId).keyPairSpec(DataKeyPairSpec.RSA_2048).encryptionContext(context));
    assertPair(
        DataKeyPairSpec.RSA_2048,
        decrypt(w.privateKeyCiphertextBlob(), context).plaintext().asByteArray(),
        w.publicKey().asByteArray());
    assertInvalidCiphertext(() -> decrypt(w.privateKeyCiphertextBlob(), Map.of()));
  }

  @Test
  void onlyASymmetricEncryptionKeySealsADataKeyPair() {
    for (String keyId :
        new String[] {
          key(KeySpec.RSA_2048, KeyUsageType.ENCRYPT_DECRYPT),
          key(KeySpec.RSA_2048, KeyUsageType.SIGN_VERIFY),
          key(KeySpec.HMAC_256, KeyUsageType.GENERATE_VERIFY_MAC),
          key(KeySpec.ECC_NIST_P256, KeyUsageType.KEY_AGREEMENT)
        }) {
      assertInvalidKeyUsage(
          () ->
              kms.generateDataKeyPair(
                  b -> b.keyId(keyId).keyPairSpec(DataKeyPairSpec.ECC_NIST_P256)));
      assertInvalidKeyUsage(
          () ->
              kms.generateDataKeyPairWithoutPlaintext(
                  b -> b.keyId(keyId).keyPairSpec(DataKeyPairSpec.RSA_2048)));
    }
  }

  @Test
  void aDisabledKeySealsNoPair() {
    String keyId = newKey(KeySpec.SYMMETRIC_DEFAULT, KeyUsageType.ENCRYPT_DECRYPT);
    kms.disableKey(b -> b.keyId(keyId));
    assertKmsError(
        DisabledException.class,
        "DisabledException",
        () ->
            kms.generateDataKeyPair(
                b -> b.keyId(keyId).keyPairSpec(DataKeyPairSpec.ECC_NIST_P256)));
  }

  @Test
  void pairSpecsThisKmsDoesNotGenerateAreUnsupported() {
    String keyId = symmetricKey();
    for (String pairSpec : new String[] {"SM2", "ECC_NIST_EDWARDS25519"}) {
      assertKmsError(
          UnsupportedOperationException.class,
          "UnsupportedOperationException",
          () -> kms.generateDataKeyPair(b -> b.keyId(keyId).keyPairSpec(pairSpec)));
      assertKmsError(
          UnsupportedOperationException.class,
          "UnsupportedOperationException",
          () -> kms.generateDataKeyPairWithoutPlaintext(b -> b.keyId(keyId).keyPairSpec(pairSpec)));
    }
  }

  private static void assertInvalidCiphertext(Executable call) {
    assertKmsError(InvalidCiphertextException.class, "InvalidCiphertextException", call);
  }

  private static void assertInvalidKeyUsage(Executable call) {
    assertKmsError(InvalidKeyUsageException.class, "InvalidKeyUsageException", call);
  }
}
