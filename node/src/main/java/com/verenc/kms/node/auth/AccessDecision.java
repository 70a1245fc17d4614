package com.verenc.kms.node.auth;

import com.verenc.kms.protocol.ErrorCode;
import com.verenc.kms.protocol.KmsException;

/**
 * Whether a principal may do an action on a resource, and if not, why, in AWS's words.
 *
 * @param because the end of AWS's AccessDeniedException message, e.g. "because no identity-based
 *     policy allows the kms:Decrypt action"; empty when allowed
 * @param grantId the grant that allowed it when no policy did; null otherwise
 */
public record AccessDecision(PolicyDecision decision, String because, String grantId) {
  // Shared, so a request a policy allows costs no decision of its own.
  static final AccessDecision ALLOWED = new AccessDecision(PolicyDecision.ALLOW, "", null);

  public AccessDecision(PolicyDecision decision, String because) {
    this(decision, because, null);
  }

  /** Allowed by the grant {@code grantId}. */
  static AccessDecision byGrant(String grantId) {
    return new AccessDecision(PolicyDecision.ALLOW, "", grantId);
  }

  public boolean allowed() {
    return decision == PolicyDecision.ALLOW;
  }

  /**
   * AccessDeniedException as AWS words it: "User: ARN is not authorized to perform: ACTION on
   * resource: RESOURCE because ...".
   */
  public String message(Principal principal, String action, String resource) {
    return "User: "
        + principal.arn()
        + " is not authorized to perform: "
        + action
        + " on resource: "
        + resource
        + " "
        + because;
  }

  /** Throws AccessDeniedException when not allowed. */
  public void require(Principal principal, String action, String resource) {
    if (!allowed()) {
      throw new KmsException(ErrorCode.ACCESS_DENIED, message(principal, action, resource));
    }
  }
}
