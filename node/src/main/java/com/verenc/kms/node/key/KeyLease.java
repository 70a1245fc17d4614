package com.verenc.kms.node.key;

import com.verenc.kms.node.CborSerializable;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * What the zone's other nodes tell a key entity about their leases on its material ({@link
 * ZoneLeases}): a node asks for a lease (or its renewal) and confirms it dropped its copy when the
 * entity revokes it. No answer is owed; the entity answers with a {@link KeyLeaseNotice}.
 */
public sealed interface KeyLease extends KeyMessage, CborSerializable {

  /**
   * {@code holder}'s node wants to serve the key itself; {@code heldGeneration} is the generation
   * of the lease it holds now (0: none), which the entity extends when nothing changed since.
   */
  record Request(ActorRef<KeyLeaseNotice> holder, long heldGeneration) implements KeyLease {}

  /** {@code holder}'s node dropped its copy of the key for revocation {@code revocation}. */
  record Released(ActorRef<KeyLeaseNotice> holder, long revocation) implements KeyLease {}

  /**
   * The entity's own timer: every lease revocation {@code revocation} waited for has run out, so a
   * node that did not confirm no longer serves the key either.
   */
  record RevocationDue(long revocation) implements KeyLease {}
}
