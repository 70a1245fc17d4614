package com.verenc.kms.node.key;

import com.verenc.kms.node.CborSerializable;
import java.time.Instant;
import java.util.List;

/**
 * The part of a multi-zone key its primary pushes to every replica, at one version. The key's
 * secret travels wrapped under the installation master key and the material versions wrapped
 * under that secret: nothing in the message is usable without the master key.
 */
public record SharedState(
    String accountId,
    String keyId,
    int version,
    Instant createdAt,
    String keyUsage,
    String keySpec,
    String origin,
    String keyManager,
    byte[] secretWrappedUnderMasterKey,
    List<MaterialVersion> materials,
    boolean rotationEnabled,
    int rotationPeriodInDays,
    Instant rotationAnchor,
    Instant deletionDate,
    Integer pendingWindowInDays,
    String primaryZone,
    List<String> zones)
    implements CborSerializable {}
