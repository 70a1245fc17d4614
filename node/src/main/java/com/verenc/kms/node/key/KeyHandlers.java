package com.verenc.kms.node.key;

import com.verenc.kms.node.key.KeyEntityState.Live;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.function.BiPredicate;
import java.util.function.Predicate;
import org.apache.pekko.persistence.typed.javadsl.EffectBuilder;
import org.apache.pekko.persistence.typed.javadsl.EffectFactories;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;

/**
 * One concern of the key entity's command handling (crypto, lifecycle, rotation, ...). Each
 * fragment registers its handlers, by state and command, on the node's {@link HandlerTable} with
 * static methods ({@code register}, and {@code registerOutcomes} for the outcomes of work it
 * started, matched before anything else); an entity holds one instance per fragment, given to the
 * handlers.
 */
abstract class KeyHandlers {
  /**
   * Where key pairs are generated (first materials, import wrapping keys): CPU work of up to
   * seconds for RSA_4096, kept off the entities' dispatcher.
   */
  protected static final Executor KEY_GENERATION = ForkJoinPool.commonPool();

  protected final KeyScope scope;
  protected final Rejections rejections;

  KeyHandlers(KeyScope scope) {
    this.scope = scope;
    this.rejections = scope.rejections;
  }

  protected EffectFactories<KeyEvent, KeyEntityState> effect() {
    return scope.effects;
  }

  protected <A extends KeyAnswer> ReplyEffect<KeyEvent, KeyEntityState> reply(
      KeyCommand<A> command, A answer) {
    return scope.reply(command, answer);
  }

  protected ReplyEffect<KeyEvent, KeyEntityState> reject(KeyMessage message, Rejection rejection) {
    return scope.reject(message, rejection);
  }

  /**
   * Persists a change to the key's dates or to its shared part: the schedule row, the
   * shared-version index and the replicas follow.
   */
  protected EffectBuilder<KeyEvent, KeyEntityState> persistTracked(KeyEvent event) {
    return persistTracked(List.of(event));
  }

  protected EffectBuilder<KeyEvent, KeyEntityState> persistTracked(List<KeyEvent> events) {
    return effect()
        .persist(events)
        .thenRun(scope::syncSchedule)
        .thenRun(scope::syncVersions)
        .thenRun(scope::startPushes);
  }

  protected static KeyRecord key(KeyEntityState state) {
    return ((Live) state).key();
  }

  /**
   * The live states whose key passes {@code test}, for {@code forState(Live.class, ...)}. The table
   * tests the predicate before the state's class, so it must accept any state.
   */
  protected static HandlerTable.StateTest whereKey(Predicate<KeyRecord> test) {
    return (scope, state) -> state instanceof Live live && test.test(live.key());
  }

  /** As {@link #whereKey(Predicate)}, for a test that asks the entity's scope too. */
  protected static HandlerTable.StateTest whereKeyOf(BiPredicate<KeyScope, KeyRecord> test) {
    return (scope, state) -> state instanceof Live live && test.test(scope, live.key());
  }

  /** Matches the commands of the given classes. */
  protected static Predicate<KeyMessage> oneOf(Set<Class<? extends KeyMessage>> classes) {
    return message -> classes.contains(message.getClass());
  }
}
