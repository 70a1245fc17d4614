package com.verenc.kms.node.async;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import scala.concurrent.Promise;
import scala.jdk.javaapi.FutureConverters;

/**
 * Callbacks on a Pekko-style (Scala-backed) stage run on the thread that completes it, not on a new
 * one.
 */
@Timeout(10)
class SameThreadTest {
  @Test
  void callbacksRunOnTheCompletingThread() throws Exception {
    Promise<String> promise = Promise.apply();
    CompletionStage<String> pekkoStage = FutureConverters.asJava(promise.future());
    CompletableFuture<String> ranOn =
        SameThread.of(pekkoStage).thenApply(v -> v + Thread.currentThread().getName());

    Thread completer = new Thread(() -> promise.success("reply on "), "entity-thread");
    completer.start();
    completer.join();

    assertEquals("reply on entity-thread", ranOn.join());
  }

  @Test
  void failuresPassThrough() {
    Promise<String> promise = Promise.apply();
    IllegalStateException failure = new IllegalStateException("ask timed out");
    CompletableFuture<String> bridged = SameThread.of(FutureConverters.asJava(promise.future()));
    promise.failure(failure);

    CompletionException thrown =
        org.junit.jupiter.api.Assertions.assertThrows(CompletionException.class, bridged::join);
    assertSame(failure, thrown.getCause());
  }
}
