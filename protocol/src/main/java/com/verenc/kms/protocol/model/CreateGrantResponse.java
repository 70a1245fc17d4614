package com.verenc.kms.protocol.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Response of CreateGrant: the grant's id and a token that uses it at once. */
public record CreateGrantResponse(
    @JsonProperty("GrantToken") String grantToken, @JsonProperty("GrantId") String grantId)
    implements KmsResponse {}
