package com.verenc.kms.node.key;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;

/**
 * The key entity's command handling, built once (per JVM) and shared by every entity: groups of
 * cases by state, matched in the order they were registered (the first case whose state test and
 * command match answers), each handler given the entity's own instance of the fragment that
 * registered it, made the first time one of its cases answers (an entity that only serves crypto
 * makes one of its twelve).
 *
 * <p>Why not Pekko's {@code CommandHandlerWithReplyBuilder} per entity: its 77 cases cost about 100
 * bytes each (a case, two Scala predicates, the builder's list cell, the handler) in every resident
 * entity, most of a resident key's heap (docs/performance.md, "Memory per key"). Here a case is
 * registered by a static method with the fragment as a parameter, so nothing is per entity but the
 * fragments themselves. The matching is Pekko's: the state test first, then the command. The table
 * is immutable once built; an entity's fragments are used only from its thread.
 */
final class HandlerTable {

  /** Whether a group's cases apply to the entity's state; may ask the entity's scope. */
  @FunctionalInterface
  interface StateTest {
    boolean test(KeyScope scope, KeyEntityState state);
  }

  /** A case's handler, given the entity's fragment, the state and the command. */
  @FunctionalInterface
  interface Handler<F, S extends KeyEntityState, C extends KeyMessage> {
    ReplyEffect<KeyEvent, KeyEntityState> apply(F fragment, S state, C command);
  }

  private final Group[] groups;

  /** Makes an entity's fragment of each slot from its scope. */
  private final Function<KeyScope, ?>[] factories;

  private HandlerTable(List<Group> groups, Function<KeyScope, ?>[] factories) {
    this.groups = groups.toArray(Group[]::new);
    this.factories = factories;
  }

  static Builder builder() {
    return new Builder();
  }

  /** The command handler of the entity of {@code scope}. */
  CommandHandlerWithReply<KeyMessage, KeyEvent, KeyEntityState> over(KeyScope scope) {
    Object[] fragments = new Object[factories.length];
    return (state, message) -> apply(scope, fragments, state, message);
  }

  private ReplyEffect<KeyEvent, KeyEntityState> apply(
      KeyScope scope, Object[] fragments, KeyEntityState state, KeyMessage message) {
    for (Group group : groups) {
      if (!group.appliesTo(scope, state)) {
        continue;
      }
      for (int i = 0; i < group.commands.length; i++) {
        if (group.matches(i, message)) {
          Object fragment = fragments[group.slot];
          if (fragment == null) {
            fragment = factories[group.slot].apply(scope);
            fragments[group.slot] = fragment;
          }
          return group.handle(i, fragment, state, message);
        }
      }
    }
    throw new IllegalStateException(
        "No key entity handler for " + message.getClass().getName() + " in this state");
  }

  /** Registers the table's groups, for each fragment by the slot its entity keeps it in. */
  static final class Builder {
    private final List<Group> groups = new ArrayList<>();
    private final Map<Integer, Function<KeyScope, ?>> factories = new HashMap<>();

    /**
     * Registers the cases of a fragment, which each entity makes with {@code factory} and keeps in
     * {@code slot}.
     */
    <F> Registrar<F> fragment(int slot, Function<KeyScope, F> factory) {
      factories.put(slot, factory);
      return new Registrar<>(this, slot);
    }

    @SuppressWarnings("unchecked")
    HandlerTable build() {
      Function<KeyScope, ?>[] bySlot =
          (Function<KeyScope, ?>[]) new Function<?, ?>[Collections.max(factories.keySet()) + 1];
      factories.forEach((slot, factory) -> bySlot[slot] = factory);
      return new HandlerTable(groups, bySlot);
    }

    private Group add(Group group) {
      groups.add(group);
      return group;
    }
  }

  /** One fragment's registrations, in the manner of Pekko's builder. */
  static final class Registrar<F> {
    private final Builder builder;
    private final int slot;

    private Registrar(Builder builder, int slot) {
      this.builder = builder;
      this.slot = slot;
    }

    <S extends KeyEntityState> Cases<F, S> forStateType(Class<S> stateClass) {
      return new Cases<>(builder.add(new Group(slot, stateClass, null)));
    }

    /** States of {@code stateClass} passing {@code test}; the test sees any state, first. */
    <S extends KeyEntityState> Cases<F, S> forState(Class<S> stateClass, StateTest test) {
      return new Cases<>(builder.add(new Group(slot, stateClass, test)));
    }

    Cases<F, KeyEntityState> forState(StateTest test) {
      return new Cases<>(builder.add(new Group(slot, KeyEntityState.class, test)));
    }

    Cases<F, KeyEntityState> forAnyState() {
      return new Cases<>(builder.add(new Group(slot, KeyEntityState.class, null)));
    }
  }

  /** The cases of one group, added in matching order. */
  static final class Cases<F, S extends KeyEntityState> {
    private final Group group;

    private Cases(Group group) {
      this.group = group;
    }

    /** Commands of {@code commandClass} or a subclass. */
    <C extends KeyMessage> Cases<F, S> onCommand(Class<C> commandClass, Handler<F, S, C> handler) {
      group.add(commandClass, handler);
      return this;
    }

    Cases<F, S> onCommand(Predicate<KeyMessage> test, Handler<F, S, KeyMessage> handler) {
      group.add(test, handler);
      return this;
    }
  }

  /** Cases of one fragment for one kind of state: a command test (class or predicate) each. */
  private static final class Group {
    private final int slot;
    private final Class<?> stateClass;
    private final StateTest test;
    private Object[] commands = new Object[0];
    private Handler<Object, KeyEntityState, KeyMessage>[] handlers = newHandlers(0);

    private Group(int slot, Class<?> stateClass, StateTest test) {
      this.slot = slot;
      this.stateClass = stateClass;
      this.test = test;
    }

    @SuppressWarnings("unchecked")
    private static Handler<Object, KeyEntityState, KeyMessage>[] newHandlers(int size) {
      return (Handler<Object, KeyEntityState, KeyMessage>[]) new Handler<?, ?, ?>[size];
    }

    @SuppressWarnings("unchecked")
    private void add(Object command, Handler<?, ?, ?> handler) {
      int n = commands.length;
      Object[] moreCommands = new Object[n + 1];
      System.arraycopy(commands, 0, moreCommands, 0, n);
      moreCommands[n] = command;
      Handler<Object, KeyEntityState, KeyMessage>[] moreHandlers = newHandlers(n + 1);
      System.arraycopy(handlers, 0, moreHandlers, 0, n);
      moreHandlers[n] = (Handler<Object, KeyEntityState, KeyMessage>) handler;
      commands = moreCommands;
      handlers = moreHandlers;
    }

    private boolean appliesTo(KeyScope scope, KeyEntityState state) {
      // As in Pekko: the predicate first (it accepts any state), then the state's class.
      return (test == null || test.test(scope, state)) && stateClass.isInstance(state);
    }

    @SuppressWarnings("unchecked")
    private boolean matches(int i, KeyMessage message) {
      return commands[i] instanceof Class<?> commandClass
          ? commandClass.isInstance(message)
          : ((Predicate<KeyMessage>) commands[i]).test(message);
    }

    private ReplyEffect<KeyEvent, KeyEntityState> handle(
        int i, Object fragment, KeyEntityState state, KeyMessage message) {
      return handlers[i].apply(fragment, state, message);
    }
  }
}
