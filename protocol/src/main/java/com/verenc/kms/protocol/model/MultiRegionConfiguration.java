package com.verenc.kms.protocol.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * Where a multi-zone key sits in its set: its role, the primary and the replicas. {@code
 * SharedStateVersion} (Verenc extension) is the version of the shared state this key has.
 */
public record MultiRegionConfiguration(
    @JsonProperty("MultiRegionKeyType") String multiRegionKeyType,
    @JsonProperty("PrimaryKey") MultiRegionKey primaryKey,
    @JsonProperty("ReplicaKeys") List<MultiRegionKey> replicaKeys,
    @JsonProperty("SharedStateVersion") Integer sharedStateVersion) {}
