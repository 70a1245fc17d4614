package com.verenc.kms.crypto.masterkey;

/**
 * The installation master key, under which every key's secret is wrapped at rest and on its way to
 * replica zones: a key file ({@link FileMasterKey}) or a non-extractable key inside a PKCS #11
 * token ({@link Pkcs11MasterKey}).
 *
 * <p>{@link #wrap} returns the stored form described by {@link WrappedSecret}, which names the
 * master key that made it; {@link #unwrap} refuses a secret another master key wrapped, with a
 * message naming both.
 */
public sealed interface MasterKey permits FileMasterKey, Pkcs11MasterKey {

  /** Which master key this is, as recorded in every secret it wraps. */
  MasterKeyId id();

  /** Wraps a secret (at least one byte) into its stored form. */
  byte[] wrap(byte[] secret);

  /**
   * Unwraps a stored secret made by this master key.
   *
   * @throws com.verenc.kms.crypto.CryptoException when another master key wrapped it, or it does
   *     not pass the integrity check
   */
  byte[] unwrap(byte[] stored);

  /**
   * A secret for another purpose of the installation, {@code length} bytes, always the same for the
   * same master key and {@code purpose}; knowing it reveals nothing about the master key.
   */
  byte[] derive(String purpose, int length);
}
