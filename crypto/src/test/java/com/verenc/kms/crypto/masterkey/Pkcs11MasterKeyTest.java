package com.verenc.kms.crypto.masterkey;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.verenc.kms.crypto.CryptoException;
import com.verenc.kms.crypto.RandomBytes;
import java.nio.file.Path;
import java.security.Key;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.Provider;
import java.security.Security;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The master key in a SoftHSM2 token, used through SunPKCS11 inside the test JVM. */
class Pkcs11MasterKeyTest {
  private static Path library;

  @BeforeAll
  static void tokens() {
    library = SoftHsm.inThisJvm();
  }

  private static String newLabel() {
    return "master-" + UUID.randomUUID();
  }

  private static Pkcs11MasterKey open(String keyLabel) {
    return Pkcs11MasterKey.openOrCreate(
        library, SoftHsm.SHARED.label(), SoftHsm.SHARED.pin().toCharArray(), keyLabel);
  }

  /** A SunPKCS11 provider of the test's own on {@code slot}, as another application has. */
  private static Provider probe(long slot) {
    return Security.getProvider("SunPKCS11")
        .configure("--name=probe\nlibrary=" + library + "\nslot=" + slot + "\n");
  }

  @Test
  void theKeyIsCreatedOnFirstOpenAndFoundByItsLabelAfter() {
    String label = newLabel();
    Pkcs11MasterKey first = open(label);
    assertTrue(first.created());
    assertEquals(new MasterKeyId(MasterKeyId.Kind.PKCS11, label), first.id());
    byte[] secret = RandomBytes.next(32);
    byte[] wrapped = first.wrap(secret);

    Pkcs11MasterKey again = open(label);
    assertFalse(again.created());
    assertArrayEquals(secret, again.unwrap(wrapped));
  }

  @Test
  void aPreviousKeyIsOpenedButNeverCreated() {
    String label = newLabel();
    char[] pin = SoftHsm.SHARED.pin().toCharArray();
    CryptoException e =
        assertThrows(
            CryptoException.class,
            () -> Pkcs11MasterKey.openExisting(library, SoftHsm.SHARED.label(), pin, label));
    assertTrue(e.getMessage().contains("there is no master key '" + label + "'"), e.getMessage());
    byte[] wrapped = open(label).wrap(RandomBytes.next(32));
    Pkcs11MasterKey existing =
        Pkcs11MasterKey.openExisting(library, SoftHsm.SHARED.label(), pin, label);
    assertFalse(existing.created());
    assertEquals(32, existing.unwrap(wrapped).length);
  }

  @Test
  void aRingMigratesSecretsFromAKeyFileToTheToken() {
    FileMasterKey file = FileMasterKey.generate();
    Pkcs11MasterKey token = open(newLabel());
    MasterKeyRing ring = MasterKeyRing.of(token, List.of(file));
    byte[] secret = RandomBytes.next(32);
    byte[] rewrapped = ring.rewrap(file.wrap(secret));
    assertEquals(token.id(), WrappedSecret.decode(rewrapped).wrappedBy());
    assertArrayEquals(secret, token.unwrap(rewrapped));
    assertArrayEquals(secret, MasterKeyRing.of(token).unwrap(rewrapped));
  }

  @Test
  void wrappedSecretsNameTheKeyAndDifferEachTime() {
    Pkcs11MasterKey key = open(newLabel());
    byte[] secret = RandomBytes.next(32);
    byte[] one = key.wrap(secret);
    byte[] two = key.wrap(secret);
    assertFalse(Arrays.equals(one, two), "a fresh IV for every wrap");
    assertEquals(key.id(), WrappedSecret.decode(one).wrappedBy());
    assertFalse(
        Arrays.equals(secret, Arrays.copyOfRange(one, one.length - 48, one.length - 16)),
        "the secret is not stored in the clear");
    assertArrayEquals(secret, key.unwrap(two));
  }

  @Test
  void theKeysValueIsNeverReadableFromTheToken() throws Exception {
    String label = newLabel();
    open(label);
    long slot = Pkcs11Tokens.slotOf(library, SoftHsm.SHARED.label());

    Provider provider = probe(slot);
    KeyStore keys = KeyStore.getInstance("PKCS11", provider);
    keys.load(null, SoftHsm.SHARED.pin().toCharArray());
    Key key = keys.getKey(label, null);
    assertEquals("AES", key.getAlgorithm());
    assertNull(key.getEncoded(), "getEncoded() of the token's key");
    SecretKeyFactory factory = SecretKeyFactory.getInstance("AES", provider);
    assertThrows(Exception.class, () -> factory.getKeySpec((SecretKey) key, SecretKeySpec.class));

    TokenObjects token = new TokenObjects(library);
    assertEquals(1, token.secretKeysLabelled(slot, label), "one key, no unlabelled copy");
    Map<Long, Boolean> attributes =
        token.booleans(
            slot,
            label,
            TokenObjects.CKA_TOKEN,
            TokenObjects.CKA_PRIVATE,
            TokenObjects.CKA_SENSITIVE,
            TokenObjects.CKA_ALWAYS_SENSITIVE,
            TokenObjects.CKA_EXTRACTABLE,
            TokenObjects.CKA_NEVER_EXTRACTABLE);
    assertEquals(
        Map.of(
            TokenObjects.CKA_TOKEN, true,
            TokenObjects.CKA_PRIVATE, true,
            TokenObjects.CKA_SENSITIVE, true,
            TokenObjects.CKA_ALWAYS_SENSITIVE, true,
            TokenObjects.CKA_EXTRACTABLE, false,
            TokenObjects.CKA_NEVER_EXTRACTABLE, true),
        attributes);
    assertTrue(
        token.refusalToReadValue(slot, label).contains("CKR_ATTRIBUTE_SENSITIVE"),
        "the token refuses to hand out CKA_VALUE");
  }

  @Test
  void aSecretOfAnotherMasterKeyIsRefusedNamingBoth() {
    Pkcs11MasterKey mine = open(newLabel());
    Pkcs11MasterKey other = open(newLabel());
    CryptoException e =
        assertThrows(CryptoException.class, () -> mine.unwrap(other.wrap(new byte[32])));
    assertTrue(e.getMessage().contains(other.id().toString()), e.getMessage());
    assertTrue(e.getMessage().contains(mine.id().toString()), e.getMessage());
    FileMasterKey file = FileMasterKey.generate();
    assertThrows(CryptoException.class, () -> mine.unwrap(file.wrap(new byte[32])));
    assertThrows(
        CryptoException.class, () -> mine.unwrap(FileMasterKey.generate().encoded().clone()));
  }

  @Test
  void aTamperedSecretOrHeaderFailsTheIntegrityCheck() {
    Pkcs11MasterKey key = open(newLabel());
    byte[] wrapped = key.wrap(RandomBytes.next(32));
    for (int i : new int[] {wrapped.length - 1, wrapped.length - 30}) {
      byte[] tampered = wrapped.clone();
      tampered[i] ^= 1;
      CryptoException e = assertThrows(CryptoException.class, () -> key.unwrap(tampered));
      assertEquals("wrapped secret failed integrity check", e.getMessage());
    }
  }

  @Test
  void secretsShorterThan16BytesAreRefusedSoNoStoredFormIs40Bytes() {
    Pkcs11MasterKey key = open("m");
    assertThrows(CryptoException.class, () -> key.wrap(new byte[15]));
    assertNotEquals(WrappedSecret.UNNAMED_LENGTH, key.wrap(new byte[16]).length);
  }

  @Test
  void derivedSecretsAreStableForAKeyAndPurposeOnly() {
    String label = newLabel();
    byte[] first = open(label).derive("h2 password", 24);
    assertEquals(24, first.length);
    assertArrayEquals(first, open(label).derive("h2 password", 24));
    assertFalse(Arrays.equals(first, open(label).derive("another purpose", 24)));
    assertFalse(Arrays.equals(first, open(newLabel()).derive("h2 password", 24)));
  }

  @Test
  void twoKeysUnderOneLabelAreRefusedNamingTheLabel() throws Exception {
    String label = newLabel();
    long slot = Pkcs11Tokens.slotOf(library, SoftHsm.SHARED.label());
    // Two nodes sharing the token, both finding no key and both creating one.
    List<KeyStore> racing = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      KeyStore keys = KeyStore.getInstance("PKCS11", probe(slot));
      keys.load(null, SoftHsm.SHARED.pin().toCharArray());
      racing.add(keys);
    }
    for (KeyStore keys : racing) {
      KeyGenerator generator = KeyGenerator.getInstance("AES", keys.getProvider());
      generator.init(256);
      try {
        keys.setEntry(label, new KeyStore.SecretKeyEntry(generator.generateKey()), null);
      } catch (KeyStoreException secondCreatorSeesTheTwin) {
        // The key is stored before the store notices the twin.
      }
    }
    try {
      CryptoException e = assertThrows(CryptoException.class, () -> open(label));
      assertTrue(
          e.getMessage().startsWith("cannot open the keys of PKCS #11 token 'kms-test': "),
          e.getMessage());
      assertTrue(e.getMessage().contains(label), e.getMessage());
    } finally {
      // The shared token must stay usable for the other tests: remove both twins.
      new TokenObjects(library).destroySecretKeys(slot, label);
    }
    assertTrue(open(label).created());
  }

  @Test
  void aWrongPinIsRefusedWithAClearMessage() {
    char[] wrong = "0000-wrong".toCharArray();
    CryptoException e =
        assertThrows(
            CryptoException.class,
            () ->
                Pkcs11MasterKey.openOrCreate(
                    library, SoftHsm.NEVER_LOGGED_IN.label(), wrong, newLabel()));
    assertEquals(
        "PKCS #11 token 'kms-never-logged-in' refused the PIN in KMS_MASTER_KEY_PKCS11_PIN_FILE: "
            + "it is wrong (or the token locked the user PIN after too many wrong ones)",
        e.getMessage());
  }

  @Test
  void anUnknownTokenIsNamedWithTheTokensThereAre() {
    CryptoException e =
        assertThrows(
            CryptoException.class,
            () -> Pkcs11MasterKey.openOrCreate(library, "no-such-token", new char[0], "m"));
    assertTrue(e.getMessage().startsWith("no token is labelled 'no-such-token'"), e.getMessage());
    assertTrue(e.getMessage().contains("'kms-test'"), e.getMessage());
  }

  @Test
  void aMissingLibraryIsNamed(@org.junit.jupiter.api.io.TempDir Path dir) {
    Path missing = dir.resolve("libnothing.so");
    CryptoException e =
        assertThrows(
            CryptoException.class,
            () -> Pkcs11MasterKey.openOrCreate(missing, "kms-test", new char[0], "m"));
    assertTrue(
        e.getMessage().startsWith("PKCS #11 library " + missing + " does not exist"),
        e.getMessage());
  }

  @Test
  void toStringNamesTheKeyAndToken() {
    String label = newLabel();
    assertEquals(
        "Pkcs11MasterKey[pkcs11:" + label + " in token 'kms-test']", open(label).toString());
  }
}
