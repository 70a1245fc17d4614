package com.verenc.kms.node.grant;

import com.verenc.kms.node.CborSerializable;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What CreateGrant asks for: who gets which operations under which constraint, who may retire the
 * grant, and its name (null when none).
 *
 * @param granteePrincipal the grantee's ARN as the node writes principal ARNs
 * @param retiringPrincipal the retiring principal's ARN; null when none
 * @param constraint null when the grant has none
 */
public record GrantSpec(
    String granteePrincipal,
    String retiringPrincipal,
    List<GrantOperation> operations,
    ContextConstraint constraint,
    String name)
    implements CborSerializable {

  public GrantSpec {
    // Listed once each, in the model's order, whatever order and repetitions the request had.
    operations = List.copyOf(new TreeSet<>(operations));
  }

  /** Whether a grant with this name and these parameters is what this spec asks for again. */
  boolean sameAs(Grant grant) {
    return name != null
        && name.equals(grant.name())
        && granteePrincipal.equals(grant.granteePrincipal())
        && java.util.Objects.equals(retiringPrincipal, grant.retiringPrincipal())
        && Set.copyOf(operations).equals(Set.copyOf(grant.operations()))
        && (constraint == null
            ? grant.constraint() == null
            : constraint.sameAs(grant.constraint()));
  }

  /** The grant this spec makes. */
  public Grant issue(String grantId, java.time.Instant at, String issuingAccount) {
    return new Grant(
        grantId,
        name,
        granteePrincipal,
        retiringPrincipal,
        operations,
        constraint,
        at,
        issuingAccount);
  }
}
