package com.verenc.kms.node.key;

import java.util.Optional;

/**
 * Where each key's secret lives, outside the journal (the zone database's secret table): the
 * material versions in events are wrapped under it, so erasing it destroys the key. Its methods
 * block; key entities call them off their own thread.
 */
public interface SecretVault {

  /** The key's secret, created and stored if it does not exist yet. */
  byte[] createOrLoad(String persistenceId);

  Optional<byte[]> load(String persistenceId);

  /** The stored secret still wrapped under the master key, as it travels to replica zones. */
  Optional<byte[]> exportWrapped(String persistenceId);

  /** Stores a secret wrapped under the master key, as a replica receives it. */
  void importWrapped(String persistenceId, byte[] wrapped);

  void erase(String persistenceId);
}
