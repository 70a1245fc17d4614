package com.verenc.kms.node.cluster;

/**
 * Where one key's entity lives in one zone, for operators (`kms key locate`).
 *
 * @param shard the key shard the key id hashes to (the same in every zone)
 * @param node the member hosting that shard, or null when no member does (no key of the shard has
 *     been used since the zone started: the next request places it) or the zone did not answer
 * @param inMemory whether the key's entity is awake on that node (false: its next request recovers
 *     it from the database); null when {@code node} is
 * @param error why the node is unknown when the zone did not answer; null otherwise
 */
public record KeyLocation(
    String keyId, String zone, String shard, String node, Boolean inMemory, String error) {}
