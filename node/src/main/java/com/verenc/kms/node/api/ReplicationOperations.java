package com.verenc.kms.node.api;

import com.verenc.kms.node.auth.Caller;
import com.verenc.kms.node.auth.KeyPolicies;
import com.verenc.kms.node.key.KeyAnswer;
import com.verenc.kms.node.key.KeyCommand;
import com.verenc.kms.protocol.KmsException;
import com.verenc.kms.protocol.model.EmptyResponse;
import com.verenc.kms.protocol.model.KmsResponse;
import com.verenc.kms.protocol.model.ReplicateKeyRequest;
import com.verenc.kms.protocol.model.ReplicateKeyResponse;
import com.verenc.kms.protocol.model.Tag;
import com.verenc.kms.protocol.model.UpdatePrimaryRegionRequest;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;
import java.util.function.Predicate;

/**
 * ReplicateKey and UpdatePrimaryRegion: served by the primary key, which then pushes to the zones.
 */
final class ReplicationOperations {
  private final KeyRequests requests;
  private final String zone;
  private final Set<String> zones;
  private final Predicate<String> retired;

  private final IdentityGate gate;

  ReplicationOperations(
      KeyRequests requests,
      String zone,
      Set<String> zones,
      Predicate<String> retired,
      IdentityGate gate) {
    this.gate = gate;
    this.requests = requests;
    this.zone = zone;
    this.zones = zones;
    this.retired = retired;
  }

  CompletionStage<KmsResponse> replicateKey(Caller caller, ReplicateKeyRequest r) {
    checkKnownZone(r.replicaRegion(), "ReplicaRegion");
    // The replica is a key created in its zone: AWS needs kms:CreateKey there besides
    // kms:ReplicateKey on the primary, which the primary key decides.
    gate.requireCreateReplica(caller, r.replicaRegion(), r.tags());
    if (r.policy() != null) {
      KeyPolicies.validate(r.policy(), caller.accountId());
    }
    Map<String, String> tags = TagRules.toMap(r.tags());
    return requests
        .<KeyAnswer.ReplicaCreated>ask(
            caller,
            r.keyId(),
            replyTo ->
                new KeyCommand.Replicate(
                    caller.accountId(),
                    r.replicaRegion(),
                    r.description(),
                    r.policy(),
                    tags,
                    replyTo))
        .thenApply(
            created ->
                new ReplicateKeyResponse(
                    created.metadata(),
                    created.policy(),
                    new TreeMap<>(created.tags())
                        .entrySet().stream().map(e -> new Tag(e.getKey(), e.getValue())).toList()));
  }

  CompletionStage<KmsResponse> updatePrimaryRegion(Caller caller, UpdatePrimaryRegionRequest r) {
    checkKnownZone(r.primaryRegion(), "PrimaryRegion");
    return requests
        .<KeyAnswer.Done>ask(
            caller,
            r.keyId(),
            replyTo -> new KeyCommand.UpdatePrimary(caller.accountId(), r.primaryRegion(), replyTo))
        .thenApply(done -> EmptyResponse.INSTANCE);
  }

  private void checkKnownZone(String requested, String member) {
    if (retired.test(requested)) {
      throw KmsException.validation(
          member
              + " "
              + requested
              + " was retired from this installation; choose another zone (this node serves "
              + zone
              + ").");
    }
    if (!zones.contains(requested)) {
      throw KmsException.validation(
          member
              + " "
              + requested
              + " is not a zone of this installation. Zones: "
              + String.join(", ", new java.util.TreeSet<>(zones))
              + " (this node serves "
              + zone
              + ").");
    }
  }
}
