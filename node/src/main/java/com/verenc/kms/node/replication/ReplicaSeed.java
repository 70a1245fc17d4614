package com.verenc.kms.node.replication;

import com.verenc.kms.node.CborSerializable;
import java.util.Map;

/**
 * What a replica starts with for the parts that are its own (ReplicateKey's Description, Policy and
 * Tags); null members take the replica's defaults.
 */
public record ReplicaSeed(String description, String policy, Map<String, String> tags)
    implements CborSerializable {}
