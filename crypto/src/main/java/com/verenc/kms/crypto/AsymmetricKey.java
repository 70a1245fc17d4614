package com.verenc.kms.crypto;

import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.RSAKey;

/**
 * A key pair of an RSA or ECC KMS key, decoded once from its material for {@link Signatures},
 * {@link RsaOaep} and {@link Ecdh}.
 *
 * <p>Immutable and safe to share between threads and to cache: the operations create their JCA
 * engines per call, since those are not thread-safe.
 */
public final class AsymmetricKey {

  private final KeySpec spec;
  private final PrivateKey privateKey;
  private final PublicKey publicKey;
  private final byte[] publicKeyDer;

  AsymmetricKey(KeySpec spec, PrivateKey privateKey, PublicKey publicKey, byte[] publicKeyDer) {
    this.spec = spec;
    this.privateKey = privateKey;
    this.publicKey = publicKey;
    this.publicKeyDer = publicKeyDer;
  }

  public KeySpec spec() {
    return spec;
  }

  /** The public key as AWS GetPublicKey returns it: DER X.509 SubjectPublicKeyInfo. */
  public byte[] publicKeyDer() {
    return publicKeyDer.clone();
  }

  public PublicKey publicKey() {
    return publicKey;
  }

  PrivateKey privateKey() {
    return privateKey;
  }

  /** Length of the RSA modulus, which is also the length of every signature and ciphertext. */
  int modulusBytes() {
    return (((RSAKey) publicKey).getModulus().bitLength() + Byte.SIZE - 1) / Byte.SIZE;
  }

  @Override
  public String toString() {
    return "AsymmetricKey[" + spec + "]";
  }
}
