package com.verenc.kms.node.api;

import com.verenc.kms.protocol.Arns;
import com.verenc.kms.protocol.KmsException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Whether a key id names a key of the caller's account in this zone, answered before any key entity
 * is asked: a request for a key that does not exist must start no key entity, or any tenant could
 * fill a node with empty entities (each a database read) and evict the others' keys. The account
 * directory is the authority. The keys it confirmed, with their owners, are remembered on this node
 * in two generations of {@code generationSize} keys each (the older one is dropped when the newer
 * fills; a key still in use moves up), so a key in steady use costs a map lookup. Only its owner's
 * requests can change what is remembered about a key.
 */
final class KeyPresence {
  private static final CompletableFuture<Void> PRESENT = CompletableFuture.completedFuture(null);

  /** The account directory's answer to "does this account have this key in this zone". */
  @FunctionalInterface
  interface Directory {
    CompletionStage<Boolean> contains(String accountId, String keyId);
  }

  private final Directory directory;
  private final Arns arns;
  private final int generationSize;

  /** Key id to owning account. */
  private volatile ConcurrentHashMap<String, String> current = new ConcurrentHashMap<>();

  private volatile ConcurrentHashMap<String, String> previous = new ConcurrentHashMap<>();

  KeyPresence(Directory directory, Arns arns, int generationSize) {
    if (generationSize < 1) {
      throw new IllegalArgumentException(
          "generationSize must be at least 1, got " + generationSize);
    }
    this.directory = directory;
    this.arns = arns;
    this.generationSize = generationSize;
  }

  /**
   * Completes when the account has the key in this zone; fails with NotFoundException otherwise.
   */
  CompletionStage<Void> require(String accountId, String keyId) {
    String owner = owner(keyId);
    if (owner != null) {
      return owner.equals(accountId)
          ? PRESENT
          : CompletableFuture.failedFuture(notFound(accountId, keyId));
    }
    return directory
        .contains(accountId, keyId)
        .thenApply(
            present -> {
              if (!present) {
                throw notFound(accountId, keyId);
              }
              remember(accountId, keyId);
              return null;
            });
  }

  /** A key the directory now lists for the account (just created and registered). */
  void remember(String accountId, String keyId) {
    current.put(keyId, accountId);
    if (current.size() >= generationSize) {
      startGeneration();
    }
  }

  /** The owner's key, which its entity says is gone (destroyed): ask the directory next time. */
  void forget(String accountId, String keyId) {
    current.remove(keyId, accountId);
    previous.remove(keyId, accountId);
  }

  private String owner(String keyId) {
    String owner = current.get(keyId);
    if (owner == null) {
      owner = previous.get(keyId);
      if (owner != null) {
        remember(owner, keyId);
      }
    }
    return owner;
  }

  private synchronized void startGeneration() {
    if (current.size() >= generationSize) {
      previous = current;
      current = new ConcurrentHashMap<>();
    }
  }

  private KmsException notFound(String accountId, String keyId) {
    return KmsException.keyNotFound(arns.key(accountId, keyId));
  }
}
