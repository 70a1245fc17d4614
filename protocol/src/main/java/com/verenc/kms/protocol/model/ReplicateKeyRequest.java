package com.verenc.kms.protocol.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** Request of ReplicateKey: creates a replica of a multi-zone primary key in another zone. */
public record ReplicateKeyRequest(
    @JsonProperty("KeyId") String keyId,
    @JsonProperty("ReplicaRegion") String replicaRegion,
    @JsonProperty("Policy") String policy,
    @JsonProperty("BypassPolicyLockoutSafetyCheck") Boolean bypassPolicyLockoutSafetyCheck,
    @JsonProperty("Description") String description,
    @JsonProperty("Tags") List<Tag> tags)
    implements KmsRequest {

  @Override
  public void validate() {
    Constraints c = Constraints.validation();
    KmsMembers.keyId(c, "keyId", keyId, true);
    KmsMembers.region(c, "replicaRegion", replicaRegion);
    KmsMembers.policy(c, policy, false);
    KmsMembers.description(c, description, false);
    KmsMembers.tagList(c, tags);
    c.throwIfViolated();
    KmsMembers.checkTags(tags);
  }
}
