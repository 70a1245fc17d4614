package com.verenc.kms.loadtest;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The bare cryptographic primitive behind the KMS's Sign, Verify, GenerateMac and VerifyMac of a
 * 32-byte message, on plain JCA (Bouncy Castle for secp256k1, which the JDK no longer has) with no
 * KMS code: what one core can do at best, the yardstick for the node's rate ({@code
 * loadtest/bin/bench Sign|SignVerify|Mac} runs it on every core, {@code -t $(nproc)}).
 *
 * <p>{@code spec} is the AWS KeySpec, with the algorithm the load uses: ECC_NIST_P256 / P384 / P521
 * sign SHA256/384/512withECDSA, ECC_SECG_P256K1 SHA256withECDSA, RSA_2048 / 3072 / 4096 RSASSA-PSS
 * with SHA-256, MGF1-SHA-256, 32-byte salt, trailer 1 (AWS's RSASSA_PSS_SHA_256); HMAC_n computes
 * HmacSHAn under an n-bit key. {@code sign} signs (HMAC: computes the MAC), {@code verify} verifies
 * a signature made in set-up (HMAC: computes the MAC and compares it in constant time, as VerifyMac
 * must), {@code signAndVerify} does both, as a SignVerify pair does. Each thread keeps its engines
 * initialised with the key (one shared key, as the node's load uses one key).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(1)
public class PrimitiveBenchmark {
  static final byte[] MESSAGE = new byte[32];

  /** The key of the run, made once and shared by every thread. */
  @State(Scope.Benchmark)
  public static class Key {
    @Param({"ECC_NIST_P256", "RSA_2048", "HMAC_256"})
    public String spec;

    KeyPair pair;
    SecretKeySpec secret;
    String algorithm;
    Provider provider;

    @Setup
    public void setUp() throws GeneralSecurityException {
      if (spec.startsWith("HMAC_")) {
        int bits = Integer.parseInt(spec.substring("HMAC_".length()));
        byte[] key = new byte[bits / 8];
        new SecureRandom().nextBytes(key);
        algorithm = "HmacSHA" + bits;
        secret = new SecretKeySpec(key, algorithm);
        return;
      }
      KeyPairGenerator generator;
      switch (spec) {
        case "RSA_2048", "RSA_3072", "RSA_4096" -> {
          generator = KeyPairGenerator.getInstance("RSA");
          generator.initialize(Integer.parseInt(spec.substring("RSA_".length())));
          algorithm = "RSASSA-PSS";
        }
        case "ECC_SECG_P256K1" -> {
          provider = new BouncyCastleProvider();
          generator = KeyPairGenerator.getInstance("EC", provider);
          generator.initialize(new ECGenParameterSpec("secp256k1"));
          algorithm = "SHA256withECDSA";
        }
        case "ECC_NIST_P256", "ECC_NIST_P384", "ECC_NIST_P521" -> {
          String bits = spec.substring("ECC_NIST_P".length());
          generator = KeyPairGenerator.getInstance("EC");
          generator.initialize(new ECGenParameterSpec("secp" + bits + "r1"));
          algorithm = "SHA" + (bits.equals("521") ? "512" : bits) + "withECDSA";
        }
        default -> throw new IllegalArgumentException("unknown spec " + spec);
      }
      pair = generator.generateKeyPair();
    }

    boolean hmac() {
      return secret != null;
    }

    Signature signature() throws GeneralSecurityException {
      Signature signature =
          provider == null
              ? Signature.getInstance(algorithm)
              : Signature.getInstance(algorithm, provider);
      if (algorithm.equals("RSASSA-PSS")) {
        signature.setParameter(
            new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
      }
      return signature;
    }
  }

  private Mac mac;
  private Signature signer;
  private Signature verifier;
  private byte[] expected;

  @Setup
  public void setUp(Key key) throws GeneralSecurityException {
    if (key.hmac()) {
      mac = Mac.getInstance(key.algorithm);
      mac.init(key.secret);
      expected = mac.doFinal(MESSAGE);
      return;
    }
    signer = key.signature();
    signer.initSign(key.pair.getPrivate());
    verifier = key.signature();
    verifier.initVerify(key.pair.getPublic());
    expected = sign();
    if (!verify()) {
      throw new IllegalStateException(key.spec + ": a fresh signature does not verify");
    }
  }

  @Benchmark
  public byte[] sign() throws GeneralSecurityException {
    if (mac != null) {
      return mac.doFinal(MESSAGE);
    }
    signer.update(MESSAGE);
    return signer.sign();
  }

  @Benchmark
  public boolean verify() throws GeneralSecurityException {
    if (mac != null) {
      return MessageDigest.isEqual(mac.doFinal(MESSAGE), expected);
    }
    verifier.update(MESSAGE);
    return verifier.verify(expected);
  }

  @Benchmark
  public boolean signAndVerify() throws GeneralSecurityException {
    if (mac != null) {
      byte[] tag = mac.doFinal(MESSAGE);
      return MessageDigest.isEqual(mac.doFinal(MESSAGE), tag);
    }
    signer.update(MESSAGE);
    byte[] signature = signer.sign();
    verifier.update(MESSAGE);
    return verifier.verify(signature);
  }
}
