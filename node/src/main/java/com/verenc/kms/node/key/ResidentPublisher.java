package com.verenc.kms.node.key;

import java.util.HashSet;
import java.util.Set;

/**
 * Publishes one entity's key to the node's {@link ResidentKeys} from the state that just served a
 * crypto request (usable and persisted: no command runs while events are being written), and
 * withdraws it before every event and when the entity stops.
 */
final class ResidentPublisher {
  private final String keyId;
  private final ResidentKeys resident;
  private final KeyPolicyView policy;
  private final Rejections names;

  /** The state and number of unwrapped versions last published; null when withdrawn. */
  private KeyRecord publishedFrom;

  private int publishedVersions;

  ResidentPublisher(String keyId, ResidentKeys resident, KeyPolicyView policy, Rejections names) {
    this.keyId = keyId;
    this.resident = resident;
    this.policy = policy;
    this.names = names;
  }

  void publish(KeyRecord key, KeyMaterials materials) {
    if (!resident.enabled()
        || (key == publishedFrom && materials.unwrappedCount() == publishedVersions)) {
      return;
    }
    Set<String> allowed = allowedActions(key);
    resident.publish(
        new ResidentKey(
            keyId,
            key.accountId(),
            names.arn(key),
            allowed,
            key.identity().type(),
            key.identity().keyUsage(),
            key.materials().current().version(),
            materials.unwrappedCopies(),
            key.materials().imported() == null ? null : key.materials().imported().validTo()));
    publishedFrom = key;
    publishedVersions = materials.unwrappedCount();
  }

  /** The crypto actions the key's policy allows its owning account's root whatever the request. */
  Set<String> allowedActions(KeyRecord key) {
    Set<String> allowed = new HashSet<>();
    for (String action : ResidentKey.CRYPTO_ACTIONS) {
      if (policy.allowsRootAlways(key, action)) {
        allowed.add(action);
      }
    }
    return allowed;
  }

  /** Whether {@code key} is the state published now (usable, and unchanged since). */
  boolean publishes(KeyRecord key) {
    return publishedFrom != null && publishedFrom == key;
  }

  void withdraw() {
    if (publishedFrom != null) {
      resident.withdraw(keyId);
      publishedFrom = null;
    }
  }
}
