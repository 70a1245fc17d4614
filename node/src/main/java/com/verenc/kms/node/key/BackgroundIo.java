package com.verenc.kms.node.key;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.slf4j.Logger;

/**
 * One key entity's database work, run off the entity's thread on the node's blocking executor and
 * in the order the entity asked for it (a later read sees an earlier write). Used only from the
 * entity's thread; results come back to it as messages.
 */
final class BackgroundIo {
  private final Executor executor;
  private final Logger log;
  private final String keyId;
  private CompletableFuture<?> tail = CompletableFuture.completedFuture(null);

  BackgroundIo(Executor executor, Logger log, String keyId) {
    this.executor = executor;
    this.log = log;
    this.keyId = keyId;
  }

  /** Runs {@code work} after everything asked before it, and answers its result. */
  <T> CompletionStage<T> call(Supplier<T> work) {
    CompletableFuture<T> result =
        tail.handle((ignored, failure) -> null).thenApplyAsync(ignored -> work.get(), executor);
    tail = result;
    return result;
  }

  /**
   * Runs {@code work} after everything asked before it; a failure is logged and does not stop later
   * work. For what may fail without failing the command that caused it.
   */
  void write(String what, Runnable work) {
    call(() -> {
          work.run();
          return null;
        })
        .whenComplete(
            (ignored, failure) -> {
              if (failure != null) {
                log.warn(
                    "Key {}: {} failed, to be done again later: {}",
                    keyId,
                    what,
                    failure.getMessage());
              }
            });
  }
}
