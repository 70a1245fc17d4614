package com.verenc.kms.node.replication;

/**
 * One row of a zone's shared-version index: the zone holds multi-zone key {@code keyId} at shared
 * {@code version}, as the primary of the replica in {@code peerZone} ({@link Role#PRIMARY}) or as
 * the replica of the primary in {@code peerZone} ({@link Role#REPLICA}).
 */
public record SharedVersion(String keyId, String peerZone, Role role, int version) {}
