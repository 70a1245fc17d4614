package com.verenc.kms.node.defaultkey;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A new account's first requests, however many arrive at once, start one provisioning of its
 * Default Organization Key and all wait on it; a failed one is tried again by the next request.
 */
class ReadyAccountsTest {
  static final String ACCOUNT = "444455556666";
  static final int REQUESTS = 20;

  /** Counts provisionings started and leaves each pending until the test completes it. */
  static final class Provisionings {
    final List<CompletableFuture<Void>> started = new CopyOnWriteArrayList<>();

    CompletionStage<Void> start(String accountId) {
      CompletableFuture<Void> provisioning = new CompletableFuture<>();
      started.add(provisioning);
      return provisioning;
    }
  }

  @Test
  void concurrentFirstRequestsOfANewAccountStartOneProvisioning() throws Exception {
    Provisionings provisionings = new Provisionings();
    ReadyAccounts accounts = new ReadyAccounts(provisionings::start);

    List<CompletableFuture<Void>> requests = firstRequestsAtOnce(accounts);
    assertEquals(
        1,
        provisionings.started.size(),
        "provisionings started by " + REQUESTS + " concurrent requests");
    assertTrue(
        requests.stream().noneMatch(CompletableFuture::isDone),
        "every request waits for the provisioning");

    provisionings.started.get(0).complete(null);
    CompletableFuture.allOf(requests.toArray(CompletableFuture[]::new)).get(5, TimeUnit.SECONDS);

    assertTrue(
        accounts.ensure(ACCOUNT).toCompletableFuture().isDone(),
        "a ready account waits for nothing");
    assertEquals(1, provisionings.started.size(), "a ready account is not provisioned again");
  }

  @Test
  void aFailedProvisioningIsTriedAgainByTheNextRequest() throws Exception {
    Provisionings provisionings = new Provisionings();
    ReadyAccounts accounts = new ReadyAccounts(provisionings::start);

    List<CompletableFuture<Void>> requests = firstRequestsAtOnce(accounts);
    provisionings
        .started
        .get(0)
        .completeExceptionally(new IllegalStateException("primary zone unreachable"));
    assertTrue(
        requests.stream().allMatch(CompletableFuture::isCompletedExceptionally),
        "every request waiting on the failed provisioning fails");

    CompletableFuture<Void> retry = accounts.ensure(ACCOUNT).toCompletableFuture();
    assertEquals(2, provisionings.started.size(), "the next request starts a new provisioning");
    assertFalse(retry.isDone());
    provisionings.started.get(1).complete(null);
    retry.get(5, TimeUnit.SECONDS);
  }

  @Test
  void eachAccountHasItsOwnProvisioning() {
    Provisionings provisionings = new Provisionings();
    ReadyAccounts accounts = new ReadyAccounts(provisionings::start);

    accounts.ensure(ACCOUNT);
    accounts.ensure("777788889999");
    accounts.ensure(ACCOUNT);

    assertEquals(2, provisionings.started.size());
  }

  /** {@link #REQUESTS} threads released together, each asking for the account once. */
  private static List<CompletableFuture<Void>> firstRequestsAtOnce(ReadyAccounts accounts)
      throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(REQUESTS);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<CompletableFuture<Void>>> submitted = new ArrayList<>();
      for (int i = 0; i < REQUESTS; i++) {
        submitted.add(
            threads.submit(
                () -> {
                  go.await();
                  return accounts.ensure(ACCOUNT).toCompletableFuture();
                }));
      }
      go.countDown();
      List<CompletableFuture<Void>> requests = new ArrayList<>();
      for (Future<CompletableFuture<Void>> f : submitted) {
        requests.add(f.get(5, TimeUnit.SECONDS));
      }
      return requests;
    } finally {
      threads.shutdownNow();
    }
  }
}
