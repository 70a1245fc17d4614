package com.verenc.kms.node.masterkey;

import com.verenc.kms.crypto.CryptoException;
import com.verenc.kms.crypto.masterkey.MasterKeyRing;
import java.util.ArrayList;
import java.util.List;

/**
 * What to do with one page of a zone's secrets: the rows to re-wrap under the current master key
 * (each with the stored bytes it replaces, for the compare-and-set), and the rows no master key of
 * the ring opens.
 */
record PagePlan(List<Rewrite> rewrites, List<Unopenable> unopenable) {

  /** One stored secret: its row's key and its bytes as stored. */
  record StoredSecret(String persistenceId, byte[] wrapped) {}

  /** Replace {@code before} by {@code after} in the row, if the row still holds {@code before}. */
  record Rewrite(String persistenceId, byte[] before, byte[] after) {}

  /** A secret left as it is, and why (the error names master keys, never material). */
  record Unopenable(String persistenceId, String reason) {}

  /** Plans a page: secrets under another master key than the ring's current one are re-wrapped. */
  static PagePlan of(List<StoredSecret> page, MasterKeyRing masterKeys) {
    List<Rewrite> rewrites = new ArrayList<>();
    List<Unopenable> unopenable = new ArrayList<>();
    for (StoredSecret row : page) {
      try {
        if (masterKeys.needsRewrap(row.wrapped())) {
          rewrites.add(
              new Rewrite(row.persistenceId(), row.wrapped(), masterKeys.rewrap(row.wrapped())));
        }
      } catch (CryptoException e) {
        unopenable.add(new Unopenable(row.persistenceId(), e.getMessage()));
      }
    }
    return new PagePlan(List.copyOf(rewrites), List.copyOf(unopenable));
  }
}
