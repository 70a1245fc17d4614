package com.verenc.kms.node.key.model;

import com.verenc.kms.node.CborSerializable;
import java.time.Instant;

/** What a key is, fixed at its creation and the same in every zone of a multi-zone set. */
public record KeyIdentity(
    String accountId,
    String keyId,
    Instant createdAt,
    KeySpec keySpec,
    KeyUsage keyUsage,
    Origin origin,
    KeyManager keyManager,
    boolean multiRegion)
    implements CborSerializable {

  public KeyIdentity {
    // A node holds many keys of few accounts: one copy of each account id serves them all.
    accountId = accountId == null ? null : accountId.intern();
  }

  public KeyType type() {
    return keySpec.type();
  }

  public boolean platformManaged() {
    return keyManager == KeyManager.AWS;
  }
}
