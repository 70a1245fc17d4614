package com.verenc.kms.protocol.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** Request of CreateGrant: lets a principal use a key for the listed operations. */
public record CreateGrantRequest(
    @JsonProperty("KeyId") String keyId,
    @JsonProperty("GranteePrincipal") String granteePrincipal,
    @JsonProperty("RetiringPrincipal") String retiringPrincipal,
    @JsonProperty("Operations") List<String> operations,
    @JsonProperty("Constraints") GrantConstraints constraints,
    @JsonProperty("GrantTokens") List<String> grantTokens,
    @JsonProperty("Name") String name,
    @JsonProperty("DryRun") Boolean dryRun)
    implements KmsRequest, WithGrantTokens {

  @Override
  public void validate() {
    Constraints c = Constraints.validation();
    KmsMembers.keyId(c, "keyId", keyId, true);
    KmsMembers.principalId(c, "granteePrincipal", granteePrincipal, true);
    KmsMembers.principalId(c, "retiringPrincipal", retiringPrincipal, false);
    KmsMembers.grantOperations(c, operations);
    KmsMembers.grantConstraints(c, constraints);
    KmsMembers.grantTokens(c, grantTokens);
    c.length("name", name, 1, 256).pattern("name", name, KmsMembers.GRANT_NAME);
    c.throwIfViolated();
  }
}
