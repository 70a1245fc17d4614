package com.verenc.kms.node.key;

import com.verenc.kms.node.key.KeyEntityState.Live;
import com.verenc.kms.node.replication.SharedVersion;
import com.verenc.kms.node.replication.SharedVersionIndex;
import java.util.List;

/**
 * Keeps one key's rows of the zone's shared-version index in step with its state: written after an
 * event that changes them, checked on recovery, and checked again whenever another zone's answer
 * suggests they are stale (a write that failed is only logged, so this is how it is made again).
 * Used only from the entity's thread; the database work runs on its {@link BackgroundIo}.
 */
final class SharedVersionSync {
  private final String keyId;
  private final String zone;
  private final SharedVersionIndex index;
  private final BackgroundIo io;

  /**
   * The rows last written or found, so events that do not change them cost no write; none before
   * the first, as for a key that is not multi-zone (a multi-zone key checks its rows on recovery).
   */
  private List<SharedVersion> written = List.of();

  SharedVersionSync(String keyId, String zone, SharedVersionIndex index, BackgroundIo io) {
    this.keyId = keyId;
    this.zone = zone;
    this.index = index;
    this.io = io;
  }

  /** After an event: writes the rows if they changed. */
  void sync(KeyEntityState state, long seqNr) {
    List<SharedVersion> rows = rows(state);
    if (!rows.equals(written)) {
      written = rows;
      io.write("writing its shared versions", () -> index.record(keyId, seqNr, rows));
    }
  }

  /**
   * Reads the rows and writes them only if they differ (on recovery, or when in doubt); a key that
   * is not multi-zone never has rows, and costs no read.
   */
  void ensure(KeyEntityState state, long seqNr) {
    if (!(state instanceof Live live && live.key().replication() != null)) {
      return;
    }
    List<SharedVersion> rows = rows(state);
    written = rows;
    io.write("checking its shared versions", () -> index.ensure(keyId, seqNr, rows));
  }

  /** The key is destroyed: it has no rows. */
  void remove() {
    written = List.of();
    io.write("removing its shared versions", () -> index.remove(keyId));
  }

  private List<SharedVersion> rows(KeyEntityState state) {
    return state instanceof Live live && live.key().replication() != null
        ? live.key().replication().indexRows(keyId, zone)
        : List.of();
  }
}
