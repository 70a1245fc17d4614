package com.verenc.kms.node.async;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * Turns the stages Pekko hands out (asks, entity reads) into plain futures whose callbacks run on
 * the thread that completes them.
 *
 * <p>Pekko's Java API wraps Scala futures in a {@code CompletableFuture} subclass that runs every
 * non-async callback as an async one on the default executor. With fewer than three cores that
 * executor is the common pool's fallback, which starts a new thread per task: two thread starts per
 * request on a 2-core node. The callbacks of the request path are short and non-blocking, so they
 * can run right where the reply arrives.
 */
public final class SameThread {
  /** Runs a task on the calling thread. */
  public static final Executor EXECUTOR = Runnable::run;

  private SameThread() {}

  public static <T> CompletableFuture<T> of(CompletionStage<T> stage) {
    CompletableFuture<T> out = new CompletableFuture<>();
    stage.whenCompleteAsync(
        (value, failure) -> {
          if (failure != null) {
            out.completeExceptionally(failure);
          } else {
            out.complete(value);
          }
        },
        EXECUTOR);
    return out;
  }
}
