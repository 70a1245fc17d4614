package com.verenc.kms.node.directory;

import com.verenc.kms.node.CborSerializable;
import org.apache.pekko.actor.typed.ActorRef;

/** What an account directory is asked to do. */
public sealed interface DirectoryCommand extends CborSerializable {

  record RegisterKey(String keyId, ActorRef<DirectoryReply> replyTo) implements DirectoryCommand {}

  /** Fire-and-forget from a key entity that has been destroyed. */
  record RemoveKey(String keyId) implements DirectoryCommand {}

  /**
   * Whether the account has the key in this zone: answered with {@link DirectoryReply.KeyPresence}.
   */
  record ContainsKey(String keyId, ActorRef<DirectoryReply> replyTo) implements DirectoryCommand {}

  /**
   * How many keys the account has in this zone, not counting {@code platformKeyId} (its Default
   * Organization Key): answered with {@link DirectoryReply.KeyCount}.
   */
  record CountKeys(String platformKeyId, ActorRef<DirectoryReply> replyTo)
      implements DirectoryCommand {}

  record ListKeys(int limit, String marker, ActorRef<DirectoryReply> replyTo)
      implements DirectoryCommand {}

  /**
   * Creates an alias unless the account has {@code maxAliases} of its own already (the platform's
   * reserved aliases are not counted).
   */
  record CreateAlias(
      String aliasName, String targetKeyId, int maxAliases, ActorRef<DirectoryReply> replyTo)
      implements DirectoryCommand {}

  record UpdateAlias(String aliasName, String targetKeyId, ActorRef<DirectoryReply> replyTo)
      implements DirectoryCommand {}

  record DeleteAlias(String aliasName, ActorRef<DirectoryReply> replyTo)
      implements DirectoryCommand {}

  record ResolveAlias(String aliasName, ActorRef<DirectoryReply> replyTo)
      implements DirectoryCommand {}

  /** Lists aliases, all of them or (with a key id) only those pointing to that key. */
  record ListAliases(String keyId, int limit, String marker, ActorRef<DirectoryReply> replyTo)
      implements DirectoryCommand {}
}
