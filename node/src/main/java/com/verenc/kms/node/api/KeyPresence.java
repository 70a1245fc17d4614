package com.verenc.kms.node.api;

import com.verenc.kms.node.directory.DirectoryCommand;
import com.verenc.kms.node.directory.DirectoryReply;
import com.verenc.kms.protocol.Arns;
import com.verenc.kms.protocol.KmsException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Whether a key id names a key of the caller's account in this zone, answered before any key
 * entity is asked: a request for a key that does not exist must start no entity and read nothing
 * from the database, or any tenant could fill a node with empty entities and evict the others'
 * keys. The account directory is the authority. The keys it confirmed are remembered on this
 * node, bounded by two generations of {@code generationSize} keys each (the older generation is
 * dropped when the newer fills; a key found in the older one moves to the newer), so a key in
 * steady use costs one map lookup.
 */
final class KeyPresence {
  private static final CompletableFuture<Void> PRESENT = CompletableFuture.completedFuture(null);

  private final Directories directories;
  private final Arns arns;
  private final int generationSize;
  /** Key id to owning account. */
  private volatile ConcurrentHashMap<String, String> current = new ConcurrentHashMap<>();
  private volatile ConcurrentHashMap<String, String> previous = new ConcurrentHashMap<>();

  KeyPresence(Directories directories, Arns arns, int generationSize) {
    this.directories = directories;
    this.arns = arns;
    this.generationSize = generationSize;
  }

  /** Completes when the account has the key in this zone; fails with NotFoundException otherwise. */
  CompletionStage<Void> require(String accountId, String keyId) {
    String owner = current.get(keyId);
    if (owner == null) {
      owner = previous.get(keyId);
      if (owner != null) {
        remember(accountId, keyId);
      }
    }
    if (owner != null) {
      return owner.equals(accountId) ? PRESENT : CompletableFuture.failedFuture(notFound(accountId, keyId));
    }
    return directories.ask(accountId, replyTo -> new DirectoryCommand.ContainsKey(keyId, replyTo),
            DirectoryReply.KeyPresence.class)
        .thenApply(presence -> {
          if (!presence.present()) {
            throw notFound(accountId, keyId);
          }
          remember(accountId, keyId);
          return null;
        });
  }

  /** A key the account has just created. */
  void remember(String accountId, String keyId) {
    current.put(keyId, accountId);
    if (current.size() >= generationSize) {
      startGeneration();
    }
  }

  /** A key whose entity says it is gone. */
  void forget(String keyId) {
    current.remove(keyId);
    previous.remove(keyId);
  }

  private synchronized void startGeneration() {
    if (current.size() >= generationSize) {
      previous = current;
      current = new ConcurrentHashMap<>();
    }
  }

  /** Worded as the key entity words it, so the caller cannot tell which of the two answered. */
  private KmsException notFound(String accountId, String keyId) {
    return KmsException.notFound("Key '" + arns.key(accountId, keyId) + "' does not exist");
  }
}
