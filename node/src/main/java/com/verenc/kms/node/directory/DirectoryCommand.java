package com.verenc.kms.node.directory;

import com.verenc.kms.node.CborSerializable;
import org.apache.pekko.actor.typed.ActorRef;

/** What an account directory is asked to do. */
public sealed interface DirectoryCommand extends CborSerializable {

  record RegisterKey(String keyId, ActorRef<DirectoryReply> replyTo) implements DirectoryCommand {}

  /** Fire-and-forget from a key entity that has been destroyed. */
  record RemoveKey(String keyId) implements DirectoryCommand {}

  record ListKeys(int limit, String marker, ActorRef<DirectoryReply> replyTo) implements DirectoryCommand {}

  record CreateAlias(String aliasName, String targetKeyId, ActorRef<DirectoryReply> replyTo)
      implements DirectoryCommand {}

  record UpdateAlias(String aliasName, String targetKeyId, ActorRef<DirectoryReply> replyTo)
      implements DirectoryCommand {}

  record DeleteAlias(String aliasName, ActorRef<DirectoryReply> replyTo) implements DirectoryCommand {}

  record ResolveAlias(String aliasName, ActorRef<DirectoryReply> replyTo) implements DirectoryCommand {}

  /** Lists aliases, all of them or (with a key id) only those pointing to that key. */
  record ListAliases(String keyId, int limit, String marker, ActorRef<DirectoryReply> replyTo)
      implements DirectoryCommand {}
}
