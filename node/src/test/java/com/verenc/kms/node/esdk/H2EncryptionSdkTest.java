package com.verenc.kms.node.esdk;

/** The AWS Encryption SDK against two zones on the embedded H2 database. */
class H2EncryptionSdkTest extends EncryptionSdkSuite {
  @Override
  boolean postgres() {
    return false;
  }
}
