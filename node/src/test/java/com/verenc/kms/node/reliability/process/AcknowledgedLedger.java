package com.verenc.kms.node.reliability.process;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.AliasListEntry;
import software.amazon.awssdk.services.kms.model.KeyListEntry;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.KmsException;

/**
 * What the clients saw acknowledged, and the check that the node still has all of it.
 *
 * <p>A request that failed (the node died under it) may or may not have taken effect; the ledger
 * keeps such outcomes as a range (a rotation count between acknowledged and acknowledged +
 * uncertain, an alias target among the possible ones) and settles it at the next verification,
 * which sees what the node decided. Acknowledged is never uncertain.
 */
public final class AcknowledgedLedger {
  private final Queue<TrackedKey> keys = new Queue<>();
  private final Queue<TrackedAlias> aliases = new Queue<>();
  private final Queue<Ciphertext> ciphertexts = new Queue<>();
  private final AtomicLong acknowledged = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();

  /**
   * A key one load worker owns; only that worker changes it, verification runs while workers are
   * stopped.
   */
  public static final class TrackedKey {
    final String keyId;
    final String description;
    int rotationsAcknowledged;
    int rotationsUncertain;

    TrackedKey(String keyId, String description) {
      this.keyId = keyId;
      this.description = description;
    }

    /**
     * Rotations that may still be asked for without reaching the limit of 10 on-demand rotations.
     */
    int rotationsLeft() {
      return 10 - rotationsAcknowledged - rotationsUncertain;
    }
  }

  /**
   * An alias one worker owns. {@code possibleTargets} holds one key id once settled; after a failed
   * CreateAlias/UpdateAlias it holds both outcomes (null standing for "no alias") and the worker
   * leaves the alias alone from then on.
   */
  public static final class TrackedAlias {
    final String name;
    final Set<String> possibleTargets = new HashSet<>();
    boolean retired;

    TrackedAlias(String name) {
      this.name = name;
    }
  }

  /** A ciphertext an Encrypt or GenerateDataKey returned, with the plaintext it must decrypt to. */
  public record Ciphertext(
      String keyId, SdkBytes blob, SdkBytes plaintext, Map<String, String> context) {}

  /** What one verification checked; every count is of acknowledged operations. */
  public record Verification(int keys, int rotations, int aliases, int ciphertexts) {
    public long operations() {
      return (long) keys + rotations + aliases + ciphertexts;
    }
  }

  public TrackedKey keyCreated(String keyId, String description) {
    TrackedKey key = new TrackedKey(keyId, description);
    keys.add(key);
    acknowledged.incrementAndGet();
    return key;
  }

  public void rotated(TrackedKey key) {
    key.rotationsAcknowledged++;
    acknowledged.incrementAndGet();
  }

  public void rotationFailed(TrackedKey key) {
    key.rotationsUncertain++;
    failed.incrementAndGet();
  }

  public TrackedAlias aliasCreated(String name, String keyId) {
    TrackedAlias alias = new TrackedAlias(name);
    alias.possibleTargets.add(keyId);
    aliases.add(alias);
    acknowledged.incrementAndGet();
    return alias;
  }

  public void aliasCreateFailed(String name, String keyId) {
    TrackedAlias alias = new TrackedAlias(name);
    alias.possibleTargets.add(keyId);
    alias.possibleTargets.add(null);
    alias.retired = true;
    aliases.add(alias);
    failed.incrementAndGet();
  }

  public void aliasUpdated(TrackedAlias alias, String keyId) {
    alias.possibleTargets.clear();
    alias.possibleTargets.add(keyId);
    acknowledged.incrementAndGet();
  }

  public void aliasUpdateFailed(TrackedAlias alias, String keyId) {
    alias.possibleTargets.add(keyId);
    alias.retired = true;
    failed.incrementAndGet();
  }

  public void encrypted(Ciphertext ciphertext) {
    ciphertexts.add(ciphertext);
    acknowledged.incrementAndGet();
  }

  /** A request that failed without changing anything the ledger tracks (CreateKey, Encrypt). */
  public void failed() {
    failed.incrementAndGet();
  }

  public long acknowledged() {
    return acknowledged.get();
  }

  public long failedRequests() {
    return failed.get();
  }

  /**
   * Checks the node against everything acknowledged so far: every key described and listed, its
   * rotations listed, every alias listed on the right key, every ciphertext decrypted to its
   * plaintext. Throws an AssertionError naming everything missing. Settles uncertain outcomes to
   * what the node shows.
   */
  public Verification verify(KmsClient client, int threads) {
    List<String> problems = new ArrayList<>();
    Set<String> listed = new HashSet<>();
    for (KeyListEntry entry : client.listKeysPaginator(r -> r.limit(1000)).keys()) {
      listed.add(entry.keyId());
    }
    Map<String, String> aliasTargets = new HashMap<>();
    for (AliasListEntry entry : client.listAliasesPaginator(r -> r.limit(100)).aliases()) {
      aliasTargets.put(entry.aliasName(), entry.targetKeyId());
    }
    List<TrackedKey> keySnapshot = keys.snapshot();
    List<Ciphertext> ciphertextSnapshot = ciphertexts.snapshot();
    List<String> keyProblems =
        inParallel(threads, keySnapshot, key -> checkKey(client, key, listed));
    problems.addAll(keyProblems);
    int rotations = 0;
    for (TrackedKey key : keySnapshot) {
      rotations += key.rotationsAcknowledged;
    }
    List<TrackedAlias> aliasSnapshot = aliases.snapshot();
    for (TrackedAlias alias : aliasSnapshot) {
      String actual = aliasTargets.get(alias.name);
      if (!alias.possibleTargets.contains(actual)) {
        problems.add(
            alias.name + " points at " + actual + ", acknowledged: " + alias.possibleTargets);
      } else {
        alias.possibleTargets.clear();
        alias.possibleTargets.add(actual);
      }
    }
    problems.addAll(inParallel(threads, ciphertextSnapshot, c -> checkCiphertext(client, c)));
    if (!problems.isEmpty()) {
      throw new AssertionError(
          problems.size()
              + " acknowledged operations are not on the node, e.g.:\n  "
              + String.join("\n  ", problems.subList(0, Math.min(20, problems.size()))));
    }
    return new Verification(
        keySnapshot.size(), rotations, aliasSnapshot.size(), ciphertextSnapshot.size());
  }

  private static String checkKey(KmsClient client, TrackedKey key, Set<String> listed) {
    if (!listed.contains(key.keyId)) {
      return key.keyId + " missing from ListKeys";
    }
    try {
      KeyMetadata metadata = client.describeKey(r -> r.keyId(key.keyId)).keyMetadata();
      if (metadata.keyState() != KeyState.ENABLED
          || !Objects.equals(metadata.description(), key.description)) {
        return key.keyId + " is " + metadata.keyState() + " '" + metadata.description() + "'";
      }
      int actual = client.listKeyRotations(r -> r.keyId(key.keyId).limit(100)).rotations().size();
      int low = key.rotationsAcknowledged;
      int high = key.rotationsAcknowledged + key.rotationsUncertain;
      if (actual < low || actual > high) {
        return key.keyId
            + " has "
            + actual
            + " rotations, acknowledged "
            + low
            + " (+"
            + key.rotationsUncertain
            + " uncertain)";
      }
      key.rotationsAcknowledged = actual;
      key.rotationsUncertain = 0;
      return null;
    } catch (KmsException e) {
      return key.keyId
          + ": "
          + e.awsErrorDetails().errorCode()
          + " "
          + e.awsErrorDetails().errorMessage();
    }
  }

  private static String checkCiphertext(KmsClient client, Ciphertext c) {
    try {
      var decrypted =
          client.decrypt(r -> r.ciphertextBlob(c.blob()).encryptionContext(c.context()));
      if (!decrypted.plaintext().equals(c.plaintext())) {
        return "a ciphertext of " + c.keyId() + " decrypts to other bytes";
      }
      if (!decrypted.keyId().endsWith(c.keyId())) {
        return "a ciphertext of " + c.keyId() + " decrypts under " + decrypted.keyId();
      }
      return null;
    } catch (KmsException e) {
      return "a ciphertext of "
          + c.keyId()
          + ": "
          + e.awsErrorDetails().errorCode()
          + " "
          + e.awsErrorDetails().errorMessage();
    }
  }

  /** Runs {@code check} over {@code items} on a few threads; returns the problems found. */
  private static <T> List<String> inParallel(
      int threads, List<T> items, java.util.function.Function<T, String> check) {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<List<String>>> parts = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int first = t;
        parts.add(
            pool.submit(
                () -> {
                  List<String> found = new ArrayList<>();
                  for (int i = first; i < items.size(); i += threads) {
                    String problem = check.apply(items.get(i));
                    if (problem != null) {
                      found.add(problem);
                    }
                  }
                  return found;
                }));
      }
      List<String> problems = new ArrayList<>();
      for (Future<List<String>> part : parts) {
        problems.addAll(part.get());
      }
      return problems;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new AssertionError("verification could not reach the node", e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  /** An append-only list the load workers add to concurrently. */
  private static final class Queue<T> {
    private final ConcurrentLinkedQueue<T> items = new ConcurrentLinkedQueue<>();

    void add(T item) {
      items.add(item);
    }

    int size() {
      return items.size();
    }

    List<T> snapshot() {
      return new ArrayList<>(items);
    }
  }
}
