package com.verenc.kms.node.key;

import com.verenc.kms.node.CborSerializable;
import com.verenc.kms.protocol.ErrorCode;
import com.verenc.kms.protocol.model.KeyMetadata;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A key entity's answer. Never carries key material: only ciphertext and data the caller owns. */
public sealed interface KeyReply extends CborSerializable {

  record Metadata(KeyMetadata metadata) implements KeyReply {}

  record Ciphertext(String keyArn, byte[] blob) implements KeyReply {}

  record Plaintext(String keyArn, byte[] plaintext) implements KeyReply {}

  /** A fresh data key, sealed under the key; the plaintext copy is null when not asked for. */
  record DataKey(String keyArn, byte[] blob, byte[] plaintext) implements KeyReply {}

  record Tags(Map<String, String> tags) implements KeyReply {}

  record Policy(String policy) implements KeyReply {}

  record Done(String keyArn) implements KeyReply {}

  /** Automatic rotation settings; period and next date are null while rotation is disabled. */
  record RotationStatus(String keyArn, boolean enabled, Integer periodInDays, Instant nextRotationDate)
      implements KeyReply {}

  /** One rotation of the key: when, and AUTOMATIC or ON_DEMAND. */
  record Rotation(Instant rotationDate, String rotationType) implements CborSerializable {}

  /** Every rotation of the key, oldest first (the original material is not a rotation). */
  record Rotations(String keyArn, List<Rotation> rotations) implements KeyReply {}

  record Rejected(ErrorCode code, String message) implements KeyReply {}

  /** ReplicateKey's answer: the replica as it will be, with its own policy and tags. */
  record ReplicaCreated(KeyMetadata metadata, String policy, Map<String, String> tags) implements KeyReply {}

  /** A replica zone has the shared state up to {@code version}; -1 when the push failed. */
  record ReplicaAck(String zone, int version) implements KeyReply {}
}
