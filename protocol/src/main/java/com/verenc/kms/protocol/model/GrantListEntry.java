package com.verenc.kms.protocol.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;

/** One grant of a ListGrants or ListRetirableGrants page; KeyId is the key's ARN, as AWS sends. */
public record GrantListEntry(
    @JsonProperty("KeyId") String keyId,
    @JsonProperty("GrantId") String grantId,
    @JsonProperty("Name") String name,
    @JsonProperty("CreationDate") Instant creationDate,
    @JsonProperty("GranteePrincipal") String granteePrincipal,
    @JsonProperty("RetiringPrincipal") String retiringPrincipal,
    @JsonProperty("IssuingAccount") String issuingAccount,
    @JsonProperty("Operations") List<String> operations,
    @JsonProperty("Constraints") GrantConstraints constraints) {}
