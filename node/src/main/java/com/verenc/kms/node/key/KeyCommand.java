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

  /** A command from a client, on behalf of an account, checked against the key policy. */
  sealed interface FromCaller extends KeyCommand {
    String accountId();

    /** The policy action this command needs, e.g. kms:Encrypt; null when no key policy applies. */
    String action();
  }

  record Create(
      String accountId,
      String description,
      String keyUsage,
      String keySpec,
      String origin,
      boolean multiRegion,
      String policy,
      boolean bypassLockoutCheck,
      Map<String, String> tags,
      ActorRef<KeyReply> replyTo)
      implements FromCaller {
    @Override
    public String action() {
      return null;
    }
  }

  record Describe(String accountId, ActorRef<KeyReply> replyTo) implements FromCaller {
    @Override
    public String action() {
      return "kms:DescribeKey";
    }
  }

  /** Encrypts under the current version; {@code action} is kms:Encrypt or kms:ReEncryptTo. */
  record Encrypt(
      String accountId, String action, byte[] plaintext, Map<String, String> context, ActorRef<KeyReply> replyTo)
      implements FromCaller {}

  /** Decrypts a blob of this key; {@code action} is kms:Decrypt or kms:ReEncryptFrom. */
  record Decrypt(
      String accountId, String action, byte[] blob, Map<String, String> context, ActorRef<KeyReply> replyTo)
      implements FromCaller {}

  record GenerateDataKey(
      String accountId,
      int numberOfBytes,
      Map<String, String> context,
      boolean includePlaintext,
      ActorRef<KeyReply> replyTo)
      implements FromCaller {
    @Override
    public String action() {
      return includePlaintext ? "kms:GenerateDataKey" : "kms:GenerateDataKeyWithoutPlaintext";
    }
  }

  record Enable(String accountId, ActorRef<KeyReply> replyTo) implements FromCaller {
    @Override
    public String action() {
      return "kms:EnableKey";
    }
  }

  record Disable(String accountId, ActorRef<KeyReply> replyTo) implements FromCaller {
    @Override
    public String action() {
      return "kms:DisableKey";
    }
  }

  record ScheduleDeletion(String accountId, int pendingWindowInDays, ActorRef<KeyReply> replyTo)
      implements FromCaller {
    @Override
    public String action() {
      return "kms:ScheduleKeyDeletion";
    }
  }

  record CancelDeletion(String accountId, ActorRef<KeyReply> replyTo) implements FromCaller {
    @Override
    public String action() {
      return "kms:CancelKeyDeletion";
    }
  }

  record UpdateDescription(String accountId, String description, ActorRef<KeyReply> replyTo)
      implements FromCaller {
    @Override
    public String action() {
      return "kms:UpdateKeyDescription";
    }
  }

  record Tag(String accountId, Map<String, String> tags, ActorRef<KeyReply> replyTo) implements FromCaller {
    @Override
    public String action() {
      return "kms:TagResource";
    }
  }

  record Untag(String accountId, List<String> tagKeys, ActorRef<KeyReply> replyTo) implements FromCaller {
    @Override
    public String action() {
      return "kms:UntagResource";
    }
  }

  record ListTags(String accountId, ActorRef<KeyReply> replyTo) implements FromCaller {
    @Override
    public String action() {
      return "kms:ListResourceTags";
    }
  }

  record GetPolicy(String accountId, ActorRef<KeyReply> replyTo) implements FromCaller {
    @Override
    public String action() {
      return "kms:GetKeyPolicy";
    }
  }

  /** Unless {@code bypassLockoutCheck}, refused when the new policy would lock the caller out. */
  record PutPolicy(String accountId, String policy, boolean bypassLockoutCheck, ActorRef<KeyReply> replyTo)
      implements FromCaller {
    @Override
    public String action() {
      return "kms:PutKeyPolicy";
    }
  }

  /** Turns automatic rotation on; a null period means the default (365 days). */
  record EnableRotation(String accountId, Integer periodInDays, ActorRef<KeyReply> replyTo) implements FromCaller {
    @Override
    public String action() {
      return "kms:EnableKeyRotation";
    }
  }

  record DisableRotation(String accountId, ActorRef<KeyReply> replyTo) implements FromCaller {
    @Override
    public String action() {
      return "kms:DisableKeyRotation";
    }
  }

  record GetRotationStatus(String accountId, ActorRef<KeyReply> replyTo) implements FromCaller {
    @Override
    public String action() {
      return "kms:GetKeyRotationStatus";
    }
  }

  record RotateOnDemand(String accountId, ActorRef<KeyReply> replyTo) implements FromCaller {
    @Override
    public String action() {
      return "kms:RotateKeyOnDemand";
    }
  }

  record ListRotations(String accountId, ActorRef<KeyReply> replyTo) implements FromCaller {
    @Override
    public String action() {
      return "kms:ListKeyRotations";
    }
  }

  /**
   * Checks that the caller may do {@code action} (e.g. kms:CreateAlias, or the real action of
   * a DryRun) and answers the key's metadata.
   */
  record Authorize(String accountId, String action, ActorRef<KeyReply> replyTo) implements FromCaller {}

  /** From the zone's deletion sweeper: destroy the key if its deletion date has passed. */
  record DestroyIfDue(ActorRef<KeyReply> replyTo) implements KeyCommand {}

  /** ReplicateKey on the primary: adds a replica in {@code zone}. */
  record Replicate(String accountId, String zone, String description, String policy, Map<String, String> tags,
      ActorRef<KeyReply> replyTo) implements FromCaller {
    @Override
    public String action() {
      return "kms:ReplicateKey";
    }
  }

  /** UpdatePrimaryRegion on the primary: hands the primary role to the replica in {@code zone}. */
  record UpdatePrimary(String accountId, String zone, ActorRef<KeyReply> replyTo) implements FromCaller {
    @Override
    public String action() {
      return "kms:UpdatePrimaryRegion";
    }
  }

  /**
   * From another zone's key entity: take this shared state if it is newer (creating the
   * replica on first contact, with {@code seed}) and answer with the version now held.
   */
  record ApplyReplica(SharedState state, Replication.ReplicaSeed seed, ActorRef<KeyReply> replyTo)
      implements KeyCommand {}

  /**
   * From the platform (any zone's node, on an account's first request there): create the
   * account's Default Organization Key here if it is not yet, and give it a replica in every
   * zone of {@code zones} that lacks one.
   */
  record ProvisionDefault(String accountId, List<String> zones, ActorRef<KeyReply> replyTo) implements KeyCommand {}

  /** Push the current shared state to every zone that has not acknowledged it (sweeper, restarts). */
  record PushPending(ActorRef<KeyReply> replyTo) implements KeyCommand {}

  /** The outcome of one push, sent by the entity to itself. */
  record PushResult(String zone, int ackedVersion, ActorRef<KeyReply> replyTo) implements KeyCommand {}

  /** From the zone's rotation sweeper: rotate automatically if the key's rotation date has passed. */
  record RotateIfDue(ActorRef<KeyReply> replyTo) implements KeyCommand {}
}
