package com.verenc.kms.node.esdk;

/** The AWS Encryption SDK against two zones, each on a fresh PostgreSQL database. */
class PostgresEncryptionSdkTest extends EncryptionSdkSuite {
  @Override
  boolean postgres() {
    return true;
  }
}
