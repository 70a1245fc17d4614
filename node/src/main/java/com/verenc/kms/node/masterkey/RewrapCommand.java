package com.verenc.kms.node.masterkey;

import com.verenc.kms.node.CborSerializable;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorRef;

/** What the zone's {@link RewrapCoordinator} is told: the operator's start, and its own steps. */
public sealed interface RewrapCommand {

  /**
   * Start a pass under the current master key of the node the operator asked ({@code askedKey},
   * e.g. {@code file:3f2a...}); the coordinator refuses when its own current key differs. While a
   * pass under that key runs, the answer is that pass.
   */
  record Start(String askedNode, String askedKey, ActorRef<StartReply> replyTo)
      implements RewrapCommand, CborSerializable {}

  /** The answer to {@link Start}. */
  sealed interface StartReply extends CborSerializable {}

  /** A pass runs: {@code alreadyRunning} when it was running before this start. */
  record Started(String jobId, String targetKey, long total, boolean alreadyRunning)
      implements StartReply {}

  /** No pass was started, and why, worded for the operator. */
  record Refused(String message) implements StartReply {}

  /** The recorded pass was read (at start, or after another worker moved it on). */
  record Loaded(Optional<RewrapJob> job, Throwable failure) implements RewrapCommand {}

  /** A new pass was recorded, for the start that asked for it. */
  record Begun(RewrapJob job, Throwable failure, ActorRef<StartReply> replyTo)
      implements RewrapCommand {}

  /** Read the recorded pass again, after the database failed. */
  enum Reload implements RewrapCommand {
    INSTANCE
  }

  /** Do the next page. */
  enum Tick implements RewrapCommand {
    INSTANCE
  }

  /**
   * A page from {@code from} is done: {@code next} is the pass after it, empty when the pass moved
   * on without this worker.
   */
  record PageDone(RewrapJob from, Optional<RewrapJob> next, Throwable failure)
      implements RewrapCommand {}
}
