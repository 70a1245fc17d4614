package com.verenc.kms.node.key;

import com.verenc.kms.node.CborSerializable;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * What a key entity is asked to do. Every caller-facing command names the caller's account:
 * a key answers NotFound to every other account, so existence never leaks.
 */
public sealed interface KeyCommand extends CborSerializable {

  /** Null only for commands nobody waits on. */
  ActorRef<KeyReply> replyTo();

  /** A command from a client, on behalf of an account. */
  sealed interface FromCaller extends KeyCommand {
    String accountId();
  }

  record Create(
      String accountId,
      String description,
      String keyUsage,
      String keySpec,
      String origin,
      boolean multiRegion,
      String policy,
      Map<String, String> tags,
      ActorRef<KeyReply> replyTo)
      implements FromCaller {}

  record Describe(String accountId, ActorRef<KeyReply> replyTo) implements FromCaller {}

  record Encrypt(String accountId, byte[] plaintext, Map<String, String> context, ActorRef<KeyReply> replyTo)
      implements FromCaller {}

  record Decrypt(String accountId, byte[] blob, Map<String, String> context, ActorRef<KeyReply> replyTo)
      implements FromCaller {}

  record GenerateDataKey(
      String accountId,
      int numberOfBytes,
      Map<String, String> context,
      boolean includePlaintext,
      ActorRef<KeyReply> replyTo)
      implements FromCaller {}

  record Enable(String accountId, ActorRef<KeyReply> replyTo) implements FromCaller {}

  record Disable(String accountId, ActorRef<KeyReply> replyTo) implements FromCaller {}

  record ScheduleDeletion(String accountId, int pendingWindowInDays, ActorRef<KeyReply> replyTo)
      implements FromCaller {}

  record CancelDeletion(String accountId, ActorRef<KeyReply> replyTo) implements FromCaller {}

  record UpdateDescription(String accountId, String description, ActorRef<KeyReply> replyTo)
      implements FromCaller {}

  record Tag(String accountId, Map<String, String> tags, ActorRef<KeyReply> replyTo) implements FromCaller {}

  record Untag(String accountId, List<String> tagKeys, ActorRef<KeyReply> replyTo) implements FromCaller {}

  record ListTags(String accountId, ActorRef<KeyReply> replyTo) implements FromCaller {}

  record GetPolicy(String accountId, ActorRef<KeyReply> replyTo) implements FromCaller {}

  record PutPolicy(String accountId, String policy, ActorRef<KeyReply> replyTo) implements FromCaller {}

  /** From the zone's deletion sweeper: destroy the key if its deletion date has passed. */
  record DestroyIfDue(ActorRef<KeyReply> replyTo) implements KeyCommand {}
}
