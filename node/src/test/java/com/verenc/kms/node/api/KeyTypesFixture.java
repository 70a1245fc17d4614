package com.verenc.kms.node.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.verenc.kms.node.testkit.TestDatabase;
import com.verenc.kms.node.testkit.TestNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
import java.util.HashMap;
import java.util.Map;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.GetPublicKeyResponse;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyUsageType;
import software.amazon.awssdk.services.kms.model.SigningAlgorithmSpec;

/**
 * The node of a key-types test class (one node on H2 per class, keys made once per class) and the
 * offline side of the checks: JCA over the public keys the node hands out, Bouncy Castle for
 * secp256k1, which the JDK no longer knows.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class KeyTypesFixture {
  static final Provider BC = new BouncyCastleProvider();

  protected TestNode node;
  protected KmsClient kms;
  private Path dir;

  /**
   * CreateKey's metadata of the class's keys by "SPEC/USAGE", each made at most once per class:
   * RSA_4096 pairs take a while.
   */
  private final Map<String, KeyMetadata> keys = new HashMap<>();

  @BeforeAll
  void startNode() throws IOException {
    dir = Files.createTempDirectory("kms-key-types-");
    node = TestNode.start(TestDatabase.h2(dir));
    kms = node.client();
  }

  @AfterAll
  void stopNode() {
    KmsTestSupport.stopAll(kms, node, dir);
  }

  /** Restarts the node on the same data; the restarted node listens on a new port. */
  void restartNode() {
    node.restart();
    kms.close();
    kms = node.client();
  }

  /** A new key of this spec and usage. */
  String newKey(KeySpec spec, KeyUsageType usage) {
    return create(spec, usage).keyId();
  }

  private KeyMetadata create(KeySpec spec, KeyUsageType usage) {
    KeyMetadata m = kms.createKey(b -> b.keySpec(spec).keyUsage(usage)).keyMetadata();
    assertEquals(spec, m.keySpec());
    assertEquals(usage, m.keyUsage());
    return m;
  }

  /** The class's key of this spec and usage, made on first use; tests must not change it. */
  String key(KeySpec spec, KeyUsageType usage) {
    return created(spec, usage).keyId();
  }

  /** What CreateKey answered for the class's key of this spec and usage. */
  KeyMetadata created(KeySpec spec, KeyUsageType usage) {
    return keys.computeIfAbsent(spec + "/" + usage, k -> create(spec, usage));
  }

  String symmetricKey() {
    return key(KeySpec.SYMMETRIC_DEFAULT, KeyUsageType.ENCRYPT_DECRYPT);
  }

  KeyMetadata describe(String keyId) {
    return kms.describeKey(b -> b.keyId(keyId)).keyMetadata();
  }

  /** The key's public key as GetPublicKey hands it out, decoded offline. */
  PublicKey publicKey(String keyId) {
    GetPublicKeyResponse r = kms.getPublicKey(b -> b.keyId(keyId));
    return decodePublic(r.keySpec(), r.publicKey().asByteArray());
  }

  // ------------------------------------------------------------------ offline crypto

  static boolean isRsa(KeySpec spec) {
    return spec.toString().startsWith("RSA_");
  }

  /** Bouncy Castle for secp256k1 (SunEC dropped it in JDK 16), the JDK for everything else. */
  static Provider providerFor(KeySpec spec) {
    return spec == KeySpec.ECC_SECG_P256_K1 ? BC : null;
  }

  static PublicKey decodePublic(KeySpec spec, byte[] der) {
    try {
      return keyFactory(spec).generatePublic(new X509EncodedKeySpec(der));
    } catch (GeneralSecurityException e) {
      throw new AssertionError("public key of " + spec + " does not decode", e);
    }
  }

  static PrivateKey decodePrivate(KeySpec spec, byte[] der) {
    try {
      return keyFactory(spec).generatePrivate(new PKCS8EncodedKeySpec(der));
    } catch (GeneralSecurityException e) {
      throw new AssertionError("private key of " + spec + " does not decode", e);
    }
  }

  private static KeyFactory keyFactory(KeySpec spec) throws GeneralSecurityException {
    String algorithm = isRsa(spec) ? "RSA" : "EC";
    Provider provider = providerFor(spec);
    return provider == null
        ? KeyFactory.getInstance(algorithm)
        : KeyFactory.getInstance(algorithm, provider);
  }

  /** The hash of a signing algorithm, by its JCA name. */
  static String hashOf(SigningAlgorithmSpec algorithm) {
    String name = algorithm.toString();
    return "SHA-" + name.substring(name.length() - 3);
  }

  static byte[] digest(SigningAlgorithmSpec algorithm, byte[] message) {
    try {
      return MessageDigest.getInstance(hashOf(algorithm)).digest(message);
    } catch (GeneralSecurityException e) {
      throw new AssertionError(e);
    }
  }

  /**
   * The JCA engine that is this AWS signing algorithm, hash included: PSS with MGF1 over the same
   * hash, a salt as long as the hash and trailer field 1.
   */
  static Signature jcaSignature(SigningAlgorithmSpec algorithm, Provider provider)
      throws GeneralSecurityException {
    String name = algorithm.toString();
    String hash = hashOf(algorithm);
    String shortHash = hash.replace("-", "");
    if (name.startsWith("RSASSA_PSS")) {
      Signature s = Signature.getInstance("RSASSA-PSS");
      int hashBytes = Integer.parseInt(hash.substring(4)) / 8;
      s.setParameter(new PSSParameterSpec(hash, "MGF1", new MGF1ParameterSpec(hash), hashBytes, 1));
      return s;
    }
    String jca = shortHash + (name.startsWith("RSASSA_PKCS1") ? "withRSA" : "withECDSA");
    return provider == null ? Signature.getInstance(jca) : Signature.getInstance(jca, provider);
  }

  /** Whether {@code signature} verifies offline, with JCA, as this algorithm over the message. */
  static boolean jcaVerifies(
      SigningAlgorithmSpec algorithm,
      Provider provider,
      PublicKey key,
      byte[] message,
      byte[] signature) {
    try {
      Signature verifier = jcaSignature(algorithm, provider);
      verifier.initVerify(key);
      verifier.update(message);
      return verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      throw new AssertionError(algorithm + " verification failed offline", e);
    }
  }

  static byte[] jcaSign(
      SigningAlgorithmSpec algorithm, Provider provider, PrivateKey key, byte[] message) {
    try {
      Signature signer = jcaSignature(algorithm, provider);
      signer.initSign(key);
      signer.update(message);
      return signer.sign();
    } catch (GeneralSecurityException e) {
      throw new AssertionError(algorithm + " signing failed offline", e);
    }
  }

  static SdkBytes flipByte(SdkBytes blob, int index) {
    byte[] bytes = blob.asByteArray();
    bytes[index] ^= 0x01;
    return SdkBytes.fromByteArray(bytes);
  }

  static SdkBytes bytes(int length, int fill) {
    byte[] b = new byte[length];
    java.util.Arrays.fill(b, (byte) fill);
    return SdkBytes.fromByteArray(b);
  }
}
