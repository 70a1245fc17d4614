package com.verenc.kms.protocol.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Response of GetKeyPolicy: the policy document and its name. */
public record GetKeyPolicyResponse(
    @JsonProperty("Policy") String policy, @JsonProperty("PolicyName") String policyName)
    implements KmsResponse {}
