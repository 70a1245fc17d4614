package com.verenc.kms.node.key;

import com.verenc.kms.node.CborSerializable;
import com.verenc.kms.node.key.model.KeyIdentity;
import com.verenc.kms.node.key.model.MaterialVersion;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * What a key entity tells a node's {@link LeaseHolder} about its lease on the key's material, and
 * the holder's own messages (which never leave its node). Material travels only wrapped under the
 * key's secret, as in the key's events; the holder reads the secret from the zone database itself.
 */
public sealed interface KeyLeaseNotice extends CborSerializable {

  /**
   * A lease of {@code leaseMillis} from the moment the holder asked: serve the key as its entity
   * would for its owning account's root, with the {@code allowedActions} its policy allows and the
   * given material ({@code usableUntil}: imported material's expiry, null when none).
   */
  record Granted(
      ActorRef<KeyMessage> entity,
      long generation,
      long leaseMillis,
      KeyIdentity identity,
      String keyArn,
      Set<String> allowedActions,
      int currentVersion,
      List<MaterialVersion> versions,
      Instant usableUntil)
      implements KeyLeaseNotice {}

  /**
   * Nothing changed since generation {@code generation}: the lease runs {@code leaseMillis} more.
   */
  record Extended(String keyId, long generation, long leaseMillis) implements KeyLeaseNotice {}

  /** No lease now (the key is not usable, or its entity runs on the asking node). */
  record Refused(String keyId) implements KeyLeaseNotice {}

  /** Drop the key now and confirm to {@code entity}: the key is about to change. */
  record Revoke(String keyId, long revocation, ActorRef<KeyMessage> entity)
      implements KeyLeaseNotice {}

  /**
   * The holder's own: this node wants a lease on {@code keyId} (or, with {@code heldGeneration},
   * the renewal of the one it holds).
   */
  record Wanted(String keyId, long heldGeneration) implements KeyLeaseNotice {}

  /** The holder's own timer: drop the leases that ran out unrenewed, with their material. */
  record Sweep() implements KeyLeaseNotice {}

  /** The holder's own: the key's secret read for a grant (empty: not found or not readable). */
  record SecretRead(Granted grant, long askedAtNanos, Optional<byte[]> secret)
      implements KeyLeaseNotice {}
}
