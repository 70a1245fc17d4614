package com.verenc.kms.node.key;

import com.verenc.kms.node.key.KeyEntityState.Live;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.PreRestart;
import org.apache.pekko.actor.typed.Signal;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import scala.Tuple2;
import scala.runtime.AbstractPartialFunction;
import scala.runtime.BoxedUnit;

/**
 * The key entity's answers to Pekko's signals: recovery done, stopped, about to restart; any other
 * signal is left unhandled, as before.
 *
 * <p>One partial function rather than Pekko's {@code SignalHandlerBuilder}, which chains an {@code
 * orElse} and two more objects per signal into every resident entity (~0.3 KB of heap each;
 * docs/performance.md, "Memory per key").
 */
final class KeySignals extends AbstractPartialFunction<Tuple2<KeyEntityState, Signal>, BoxedUnit> {
  private final KeyScope scope;

  KeySignals(KeyScope scope) {
    this.scope = scope;
  }

  @Override
  public boolean isDefinedAt(Tuple2<KeyEntityState, Signal> stateAndSignal) {
    Signal signal = stateAndSignal._2();
    return RecoveryCompleted.instance().equals(signal)
        || PostStop.instance().equals(signal)
        || PreRestart.instance().equals(signal);
  }

  @Override
  public BoxedUnit apply(Tuple2<KeyEntityState, Signal> stateAndSignal) {
    KeyEntityState state = stateAndSignal._1();
    Signal signal = stateAndSignal._2();
    if (RecoveryCompleted.instance().equals(signal)) {
      recovered(state);
    } else if (PostStop.instance().equals(signal)) {
      scope.stopped();
    } else if (PreRestart.instance().equals(signal)) {
      scope.reset();
    }
    return BoxedUnit.UNIT;
  }

  /**
   * The journal is the authority on deletion and rotation dates and shared versions: makes the
   * zone's indexes agree, resumes pushes a replica zone has not acknowledged, and, as a replica,
   * tells the primary what this zone really holds.
   */
  private void recovered(KeyEntityState state) {
    // After a restart, commands the failed incarnation had stashed are still waiting.
    scope.actor.getSelf().tell(new KeyInternal.Resumed());
    scope.ensureSchedule(state);
    scope.ensureVersions(state);
    scope.startPushes(state);
    scope.reportHeldVersion(state);
    scope.repairGrantIndex(state);
    scope.leases.recovered(state instanceof Live);
    if (state instanceof Live live) {
      scope.ctx.onKeyPresent().keyPresent(live.key().accountId(), scope.keyId);
    }
  }
}
