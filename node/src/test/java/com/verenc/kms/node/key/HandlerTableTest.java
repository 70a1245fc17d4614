package com.verenc.kms.node.key;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.verenc.kms.node.key.KeyEntityState.Absent;
import com.verenc.kms.node.key.KeyEntityState.Destroyed;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.junit.jupiter.api.Test;

/**
 * The node's shared command handling matches as Pekko's builder did: groups and cases in the order
 * registered, the state test before the command, the first match answers; an entity's fragment is
 * made once, when one of its cases first answers.
 */
class HandlerTableTest {
  private static final KeyEntityState ABSENT = new Absent();
  private static final KeyEntityState DESTROYED = new Destroyed("111122223333");

  /** A fragment that records which of its handlers answered. */
  private record Recorder(List<String> answered) {
    org.apache.pekko.persistence.typed.javadsl.ReplyEffect<KeyEvent, KeyEntityState> answer(
        String name) {
      answered.add(name);
      return null;
    }
  }

  private final List<String> answered = new ArrayList<>();
  private final AtomicInteger made = new AtomicInteger();

  private HandlerTable.Registrar<Recorder> recorder(HandlerTable.Builder table, int slot) {
    return table.fragment(
        slot,
        scope -> {
          made.incrementAndGet();
          return new Recorder(answered);
        });
  }

  @Test
  void theFirstMatchingCaseAnswersInRegistrationOrder() {
    HandlerTable.Builder table = HandlerTable.builder();
    HandlerTable.Registrar<Recorder> first = recorder(table, 0);
    HandlerTable.Registrar<Recorder> second = recorder(table, 1);
    HandlerTable.Cases<Recorder, Absent> absent = first.forStateType(Absent.class);
    second
        .forAnyState()
        .onCommand(KeyTick.class, (r, state, tick) -> r.answer("any state: tick"))
        .onCommand(message -> true, (r, state, message) -> r.answer("any state: anything"));
    // Added to the first group after the second group was made: still matched before it.
    absent.onCommand(KeyInternal.Resumed.class, (r, state, resumed) -> r.answer("absent: resumed"));
    CommandHandlerWithReply<KeyMessage, KeyEvent, KeyEntityState> handler =
        table.build().over(null);

    handler.apply(ABSENT, new KeyInternal.Resumed());
    handler.apply(DESTROYED, new KeyInternal.Resumed());
    handler.apply(ABSENT, KeyTick.PUSH_PENDING);

    assertEquals(List.of("absent: resumed", "any state: anything", "any state: tick"), answered);
  }

  @Test
  void aGroupsStateTestIsAskedBeforeItsStateClassAndGatesEveryCase() {
    HandlerTable.Builder table = HandlerTable.builder();
    HandlerTable.Registrar<Recorder> rules = recorder(table, 0);
    List<KeyEntityState> tested = new ArrayList<>();
    rules
        .forState(
            Destroyed.class,
            (scope, state) -> {
              tested.add(state);
              return true;
            })
        .onCommand(KeyTick.class, (r, state, tick) -> r.answer("destroyed: tick"));
    rules.forAnyState().onCommand(message -> true, (r, state, message) -> r.answer("fallback"));
    CommandHandlerWithReply<KeyMessage, KeyEvent, KeyEntityState> handler =
        table.build().over(null);

    handler.apply(ABSENT, KeyTick.DESTROY_IF_DUE);
    handler.apply(DESTROYED, KeyTick.DESTROY_IF_DUE);

    assertEquals(List.of(ABSENT, DESTROYED), tested);
    assertEquals(List.of("fallback", "destroyed: tick"), answered);
  }

  @Test
  void anEntityMakesAFragmentOnceWhenOneOfItsCasesFirstAnswers() {
    HandlerTable.Builder table = HandlerTable.builder();
    recorder(table, 0).forAnyState().onCommand(KeyTick.class, (r, s, t) -> r.answer("tick"));
    recorder(table, 1)
        .forAnyState()
        .onCommand(KeyInternal.Resumed.class, (r, s, m) -> r.answer("resumed"));
    HandlerTable shared = table.build();
    CommandHandlerWithReply<KeyMessage, KeyEvent, KeyEntityState> one = shared.over(null);
    CommandHandlerWithReply<KeyMessage, KeyEvent, KeyEntityState> other = shared.over(null);

    one.apply(ABSENT, KeyTick.ROTATE_IF_DUE);
    one.apply(ABSENT, KeyTick.PUSH_PENDING);
    assertEquals(1, made.get());
    other.apply(ABSENT, KeyTick.ROTATE_IF_DUE);
    assertEquals(2, made.get());
    one.apply(ABSENT, new KeyInternal.Resumed());
    assertEquals(3, made.get());
  }

  @Test
  void aMessageNoCaseTakesIsAnError() {
    HandlerTable.Builder table = HandlerTable.builder();
    recorder(table, 0).forStateType(Absent.class).onCommand(KeyTick.class, (r, s, t) -> null);
    CommandHandlerWithReply<KeyMessage, KeyEvent, KeyEntityState> handler =
        table.build().over(null);

    assertThrows(IllegalStateException.class, () -> handler.apply(DESTROYED, KeyTick.PUSH_PENDING));
  }
}
