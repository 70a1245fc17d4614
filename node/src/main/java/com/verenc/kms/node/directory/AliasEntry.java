package com.verenc.kms.node.directory;

import com.verenc.kms.node.CborSerializable;
import java.time.Instant;

/** An alias of an account in one zone and the key it points to. */
public record AliasEntry(String aliasName, String targetKeyId, Instant createdAt, Instant updatedAt)
    implements CborSerializable {}
