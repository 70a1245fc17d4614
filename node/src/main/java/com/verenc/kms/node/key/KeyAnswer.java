package com.verenc.kms.node.key;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.verenc.kms.node.CborSerializable;
import com.verenc.kms.node.grant.Grant;
import com.verenc.kms.node.key.model.ImportedMaterial;
import com.verenc.kms.node.key.model.KeySpec;
import com.verenc.kms.node.key.model.KeyUsage;
import com.verenc.kms.node.key.model.RotationType;
import com.verenc.kms.node.replication.Role;
import com.verenc.kms.protocol.model.KeyMetadata;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a key entity answers a command with. Never key material: only ciphertext and data the caller
 * owns.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = KeyAnswer.Metadata.class, name = "metadata"),
  @JsonSubTypes.Type(value = KeyAnswer.Ciphertext.class, name = "ciphertext"),
  @JsonSubTypes.Type(value = KeyAnswer.Plaintext.class, name = "plaintext"),
  @JsonSubTypes.Type(value = KeyAnswer.DataKey.class, name = "data-key"),
  @JsonSubTypes.Type(value = KeyAnswer.Tags.class, name = "tags"),
  @JsonSubTypes.Type(value = KeyAnswer.Policy.class, name = "policy"),
  @JsonSubTypes.Type(value = KeyAnswer.Done.class, name = "done"),
  @JsonSubTypes.Type(value = KeyAnswer.RotationStatus.class, name = "rotation-status"),
  @JsonSubTypes.Type(value = KeyAnswer.Rotations.class, name = "rotations"),
  @JsonSubTypes.Type(value = KeyAnswer.ReplicaCreated.class, name = "replica-created"),
  @JsonSubTypes.Type(value = KeyAnswer.ReplicaAck.class, name = "replica-ack"),
  @JsonSubTypes.Type(value = KeyAnswer.ReplicationInfo.class, name = "replication-info"),
  @JsonSubTypes.Type(value = KeyAnswer.Mac.class, name = "mac"),
  @JsonSubTypes.Type(value = KeyAnswer.Signature.class, name = "signature"),
  @JsonSubTypes.Type(value = KeyAnswer.Verified.class, name = "verified"),
  @JsonSubTypes.Type(value = KeyAnswer.PublicKey.class, name = "public-key"),
  @JsonSubTypes.Type(value = KeyAnswer.SharedSecret.class, name = "shared-secret"),
  @JsonSubTypes.Type(value = KeyAnswer.ImportParameters.class, name = "import-parameters"),
  @JsonSubTypes.Type(value = KeyAnswer.MaterialId.class, name = "material-id"),
  @JsonSubTypes.Type(value = KeyAnswer.ZoneRetirement.class, name = "zone-retirement"),
  @JsonSubTypes.Type(value = KeyAnswer.GrantCreated.class, name = "grant-created"),
  @JsonSubTypes.Type(value = KeyAnswer.Grants.class, name = "grants")
})
public sealed interface KeyAnswer extends CborSerializable {

  record Metadata(KeyMetadata metadata) implements KeyAnswer {}

  record Ciphertext(String keyArn, byte[] blob) implements KeyAnswer {}

  record Plaintext(String keyArn, byte[] plaintext) implements KeyAnswer {}

  /** A fresh data key, sealed under the key; the plaintext copy is null when not asked for. */
  record DataKey(String keyArn, byte[] blob, byte[] plaintext) implements KeyAnswer {}

  record Mac(String keyArn, byte[] mac) implements KeyAnswer {}

  record Signature(String keyArn, byte[] signature) implements KeyAnswer {}

  /** The MAC or signature is valid; an invalid one is a rejection. */
  record Verified(String keyArn) implements KeyAnswer {}

  /** The key pair's public key (DER SubjectPublicKeyInfo) with what the key is. */
  record PublicKey(String keyArn, byte[] publicKey, KeySpec keySpec, KeyUsage keyUsage)
      implements KeyAnswer {}

  record SharedSecret(String keyArn, byte[] sharedSecret) implements KeyAnswer {}

  /** GetParametersForImport's answer: the token and the wrapping public key, valid until then. */
  record ImportParameters(String keyArn, byte[] importToken, byte[] publicKey, Instant validTo)
      implements KeyAnswer {}

  /** The imported material a request concerned, by its KeyMaterialId. */
  record MaterialId(String keyArn, String keyMaterialId) implements KeyAnswer {}

  record Tags(Map<String, String> tags) implements KeyAnswer {}

  record Policy(String policy) implements KeyAnswer {}

  record Done(String keyArn) implements KeyAnswer {}

  /** Automatic rotation settings; period and next date are null while rotation is disabled. */
  record RotationStatus(
      String keyArn, boolean enabled, Integer periodInDays, Instant nextRotationDate)
      implements KeyAnswer {}

  /**
   * One rotation of the key: when, and how (both null for imported material not rotated in: the
   * first, or one awaiting its rotation). For imported material also which one it is ({@code
   * material}) and whether it is CURRENT, NON_CURRENT or PENDING_ROTATION ({@code materialState}).
   */
  record Rotation(
      Instant rotationDate,
      RotationType rotationType,
      ImportedMaterial material,
      String materialState)
      implements CborSerializable {

    /** A rotation of generated material. */
    Rotation(Instant rotationDate, RotationType rotationType) {
      this(rotationDate, rotationType, null, null);
    }
  }

  /**
   * Every rotation of the key, oldest first (the original material is not a rotation); for a key of
   * imported material, every material imported into it.
   */
  record Rotations(String keyArn, List<Rotation> rotations) implements KeyAnswer {}

  /** ReplicateKey's answer: the replica as it will be, with its own policy and tags. */
  record ReplicaCreated(KeyMetadata metadata, String policy, Map<String, String> tags)
      implements KeyAnswer {}

  /** A replica zone has the shared state up to {@code version}; -1 when it could not take it. */
  record ReplicaAck(String zone, int version) implements KeyAnswer {}

  /** Where a zone being retired stood in this key's multi-zone set. */
  record ZoneRetirement(Standing standing) implements KeyAnswer {

    /** The zone's place in the set. */
    public enum Standing {
      /** Not in the key's set (or the key is single-zone). */
      ABSENT,
      /** The key's primary is there: the zone cannot be retired while it is. */
      PRIMARY,
      /** A replica zone of the key, left in the set (the command did not apply). */
      REPLICA,
      /** A replica zone of the key, now left out of its set. */
      REMOVED
    }
  }

  /**
   * One zone's view of a multi-zone key's set: its role there, the primary's zone, the shared-state
   * version it holds, the replica zones and, on the primary, the version each replica zone last
   * acknowledged (empty on a replica).
   */
  record ReplicationInfo(
      String zone,
      Role role,
      String primaryZone,
      int version,
      List<String> replicaZones,
      Map<String, Integer> acknowledged)
      implements KeyAnswer {}

  /** CreateGrant's answer: the grant's id (for the API to issue its token). */
  record GrantCreated(String keyArn, String grantId) implements KeyAnswer {}

  /** A page of the key's grants; {@code nextMarker} is null on the last. */
  record Grants(String keyArn, List<Grant> grants, String nextMarker) implements KeyAnswer {}
}
