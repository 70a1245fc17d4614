package com.verenc.kms.node.grant;

import com.verenc.kms.node.CborSerializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The grants of one key in one zone, oldest first, and how many it ever had (so a key that never
 * had one needs no index repair). Immutable; changed only by the key's events.
 */
public record KeyGrants(List<Grant> grants, int created) implements CborSerializable {
  /** AWS's quota of grants on one key. */
  public static final int MAX_PER_KEY = 50_000;

  /** AWS's quota of grants on one key for one grantee. */
  public static final int MAX_PER_GRANTEE = 500;

  public static final KeyGrants NONE = new KeyGrants(List.of(), 0);

  public KeyGrants {
    grants = grants == null ? List.of() : List.copyOf(grants);
  }

  public KeyGrants with(Grant grant) {
    List<Grant> more = new ArrayList<>(grants);
    more.add(grant);
    return new KeyGrants(more, created + 1);
  }

  public KeyGrants without(String grantId) {
    return new KeyGrants(
        grants.stream().filter(g -> !g.grantId().equals(grantId)).toList(), created);
  }

  public Optional<Grant> find(String grantId) {
    return grants.stream().filter(g -> g.grantId().equals(grantId)).findFirst();
  }

  /** The grant a CreateGrant with this name and these parameters made before, if any. */
  public Optional<Grant> repeatOf(GrantSpec spec) {
    return spec.name() == null
        ? Optional.empty()
        : grants.stream().filter(spec::sameAs).findFirst();
  }

  /** Why one more grant like {@code spec} would exceed a quota; empty when it would not. */
  public Optional<String> quotaExceededBy(GrantSpec spec) {
    if (grants.size() >= MAX_PER_KEY) {
      return Optional.of("A key can have at most " + MAX_PER_KEY + " grants");
    }
    long forGrantee =
        grants.stream().filter(g -> g.granteePrincipal().equals(spec.granteePrincipal())).count();
    if (forGrantee >= MAX_PER_GRANTEE) {
      return Optional.of(
          "A key can have at most "
              + MAX_PER_GRANTEE
              + " grants for one grantee principal ("
              + spec.granteePrincipal()
              + ")");
    }
    return Optional.empty();
  }

  /** The oldest grant that lets {@code principalArn} do {@code operation} with this context. */
  public Optional<Grant> allowing(
      String principalArn, GrantOperation operation, Map<String, String> context) {
    return grants.stream().filter(g -> g.allows(principalArn, operation, context)).findFirst();
  }

  /** The oldest grant that lets {@code principalArn} create the grant {@code spec}. */
  public Optional<Grant> allowingCreation(String principalArn, GrantSpec spec) {
    return grants.stream().filter(g -> g.allowsCreating(principalArn, spec)).findFirst();
  }

  /** Whether the grant {@code grantId} exists and {@code principalArn} may retire it. */
  public boolean retirableBy(String grantId, String principalArn) {
    return find(grantId).map(g -> g.retirableBy(principalArn)).orElse(false);
  }

  /** The grants {@code retiringPrincipal} may retire as their retiring principal. */
  public List<Grant> retiredBy(String retiringPrincipal) {
    return grants.stream().filter(g -> retiringPrincipal.equals(g.retiringPrincipal())).toList();
  }
}
