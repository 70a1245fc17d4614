package com.verenc.kms.crypto;

/** A fresh key pair for GenerateDataKeyPair, in the DER encodings AWS returns. */
public final class DataKeyPair {

  private final KeySpec keyPairSpec;
  private final byte[] privateKeyDer;
  private final byte[] publicKeyDer;

  DataKeyPair(KeySpec keyPairSpec, byte[] privateKeyDer, byte[] publicKeyDer) {
    this.keyPairSpec = keyPairSpec;
    this.privateKeyDer = privateKeyDer;
    this.publicKeyDer = publicKeyDer;
  }

  public KeySpec keyPairSpec() {
    return keyPairSpec;
  }

  /** The private key, DER PKCS #8 PrivateKeyInfo (AWS's PrivateKeyPlaintext). */
  public byte[] privateKeyDer() {
    return privateKeyDer.clone();
  }

  /** The public key, DER X.509 SubjectPublicKeyInfo (AWS's PublicKey). */
  public byte[] publicKeyDer() {
    return publicKeyDer.clone();
  }

  @Override
  public String toString() {
    return "DataKeyPair[" + keyPairSpec + "]";
  }
}
