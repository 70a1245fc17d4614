package com.verenc.kms.crypto;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Objects;

/**
 * A keyed fingerprint of imported key material, kept after the material is deleted or expires so
 * that a reimport of different material can be refused (IncorrectKeyMaterialException) without
 * keeping the material itself.
 *
 * <p>HMAC-SHA256 keyed with HKDF-SHA256(the KMS key's secret, no salt, {@value #KEY_LABEL}): keyed,
 * so the fingerprint of a low-entropy or guessed material cannot be checked offline by whoever
 * reads the key's record, and derived, so the per-key secret is never used directly.
 */
public final class MaterialFingerprint {

  public static final int BYTES = 32;

  static final String KEY_LABEL = "verenc-kms imported material fingerprint";

  private static final int SECRET_BYTES = 32;

  private MaterialFingerprint() {}

  /**
   * The fingerprint of {@code material} in the form {@link ImportedMaterial#validate} returns. For
   * an RSA or ECC key it covers the public key only, which determines the private key, so that the
   * same key pair reimported in another PKCS #8 encoding still matches.
   */
  public static byte[] of(byte[] secret, KeySpec spec, byte[] material) {
    Objects.requireNonNull(secret, "secret");
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(material, "material");
    if (secret.length != SECRET_BYTES) {
      throw new CryptoException("fingerprint secret must be " + SECRET_BYTES + " bytes");
    }
    byte[] input = spec.isAsymmetric() ? AsymmetricKeys.publicKeyDer(material) : material;
    byte[] key = Hkdf.deriveSha256(secret, null, KEY_LABEL.getBytes(StandardCharsets.UTF_8), BYTES);
    try {
      return Hmac.generate(MacAlgorithm.HMAC_SHA_256, key, input);
    } finally {
      Arrays.fill(key, (byte) 0);
    }
  }

  /** Whether {@code material} has {@code fingerprint}, compared in constant time. */
  public static boolean matches(byte[] secret, KeySpec spec, byte[] material, byte[] fingerprint) {
    Objects.requireNonNull(fingerprint, "fingerprint");
    return equal(of(secret, spec, material), fingerprint);
  }

  /** Constant-time comparison of two fingerprints; only a length mismatch returns early. */
  public static boolean equal(byte[] a, byte[] b) {
    return MessageDigest.isEqual(Objects.requireNonNull(a, "a"), Objects.requireNonNull(b, "b"));
  }
}
