package com.verenc.kms.protocol.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** Request of CreateKey: creates a key in the caller's account and zone. */
public record CreateKeyRequest(
    @JsonProperty("Policy") String policy,
    @JsonProperty("Description") String description,
    @JsonProperty("KeyUsage") String keyUsage,
    @JsonProperty("CustomerMasterKeySpec") String customerMasterKeySpec,
    @JsonProperty("KeySpec") String keySpec,
    @JsonProperty("Origin") String origin,
    @JsonProperty("CustomKeyStoreId") String customKeyStoreId,
    @JsonProperty("BypassPolicyLockoutSafetyCheck") Boolean bypassPolicyLockoutSafetyCheck,
    @JsonProperty("Tags") List<Tag> tags,
    @JsonProperty("MultiRegion") Boolean multiRegion,
    @JsonProperty("XksKeyId") String xksKeyId)
    implements KmsRequest {

  @Override
  public void validate() {
    Constraints c = Constraints.validation();
    KmsMembers.policy(c, policy, false);
    KmsMembers.description(c, description, false);
    c.oneOf("keyUsage", keyUsage, KmsMembers.KEY_USAGES);
    c.oneOf("customerMasterKeySpec", customerMasterKeySpec, KmsMembers.CUSTOMER_MASTER_KEY_SPECS);
    c.oneOf("keySpec", keySpec, KmsMembers.KEY_SPECS);
    // CustomerMasterKeySpec is the deprecated name of KeySpec; AWS refuses both at once.
    c.rule(
        keySpec == null || customerMasterKeySpec == null,
        "Specify KeySpec or the deprecated CustomerMasterKeySpec, not both");
    c.oneOf("origin", origin, KmsMembers.ORIGINS);
    KmsMembers.customKeyStoreId(c, customKeyStoreId);
    KmsMembers.tagList(c, tags);
    c.length("xksKeyId", xksKeyId, 1, 128).pattern("xksKeyId", xksKeyId, KmsMembers.XKS_KEY_ID);
    c.throwIfViolated();
    KmsMembers.checkTags(tags);
  }
}
