package com.verenc.kms.protocol.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** Response of ReplicateKey: the replica's metadata, policy and tags. */
public record ReplicateKeyResponse(
    @JsonProperty("ReplicaKeyMetadata") KeyMetadata replicaKeyMetadata,
    @JsonProperty("ReplicaPolicy") String replicaPolicy,
    @JsonProperty("ReplicaTags") List<Tag> replicaTags)
    implements KmsResponse {}
