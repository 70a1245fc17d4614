package com.verenc.kms.node.key;

import com.verenc.kms.node.CborSerializable;
import java.time.Instant;

/**
 * One version of a key's material, as it may be persisted: wrapped (RFC 5649) under the key's
 * secret, never in the clear. {@code rotationType} says how it came to be: null for the
 * material the key was created with, else AUTOMATIC or ON_DEMAND.
 */
public record MaterialVersion(int version, Instant createdAt, byte[] wrappedMaterial, String rotationType)
    implements CborSerializable {

  public static final String AUTOMATIC = "AUTOMATIC";
  public static final String ON_DEMAND = "ON_DEMAND";
}
