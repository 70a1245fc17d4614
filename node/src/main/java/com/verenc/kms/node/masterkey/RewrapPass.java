package com.verenc.kms.node.masterkey;

import com.verenc.kms.crypto.masterkey.MasterKeyRing;
import com.verenc.kms.node.masterkey.PagePlan.StoredSecret;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A zone's re-wrap pass as blocking steps (JDBC, and the token for a PKCS #11 master key): begin
 * it, do one page — the next secrets in key order, those under another master key re-wrapped under
 * the current one by compare-and-set and the pass's progress recorded, in one transaction — or
 * pause it.
 */
final class RewrapPass {
  private static final Logger log = LoggerFactory.getLogger(RewrapPass.class);

  private final RewrapJobStore store;
  private final MasterKeyRing masterKeys;
  private final String prefix;
  private final int batchSize;
  private final Clock clock;

  /**
   * @param prefix the zone's persistence id prefix: the pass covers the secrets it starts
   * @param clock wall time, for the pass's timestamps and rate
   */
  RewrapPass(
      RewrapJobStore store, MasterKeyRing masterKeys, String prefix, int batchSize, Clock clock) {
    this.store = store;
    this.masterKeys = masterKeys;
    this.prefix = prefix;
    this.batchSize = batchSize;
    this.clock = clock;
  }

  /** Starts a new pass of the zone under the current master key. */
  RewrapJob begin(String zone) {
    return store.begin(zone, prefix, masterKeys.current().id().toString(), now());
  }

  /**
   * Does the page after {@code job.lastKey()}.
   *
   * @param resumedAt when this worker took the pass up, with {@code doneAtResume} how far it was
   *     then: the rate counts this worker's own pages only
   * @return the pass after the page; empty when the job row moved on without this worker (another
   *     worker, or a new pass), which then leaves the page undone
   */
  Optional<RewrapJob> run(RewrapJob job, Instant resumedAt, long doneAtResume) {
    List<StoredSecret> rows = store.page(prefix, job.lastKey(), batchSize);
    PagePlan plan = PagePlan.of(rows, masterKeys);
    for (PagePlan.Unopenable row : plan.unopenable()) {
      log.warn(
          "Master key rotation left the secret of {} as it is: {}",
          row.persistenceId(),
          row.reason());
    }
    Instant now = now();
    Optional<String> lastKey =
        rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(rows.size() - 1).persistenceId());
    double seconds = Math.max(0.001, Duration.between(resumedAt, now).toNanos() / 1e9);
    double rate = (job.done() + rows.size() - doneAtResume) / seconds;
    return store.commitPage(
        job,
        plan.rewrites(),
        rewrapped ->
            job.advanced(
                new RewrapJob.PageOutcome(
                    rows.size(),
                    rewrapped,
                    plan.rewrites().size() - rewrapped,
                    plan.unopenable().size(),
                    lastKey,
                    rows.size() < batchSize),
                rate,
                now));
  }

  /** Records that the pass stopped, and why; false when the pass had moved on already. */
  boolean pause(RewrapJob job, String why) {
    return store.pause(job, job.paused(why, now()));
  }

  /** To the microsecond, as the database keeps it, so a pass read back equals the one written. */
  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }

  /** The zone's latest pass, as recorded. */
  Optional<RewrapJob> load(String zone) {
    return store.load(zone);
  }

  /** The id of the master key this node wraps under. */
  String currentKey() {
    return masterKeys.current().id().toString();
  }
}
