package com.verenc.kms.node.grant;

import com.verenc.kms.node.CborSerializable;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One grant on a key: the grantee may do its operations on the key, under its constraint; the
 * retiring principal (and the grantee, if the grant allows RetireGrant) may retire it.
 *
 * @param name null when CreateGrant gave none
 * @param retiringPrincipal null when none
 * @param constraint null when the grant has none
 * @param issuingAccount the ARN of the account root that owns the key
 */
public record Grant(
    String grantId,
    String name,
    String granteePrincipal,
    String retiringPrincipal,
    List<GrantOperation> operations,
    ContextConstraint constraint,
    Instant creationDate,
    String issuingAccount)
    implements CborSerializable {

  public Grant {
    operations = List.copyOf(operations);
  }

  /**
   * Whether it lets {@code principalArn} do {@code operation} with a request of this encryption
   * context (ignored by operations that take none).
   */
  public boolean allows(
      String principalArn, GrantOperation operation, Map<String, String> context) {
    return granteePrincipal.equals(principalArn)
        && operations.contains(operation)
        && (constraint == null
            || !operation.takesEncryptionContext()
            || constraint.holdsFor(context));
  }

  /**
   * Whether it lets {@code principalArn} create the grant {@code spec}: CreateGrant is one of its
   * operations, and the new grant allows none it does not, under a constraint at least as strict.
   */
  public boolean allowsCreating(String principalArn, GrantSpec spec) {
    return granteePrincipal.equals(principalArn)
        && operations.contains(GrantOperation.CREATE_GRANT)
        && operations.containsAll(spec.operations())
        && (constraint == null
            || (spec.constraint() != null && spec.constraint().atLeastAsStrictAs(constraint)));
  }

  /**
   * Whether {@code principalArn} may retire it: its retiring principal, or its grantee when it
   * allows RetireGrant.
   */
  public boolean retirableBy(String principalArn) {
    return principalArn.equals(retiringPrincipal)
        || (granteePrincipal.equals(principalArn)
            && operations.contains(GrantOperation.RETIRE_GRANT));
  }
}
