package com.verenc.kms.node.key;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.verenc.kms.node.CborSerializable;
import com.verenc.kms.node.grant.GrantQuery;
import com.verenc.kms.node.grant.GrantSpec;
import com.verenc.kms.node.key.KeyAnswer.Ciphertext;
import com.verenc.kms.node.key.KeyAnswer.DataKey;
import com.verenc.kms.node.key.KeyAnswer.Done;
import com.verenc.kms.node.key.KeyAnswer.Metadata;
import com.verenc.kms.node.key.KeyAnswer.Plaintext;
import com.verenc.kms.node.key.model.KeySpec;
import com.verenc.kms.node.key.model.KeyUsage;
import com.verenc.kms.node.key.model.Origin;
import com.verenc.kms.node.replication.ReplicaSeed;
import com.verenc.kms.node.replication.SharedState;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * What a key entity is asked to do; each command says what it answers ({@code A}). Every
 * caller-facing command names the caller's account: a key answers NotFound to every other account,
 * so existence never leaks.
 */
public sealed interface KeyCommand<A extends KeyAnswer> extends KeyMessage, CborSerializable {

  ActorRef<KeyReply<A>> replyTo();

  /** A command from a client, on behalf of an account, checked against the key policy. */
  sealed interface FromCaller<A extends KeyAnswer> extends KeyCommand<A> {
    String accountId();

    /** The policy action this command needs, e.g. kms:Encrypt. */
    String action();
  }

  /** A cryptographic request of a caller, which names the account and the action it needs. */
  sealed interface CryptoCommand<A extends KeyAnswer> extends FromCaller<A> {
    CryptoRequest<A> request();

    @Override
    default String accountId() {
      return request().accountId();
    }

    @Override
    default String action() {
      return request().action();
    }
  }

  /**
   * A caller's command with who asks it and how: the key decides access from this requester (its
   * principal, identity policies and request facts) rather than taking the command's account as its
   * root. A command sent without it is its account root's.
   */
  record AsRequester<A extends KeyAnswer>(
      Requester requester,
      @JsonTypeInfo(use = JsonTypeInfo.Id.CLASS, property = "@class") FromCaller<A> command)
      implements KeyCommand<A> {
    @Override
    public ActorRef<KeyReply<A>> replyTo() {
      return command.replyTo();
    }
  }

  /** CreateKey: a customer key of this spec and usage. */
  record Create(
      String accountId,
      String description,
      KeySpec keySpec,
      KeyUsage keyUsage,
      Origin origin,
      boolean multiRegion,
      String policy,
      boolean bypassLockoutCheck,
      Map<String, String> tags,
      ActorRef<KeyReply<Metadata>> replyTo)
      implements KeyCommand<Metadata> {}

  record Describe(String accountId, ActorRef<KeyReply<Metadata>> replyTo)
      implements FromCaller<Metadata> {
    @Override
    public String action() {
      return "kms:DescribeKey";
    }
  }

  /**
   * Checks that the caller may do {@code action} (e.g. kms:CreateAlias, or the real action of a
   * DryRun) and answers the key's metadata.
   *
   * @param encryptionContext the encryption context of the operation a DryRun stands for, which
   *     grant constraints and kms:EncryptionContext conditions judge as they would the real call;
   *     empty for actions without one
   */
  record Authorize(
      String accountId,
      String action,
      Map<String, String> encryptionContext,
      ActorRef<KeyReply<Metadata>> replyTo)
      implements FromCaller<Metadata> {
    public Authorize {
      encryptionContext = encryptionContext == null ? Map.of() : Map.copyOf(encryptionContext);
    }

    public Authorize(String accountId, String action, ActorRef<KeyReply<Metadata>> replyTo) {
      this(accountId, action, Map.of(), replyTo);
    }
  }

  record Encrypt(CryptoRequest.EncryptRequest request, ActorRef<KeyReply<Ciphertext>> replyTo)
      implements CryptoCommand<Ciphertext> {}

  record Decrypt(CryptoRequest.DecryptRequest request, ActorRef<KeyReply<Plaintext>> replyTo)
      implements CryptoCommand<Plaintext> {}

  record GenerateDataKey(CryptoRequest.DataKeyRequest request, ActorRef<KeyReply<DataKey>> replyTo)
      implements CryptoCommand<DataKey> {}

  record GenerateDataKeyPair(
      CryptoRequest.DataKeyPairRequest request, ActorRef<KeyReply<Ciphertext>> replyTo)
      implements CryptoCommand<Ciphertext> {}

  record GenerateMac(
      CryptoRequest.GenerateMacRequest request, ActorRef<KeyReply<KeyAnswer.Mac>> replyTo)
      implements CryptoCommand<KeyAnswer.Mac> {}

  record VerifyMac(
      CryptoRequest.VerifyMacRequest request, ActorRef<KeyReply<KeyAnswer.Verified>> replyTo)
      implements CryptoCommand<KeyAnswer.Verified> {}

  record Sign(CryptoRequest.SignRequest request, ActorRef<KeyReply<KeyAnswer.Signature>> replyTo)
      implements CryptoCommand<KeyAnswer.Signature> {}

  record Verify(CryptoRequest.VerifyRequest request, ActorRef<KeyReply<KeyAnswer.Verified>> replyTo)
      implements CryptoCommand<KeyAnswer.Verified> {}

  record GetPublicKey(
      CryptoRequest.PublicKeyRequest request, ActorRef<KeyReply<KeyAnswer.PublicKey>> replyTo)
      implements CryptoCommand<KeyAnswer.PublicKey> {}

  record DeriveSharedSecret(
      CryptoRequest.SharedSecretRequest request, ActorRef<KeyReply<KeyAnswer.SharedSecret>> replyTo)
      implements CryptoCommand<KeyAnswer.SharedSecret> {}

  /** GetParametersForImport: a wrapping key pair and an import token for this key. */
  record GetImportParameters(
      String accountId,
      String wrappingAlgorithm,
      String wrappingKeySpec,
      ActorRef<KeyReply<KeyAnswer.ImportParameters>> replyTo)
      implements FromCaller<KeyAnswer.ImportParameters> {
    @Override
    public String action() {
      return "kms:GetParametersForImport";
    }
  }

  /**
   * ImportKeyMaterial; {@code validTo} null: the material does not expire. {@code importType}
   * (NEW_KEY_MATERIAL or EXISTING_KEY_MATERIAL), {@code keyMaterialId} and {@code description} are
   * null when not given.
   */
  record ImportMaterial(
      String accountId,
      byte[] importToken,
      byte[] encryptedMaterial,
      Instant validTo,
      String importType,
      String keyMaterialId,
      String description,
      ActorRef<KeyReply<KeyAnswer.MaterialId>> replyTo)
      implements FromCaller<KeyAnswer.MaterialId> {
    @Override
    public String action() {
      return "kms:ImportKeyMaterial";
    }
  }

  /** DeleteImportedKeyMaterial of {@code keyMaterialId}, or of the current material when null. */
  record DeleteImportedMaterial(
      String accountId, String keyMaterialId, ActorRef<KeyReply<KeyAnswer.MaterialId>> replyTo)
      implements FromCaller<KeyAnswer.MaterialId> {
    @Override
    public String action() {
      return "kms:DeleteImportedKeyMaterial";
    }
  }

  record Enable(String accountId, ActorRef<KeyReply<Done>> replyTo) implements FromCaller<Done> {
    @Override
    public String action() {
      return "kms:EnableKey";
    }
  }

  record Disable(String accountId, ActorRef<KeyReply<Done>> replyTo) implements FromCaller<Done> {
    @Override
    public String action() {
      return "kms:DisableKey";
    }
  }

  record ScheduleDeletion(
      String accountId, int pendingWindowInDays, ActorRef<KeyReply<Metadata>> replyTo)
      implements FromCaller<Metadata> {
    @Override
    public String action() {
      return "kms:ScheduleKeyDeletion";
    }
  }

  record CancelDeletion(String accountId, ActorRef<KeyReply<Done>> replyTo)
      implements FromCaller<Done> {
    @Override
    public String action() {
      return "kms:CancelKeyDeletion";
    }
  }

  record UpdateDescription(String accountId, String description, ActorRef<KeyReply<Done>> replyTo)
      implements FromCaller<Done> {
    @Override
    public String action() {
      return "kms:UpdateKeyDescription";
    }
  }

  record Tag(String accountId, Map<String, String> tags, ActorRef<KeyReply<Done>> replyTo)
      implements FromCaller<Done> {
    @Override
    public String action() {
      return "kms:TagResource";
    }
  }

  record Untag(String accountId, List<String> tagKeys, ActorRef<KeyReply<Done>> replyTo)
      implements FromCaller<Done> {
    @Override
    public String action() {
      return "kms:UntagResource";
    }
  }

  record ListTags(String accountId, ActorRef<KeyReply<KeyAnswer.Tags>> replyTo)
      implements FromCaller<KeyAnswer.Tags> {
    @Override
    public String action() {
      return "kms:ListResourceTags";
    }
  }

  record GetPolicy(String accountId, ActorRef<KeyReply<KeyAnswer.Policy>> replyTo)
      implements FromCaller<KeyAnswer.Policy> {
    @Override
    public String action() {
      return "kms:GetKeyPolicy";
    }
  }

  /** Unless {@code bypassLockoutCheck}, refused when the new policy would lock the caller out. */
  record PutPolicy(
      String accountId, String policy, boolean bypassLockoutCheck, ActorRef<KeyReply<Done>> replyTo)
      implements FromCaller<Done> {
    @Override
    public String action() {
      return "kms:PutKeyPolicy";
    }
  }

  /** Turns automatic rotation on; a null period means the default (365 days). */
  record EnableRotation(String accountId, Integer periodInDays, ActorRef<KeyReply<Done>> replyTo)
      implements FromCaller<Done> {
    @Override
    public String action() {
      return "kms:EnableKeyRotation";
    }
  }

  record DisableRotation(String accountId, ActorRef<KeyReply<Done>> replyTo)
      implements FromCaller<Done> {
    @Override
    public String action() {
      return "kms:DisableKeyRotation";
    }
  }

  record GetRotationStatus(String accountId, ActorRef<KeyReply<KeyAnswer.RotationStatus>> replyTo)
      implements FromCaller<KeyAnswer.RotationStatus> {
    @Override
    public String action() {
      return "kms:GetKeyRotationStatus";
    }
  }

  record RotateOnDemand(String accountId, ActorRef<KeyReply<Done>> replyTo)
      implements FromCaller<Done> {
    @Override
    public String action() {
      return "kms:RotateKeyOnDemand";
    }
  }

  record ListRotations(String accountId, ActorRef<KeyReply<KeyAnswer.Rotations>> replyTo)
      implements FromCaller<KeyAnswer.Rotations> {
    @Override
    public String action() {
      return "kms:ListKeyRotations";
    }
  }

  /** ReplicateKey on the primary: adds a replica in {@code zone}. */
  record Replicate(
      String accountId,
      String zone,
      String description,
      String policy,
      Map<String, String> tags,
      ActorRef<KeyReply<KeyAnswer.ReplicaCreated>> replyTo)
      implements FromCaller<KeyAnswer.ReplicaCreated> {
    @Override
    public String action() {
      return "kms:ReplicateKey";
    }
  }

  /** UpdatePrimaryRegion on the primary: hands the primary role to the replica in {@code zone}. */
  record UpdatePrimary(String accountId, String zone, ActorRef<KeyReply<Done>> replyTo)
      implements FromCaller<Done> {
    @Override
    public String action() {
      return "kms:UpdatePrimaryRegion";
    }
  }

  /**
   * From another zone's key entity: take this shared state if it is newer (creating the replica on
   * first contact, with {@code seed}) and answer with the version now held.
   */
  record ApplyReplica(
      SharedState state, ReplicaSeed seed, ActorRef<KeyReply<KeyAnswer.ReplicaAck>> replyTo)
      implements KeyCommand<KeyAnswer.ReplicaAck> {}

  /**
   * From an operator (the management endpoint, no account): this zone's view of the key's
   * multi-zone set, with the shared-state version held here.
   */
  record ReplicationView(ActorRef<KeyReply<KeyAnswer.ReplicationInfo>> replyTo)
      implements KeyCommand<KeyAnswer.ReplicationInfo> {}

  /**
   * From an operator, on the primary: push the shared state now to {@code zones} (every replica
   * zone when empty), whatever they acknowledged, and record the version each answers it holds.
   */
  record Resync(List<String> zones, ActorRef<KeyReply<KeyAnswer.ReplicationInfo>> replyTo)
      implements KeyCommand<KeyAnswer.ReplicationInfo> {}

  /**
   * From the platform (any zone's node, on an account's first request there): create the account's
   * Default Organization Key here if it is not yet, and give it a replica in every zone of {@code
   * zones} that lacks one.
   */
  record ProvisionDefault(String accountId, List<String> zones, ActorRef<KeyReply<Done>> replyTo)
      implements KeyCommand<Done> {}

  /**
   * From an operator retiring {@code zone} (kms zone retire): answers where the zone stands in this
   * key's multi-zone set and, when {@code apply}, leaves it out of the set unless the key's primary
   * is there.
   */
  record RetireZone(
      String zone, boolean apply, ActorRef<KeyReply<KeyAnswer.ZoneRetirement>> replyTo)
      implements KeyCommand<KeyAnswer.ZoneRetirement> {}

  /**
   * CreateGrant: a grant of {@code spec} on this key, or the grant a CreateGrant of the same name
   * and parameters made before. With {@code dryRun}, only whether it would succeed.
   */
  record CreateGrant(
      String accountId,
      GrantSpec spec,
      boolean dryRun,
      ActorRef<KeyReply<KeyAnswer.GrantCreated>> replyTo)
      implements FromCaller<KeyAnswer.GrantCreated> {
    @Override
    public String action() {
      return "kms:CreateGrant";
    }
  }

  record ListGrants(
      String accountId, GrantQuery query, ActorRef<KeyReply<KeyAnswer.Grants>> replyTo)
      implements FromCaller<KeyAnswer.Grants> {
    @Override
    public String action() {
      return "kms:ListGrants";
    }
  }

  /**
   * RetireGrant: allowed to the grant's retiring principal, to its grantee when it allows
   * RetireGrant, and to principals whose policies allow kms:RetireGrant.
   */
  record RetireGrant(
      String accountId, String grantId, boolean dryRun, ActorRef<KeyReply<Done>> replyTo)
      implements FromCaller<Done> {
    @Override
    public String action() {
      return "kms:RetireGrant";
    }
  }

  record RevokeGrant(
      String accountId, String grantId, boolean dryRun, ActorRef<KeyReply<Done>> replyTo)
      implements FromCaller<Done> {
    @Override
    public String action() {
      return "kms:RevokeGrant";
    }
  }

  /**
   * For ListRetirableGrants: the grants of this key of {@code accountId} that {@code
   * retiringPrincipal} retires. Not a caller's command: ListRetirableGrants is decided by the
   * caller's identity policies, never by the keys it lists.
   */
  record RetirableGrants(
      String accountId, String retiringPrincipal, ActorRef<KeyReply<KeyAnswer.Grants>> replyTo)
      implements KeyCommand<KeyAnswer.Grants> {}
}
