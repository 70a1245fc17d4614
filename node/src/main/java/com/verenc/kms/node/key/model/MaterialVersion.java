package com.verenc.kms.node.key.model;

import com.verenc.kms.node.CborSerializable;
import java.time.Instant;

/**
 * One version of a key's material, as it may be persisted: wrapped (RFC 5649) under the key's
 * secret, never in the clear. {@code rotationType} is null for the material the key was created
 * with.
 */
public record MaterialVersion(
    int version, Instant createdAt, byte[] wrappedMaterial, RotationType rotationType)
    implements CborSerializable {}
