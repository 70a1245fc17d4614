package com.verenc.kms.node.defaultkey;

import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The accounts whose Default Organization Key is usable in this zone, and the one provisioning
 * under way for each account that is not yet: concurrent first requests of an account all wait on
 * the same provisioning rather than each starting its own.
 */
final class ReadyAccounts {
  private final Function<String, CompletionStage<Void>> provisioning;
  private final Set<String> ready = ConcurrentHashMap.newKeySet();
  private final ConcurrentHashMap<String, CompletableFuture<Void>> inFlight =
      new ConcurrentHashMap<>();

  /**
   * @param provisioning makes an account's Default Organization Key usable here; run once per
   *     account at a time
   */
  ReadyAccounts(Function<String, CompletionStage<Void>> provisioning) {
    this.provisioning = provisioning;
  }

  CompletionStage<Void> ensure(String accountId) {
    if (ready.contains(accountId)) {
      return CompletableFuture.completedFuture(null);
    }
    // Only the future is created inside the map: a provisioning that completes at once removes
    // its own entry, which ConcurrentHashMap forbids from within computeIfAbsent.
    CompletableFuture<Void> mine = new CompletableFuture<>();
    CompletableFuture<Void> running = inFlight.putIfAbsent(accountId, mine);
    if (running != null) {
      return running;
    }
    // A provisioning may have finished between the first look and taking the slot; the account
    // is marked ready before its slot is freed, so this second look sees it.
    if (ready.contains(accountId)) {
      inFlight.remove(accountId, mine);
      mine.complete(null);
      return mine;
    }
    start(accountId, mine);
    return mine;
  }

  private void start(String accountId, CompletableFuture<Void> mine) {
    CompletionStage<Void> run;
    try {
      run = provisioning.apply(accountId);
    } catch (RuntimeException e) {
      run = CompletableFuture.failedFuture(e);
    }
    run.whenComplete(
        (done, failure) -> {
          if (failure == null) {
            ready.add(accountId);
          }
          // Freed before the waiters hear of a failure, so any retry they make starts afresh.
          inFlight.remove(accountId, mine);
          if (failure == null) {
            mine.complete(null);
          } else {
            mine.completeExceptionally(failure);
          }
        });
  }
}
