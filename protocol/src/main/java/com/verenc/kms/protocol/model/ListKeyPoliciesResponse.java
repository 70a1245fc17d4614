package com.verenc.kms.protocol.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** Response of ListKeyPolicies: one page; NextMarker fetches the next when Truncated. */
public record ListKeyPoliciesResponse(
    @JsonProperty("PolicyNames") List<String> policyNames,
    @JsonProperty("NextMarker") String nextMarker,
    @JsonProperty("Truncated") Boolean truncated)
    implements KmsResponse {}
