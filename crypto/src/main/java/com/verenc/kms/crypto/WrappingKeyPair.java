package com.verenc.kms.crypto;

/** A fresh RSA wrapping key pair for GetParametersForImport, in DER encodings. */
public final class WrappingKeyPair {

  private final WrappingKeySpec spec;
  private final byte[] privateKeyDer;
  private final byte[] publicKeyDer;

  WrappingKeyPair(WrappingKeySpec spec, byte[] privateKeyDer, byte[] publicKeyDer) {
    this.spec = spec;
    this.privateKeyDer = privateKeyDer;
    this.publicKeyDer = publicKeyDer;
  }

  public WrappingKeySpec spec() {
    return spec;
  }

  /** The private key, DER PKCS #8, to seal into the import token. */
  public byte[] privateKeyDer() {
    return privateKeyDer.clone();
  }

  /** The public key, DER X.509 SubjectPublicKeyInfo (AWS's PublicKey). */
  public byte[] publicKeyDer() {
    return publicKeyDer.clone();
  }

  @Override
  public String toString() {
    return "WrappingKeyPair[" + spec + "]";
  }
}
