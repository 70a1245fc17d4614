package com.verenc.kms.node.masterkey;

import static com.verenc.kms.node.masterkey.RewrapFixture.PREFIX;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.verenc.kms.crypto.CryptoException;
import com.verenc.kms.crypto.RandomBytes;
import com.verenc.kms.crypto.masterkey.FileMasterKey;
import com.verenc.kms.crypto.masterkey.MasterKeyRing;
import com.verenc.kms.crypto.masterkey.WrappedSecret;
import com.verenc.kms.node.secrets.KeySecretStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A zone's key secrets while its master key rotates: both wrappings open, new secrets and secrets
 * that replication brings are stored under the current master key.
 */
class SecretsDuringRotationTest {
  private final RewrapFixture zone = new RewrapFixture();
  private final KeySecretStore secrets = new KeySecretStore(zone.database.dataSource(), zone.ring);

  @AfterEach
  void close() {
    zone.close();
  }

  @Test
  void secretsUnderEitherKeyLoadAndNewOnesAreWrappedUnderTheCurrentKey() {
    zone.store(PREFIX + "old", zone.oldKey);
    zone.store(PREFIX + "new", zone.newKey);
    assertArrayEquals(zone.secrets.get(PREFIX + "old"), secrets.load(PREFIX + "old").orElseThrow());
    assertArrayEquals(zone.secrets.get(PREFIX + "new"), secrets.load(PREFIX + "new").orElseThrow());

    byte[] created = secrets.createOrLoad(PREFIX + "created");
    byte[] stored = secrets.exportWrapped(PREFIX + "created").orElseThrow();
    assertEquals(zone.newKey.id(), WrappedSecret.decode(stored).wrappedBy());
    assertArrayEquals(created, zone.newKey.unwrap(stored));
  }

  @Test
  void aSecretAnotherZoneSendsUnderThePreviousKeyIsStoredUnderTheCurrentOne() {
    byte[] secret = RandomBytes.next(32);
    secrets.importWrapped(PREFIX + "replica", zone.oldKey.wrap(secret));
    byte[] stored = secrets.exportWrapped(PREFIX + "replica").orElseThrow();
    assertEquals(zone.newKey.id(), WrappedSecret.decode(stored).wrappedBy());
    assertArrayEquals(secret, zone.newKey.unwrap(stored));

    byte[] current = zone.newKey.wrap(RandomBytes.next(32));
    secrets.importWrapped(PREFIX + "replica-2", current);
    assertArrayEquals(current, secrets.exportWrapped(PREFIX + "replica-2").orElseThrow());
  }

  @Test
  void aSecretNoKeyOfTheZoneOpensIsNotStored() {
    FileMasterKey stranger = FileMasterKey.generate();
    KeySecretStore withoutOld =
        new KeySecretStore(zone.database.dataSource(), MasterKeyRing.of(zone.newKey));
    CryptoException e =
        assertThrows(
            CryptoException.class,
            () -> withoutOld.importWrapped(PREFIX + "x", stranger.wrap(new byte[32])));
    assertTrue(e.getMessage().contains("which this node does not have"), e.getMessage());
    assertEquals(java.util.Optional.empty(), secrets.exportWrapped(PREFIX + "x"));
  }
}
