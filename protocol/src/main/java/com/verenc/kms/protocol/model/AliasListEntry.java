package com.verenc.kms.protocol.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/** One alias in a ListAliases page. */
public record AliasListEntry(
    @JsonProperty("AliasName") String aliasName,
    @JsonProperty("AliasArn") String aliasArn,
    @JsonProperty("TargetKeyId") String targetKeyId,
    @JsonProperty("CreationDate") Instant creationDate,
    @JsonProperty("LastUpdatedDate") Instant lastUpdatedDate) {}
