package com.verenc.kms.crypto.masterkey;

import com.verenc.kms.crypto.CryptoException;
import com.verenc.kms.crypto.Hkdf;
import com.verenc.kms.crypto.RandomBytes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.Provider;
import java.security.ProviderException;
import java.security.Security;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.security.auth.login.FailedLoginException;

/**
 * A master key that never leaves its PKCS #11 token: a sensitive, non-extractable AES-256 key found
 * by its label, used through the JDK's SunPKCS11 provider (configured here, never registered in
 * {@link Security}). Every wrap and unwrap runs in the token.
 *
 * <p>Secrets are wrapped with AES-256-GCM (random 96-bit IV, 128-bit tag, the {@link WrappedSecret}
 * header as additional data, so a secret cannot be passed off as another master key's): Java 17's
 * SunPKCS11 offers no AES key wrap ({@code AES/KWP}) and GCM is what both it and SoftHSM2 offer,
 * and it authenticates, which plain CBC or ECB would not. The payload is IV then ciphertext and
 * tag.
 */
public final class Pkcs11MasterKey implements MasterKey {
  private static final String WRAP_CIPHER = "AES/GCM/NoPadding";
  private static final int IV_BYTES = 12;
  private static final int TAG_BITS = 128;
  // Keeps every stored form longer than WrappedSecret's 40-byte form of the file key's early
  // secrets.
  private static final int MIN_SECRET_BYTES = 16;
  private static final String DERIVE_CIPHER = "AES/ECB/NoPadding";

  private final Provider provider;
  private final Key key;
  private final MasterKeyId id;
  private final String tokenLabel;
  private final boolean created;

  private Pkcs11MasterKey(
      Provider provider, Key key, MasterKeyId id, String tokenLabel, boolean created) {
    this.provider = provider;
    this.key = key;
    this.id = id;
    this.tokenLabel = tokenLabel;
    this.created = created;
  }

  /**
   * Logs in to the token labelled {@code tokenLabel} with {@code pin} and finds the AES key
   * labelled {@code keyLabel}, generating it in the token (sensitive, non-extractable) when there
   * is none. Checks that the key wraps and unwraps before returning it.
   *
   * @throws CryptoException with what to fix: a missing library, an unknown token, a wrong PIN, a
   *     label naming something other than an AES key, a key that cannot encrypt
   */
  public static Pkcs11MasterKey openOrCreate(
      Path library, String tokenLabel, char[] pin, String keyLabel) {
    return open(library, tokenLabel, pin, keyLabel, true);
  }

  /**
   * As {@link #openOrCreate}, but a token without a key by that label is an error: for a master key
   * that wrapped secrets already (a rotation's previous key), a new one would open none of them.
   */
  public static Pkcs11MasterKey openExisting(
      Path library, String tokenLabel, char[] pin, String keyLabel) {
    return open(library, tokenLabel, pin, keyLabel, false);
  }

  private static Pkcs11MasterKey open(
      Path library, String tokenLabel, char[] pin, String keyLabel, boolean mayCreate) {
    if (!Files.isRegularFile(library)) {
      throw new CryptoException(
          "PKCS #11 library "
              + library
              + " does not exist (KMS_MASTER_KEY_PKCS11_LIBRARY; SoftHSM2's is "
              + "libsofthsm2.so, e.g. /usr/lib/softhsm/libsofthsm2.so)");
    }
    MasterKeyId id = new MasterKeyId(MasterKeyId.Kind.PKCS11, keyLabel);
    long slot = Pkcs11Tokens.slotOf(library, tokenLabel);
    Provider provider = provider(library, slot);
    KeyStore keys = logIn(provider, tokenLabel, pin);
    String where = "'" + keyLabel + "' in PKCS #11 token '" + tokenLabel + "'";
    try {
      Key found = keys.getKey(keyLabel, null);
      boolean created = false;
      if (found == null) {
        if (keys.containsAlias(keyLabel)) {
          throw new CryptoException(
              "the label "
                  + where
                  + " names a certificate, not an AES key (KMS_MASTER_KEY_PKCS11_LABEL)");
        }
        if (!mayCreate) {
          throw new CryptoException(
              "there is no master key "
                  + where
                  + ": a previous master key wrapped the secrets still to re-wrap, so it must "
                  + "exist (it is never created); check the label and the token");
        }
        KeyGenerator generator = KeyGenerator.getInstance("AES", provider);
        generator.init(256);
        keys.setEntry(keyLabel, new KeyStore.SecretKeyEntry(generator.generateKey()), null);
        found = keys.getKey(keyLabel, null);
        created = true;
      }
      if (!(found instanceof SecretKey) || !"AES".equals(found.getAlgorithm())) {
        throw new CryptoException(
            "the label "
                + where
                + " names a "
                + found.getAlgorithm()
                + " key, not an AES key (KMS_MASTER_KEY_PKCS11_LABEL)");
      }
      Pkcs11MasterKey master = new Pkcs11MasterKey(provider, found, id, tokenLabel, created);
      master.selfTest(where);
      return master;
    } catch (GeneralSecurityException | ProviderException e) {
      throw new CryptoException("cannot read or create the master key " + where + ": " + reason(e));
    }
  }

  /** Whether {@link #openOrCreate} generated the key because the token had none by its label. */
  public boolean created() {
    return created;
  }

  public String tokenLabel() {
    return tokenLabel;
  }

  /** {@code pkcs11:} and the key's label. */
  @Override
  public MasterKeyId id() {
    return id;
  }

  @Override
  public byte[] wrap(byte[] secret) {
    if (secret.length < MIN_SECRET_BYTES) {
      throw new CryptoException("a secret to wrap has at least " + MIN_SECRET_BYTES + " bytes");
    }
    byte[] header = WrappedSecret.headerFor(id);
    byte[] iv = RandomBytes.next(IV_BYTES);
    try {
      Cipher cipher = Cipher.getInstance(WRAP_CIPHER, provider);
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
      cipher.updateAAD(header);
      byte[] sealed = cipher.doFinal(secret);
      byte[] payload = Arrays.copyOf(iv, IV_BYTES + sealed.length);
      System.arraycopy(sealed, 0, payload, IV_BYTES, sealed.length);
      return new WrappedSecret(id, header, payload).encode();
    } catch (GeneralSecurityException | ProviderException e) {
      throw new CryptoException(
          "PKCS #11 token '" + tokenLabel + "' could not wrap a secret: " + reason(e));
    }
  }

  @Override
  public byte[] unwrap(byte[] stored) {
    WrappedSecret wrapped = WrappedSecret.decode(stored);
    wrapped.requireWrappedBy(id);
    byte[] payload = wrapped.payload();
    if (payload.length <= IV_BYTES + TAG_BITS / 8) {
      throw new CryptoException("wrapped secret is truncated");
    }
    try {
      Cipher cipher = Cipher.getInstance(WRAP_CIPHER, provider);
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, payload, 0, IV_BYTES));
      cipher.updateAAD(wrapped.header());
      return cipher.doFinal(payload, IV_BYTES, payload.length - IV_BYTES);
    } catch (GeneralSecurityException | ProviderException e) {
      // No cause attached: one message for every failure gives an attacker nothing to tell apart.
      throw new CryptoException("wrapped secret failed integrity check");
    }
  }

  /**
   * HKDF-SHA256 whose input key is the token's AES encryption of SHA-256({@code purpose}) (two
   * blocks, AES as a pseudo-random function), so only the token can compute it.
   */
  @Override
  public byte[] derive(String purpose, int length) {
    byte[] info = purpose.getBytes(StandardCharsets.UTF_8);
    byte[] ikm = null;
    try {
      byte[] blocks = MessageDigest.getInstance("SHA-256").digest(info);
      Cipher cipher = Cipher.getInstance(DERIVE_CIPHER, provider);
      cipher.init(Cipher.ENCRYPT_MODE, key);
      ikm = cipher.doFinal(blocks);
      return Hkdf.deriveSha256(ikm, null, info, length);
    } catch (GeneralSecurityException | ProviderException e) {
      throw new CryptoException(
          "PKCS #11 token '"
              + tokenLabel
              + "' could not derive a secret for "
              + purpose
              + " (it must allow "
              + DERIVE_CIPHER
              + " with the master key): "
              + reason(e));
    } finally {
      if (ikm != null) {
        Arrays.fill(ikm, (byte) 0);
      }
    }
  }

  @Override
  public String toString() {
    return "Pkcs11MasterKey[" + id + " in token '" + tokenLabel + "']";
  }

  private void selfTest(String where) {
    byte[] probe = RandomBytes.next(32);
    byte[] back;
    try {
      back = unwrap(wrap(probe));
    } catch (CryptoException e) {
      throw new CryptoException(
          "the master key " + where + " cannot wrap with " + WRAP_CIPHER + ": " + e.getMessage());
    }
    if (!Arrays.equals(probe, back)) {
      throw new CryptoException(
          "the master key " + where + " does not unwrap what it wraps with " + WRAP_CIPHER);
    }
  }

  /**
   * SunPKCS11 for one slot. Keys it generates are session objects, sensitive and non-extractable:
   * {@link KeyStore#setEntry} then copies the key onto the token under its label, with the same
   * attributes, and the session object goes with its session.
   */
  private static Provider provider(Path library, long slot) {
    Provider sunPkcs11 = Security.getProvider("SunPKCS11");
    if (sunPkcs11 == null) {
      throw new CryptoException("this JDK has no SunPKCS11 provider (module jdk.crypto.cryptoki)");
    }
    String config =
        String.join(
            "\n",
            "--name=verenc-kms-master-key",
            "library=" + library,
            "slot=" + slot,
            "attributes(generate, CKO_SECRET_KEY, CKK_AES) = {",
            "  CKA_TOKEN = false",
            "  CKA_SENSITIVE = true",
            "  CKA_EXTRACTABLE = false",
            "  CKA_ENCRYPT = true",
            "  CKA_DECRYPT = true",
            "}",
            "");
    try {
      return sunPkcs11.configure(config);
    } catch (ProviderException | IllegalArgumentException e) {
      throw new CryptoException("PKCS #11 library " + library + " cannot be used: " + reason(e));
    }
  }

  private static KeyStore logIn(Provider provider, String tokenLabel, char[] pin) {
    try {
      KeyStore keys = KeyStore.getInstance("PKCS11", provider);
      keys.load(null, pin);
      return keys;
    } catch (IOException e) {
      if (causedBy(e, FailedLoginException.class)) {
        throw new CryptoException(
            "PKCS #11 token '"
                + tokenLabel
                + "' refused the PIN in KMS_MASTER_KEY_PKCS11_PIN_FILE: it is wrong (or the "
                + "token locked the user PIN after too many wrong ones)");
      }
      throw new CryptoException(
          "cannot open the keys of PKCS #11 token '" + tokenLabel + "': " + reason(e));
    } catch (GeneralSecurityException | ProviderException e) {
      throw new CryptoException(
          "cannot open the keys of PKCS #11 token '" + tokenLabel + "': " + reason(e));
    }
  }

  private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }

  /** The innermost message: the provider wraps the token's own error (CKR_...) in layers. */
  private static String reason(Throwable e) {
    String reason = e.toString();
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t.getMessage() != null) {
        reason = t.getMessage();
      }
    }
    return reason;
  }
}
