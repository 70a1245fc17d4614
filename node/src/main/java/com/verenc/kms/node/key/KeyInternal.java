package com.verenc.kms.node.key;

import com.verenc.kms.crypto.DataKeyPair;
import com.verenc.kms.node.replication.SharedState;
import java.util.List;
import java.util.Optional;

/**
 * What a key entity tells itself: the outcomes of the database work it runs off its own thread, of
 * its replication pushes, and the end of a push back-off. Local only, never sent elsewhere.
 */
sealed interface KeyInternal extends KeyMessage {

  /**
   * The key's secret was created and its first material generated, for a command that creates the
   * key; both null with the {@code failure} when either could not be.
   */
  record SecretCreated(KeyCommand<?> creating, byte[] secret, byte[] material, Throwable failure)
      implements KeyInternal {}

  /** The wrapping key pair GetParametersForImport asked for ({@code pair} null: its failure). */
  record WrappingKeyReady(
      KeyCommand.GetImportParameters command, DataKeyPair pair, Throwable failure)
      implements KeyInternal {}

  /**
   * A replica's secret, wrapped under the master key, was stored (or, {@code stored} false, could
   * not be).
   */
  record SecretImported(KeyCommand.ApplyReplica creating, SharedState state, boolean stored)
      implements KeyInternal {}

  /**
   * The key's secret was read (empty: the zone database has none) for the commands waiting on the
   * material.
   */
  record SecretLoaded(Optional<byte[]> secret) implements KeyInternal {}

  /** The key's secret could not be read: the zone database failed, or the secret did not unwrap. */
  record SecretLoadFailed(Throwable cause) implements KeyInternal {}

  /** A write of the key's schedule row failed: it is written again after a pause. */
  record ScheduleWriteFailed() implements KeyInternal {}

  /** The pause after a failed schedule-row write is over. */
  record ScheduleRetry() implements KeyInternal {}

  /** The entity has recovered: commands a restart left stashed run now. */
  record Resumed() implements KeyInternal {}

  /**
   * The key's secret as stored, wrapped under the master key (empty: unreadable), for pushes to
   * {@code zones}.
   */
  record PushesReady(List<String> zones, Optional<byte[]> wrappedSecret) implements KeyInternal {}

  /** A push to {@code zone} ended: the version it acknowledged, -1 for a failure. */
  record PushResult(String zone, int ackedVersion) implements KeyInternal {}

  /** The back-off of pushes to {@code zone} is over. */
  record PushRetry(String zone) implements KeyInternal {}
}
