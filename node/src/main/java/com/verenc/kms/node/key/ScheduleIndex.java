package com.verenc.kms.node.key;

/**
 * The zone's index of when keys are due (deletion, automatic rotation, a replication push, the
 * expiry of imported material), which the sweepers read so idle keys act on time. The journal is
 * the authority; key entities keep the index in step. Its methods block; key entities call them off
 * their own thread.
 */
public interface ScheduleIndex {

  /**
   * Sets the key's dates (null: nothing due; none at all removes the key's row) as of its journal
   * position {@code seqNr}: a row written from a later position is left as it is.
   */
  void record(String persistenceId, long seqNr, ScheduleDates dates);

  /** As {@link #record}, but reads first and writes only when the row differs. */
  void ensure(String persistenceId, long seqNr, ScheduleDates dates);

  /** Removes the row of a destroyed key. */
  void remove(String persistenceId);
}
