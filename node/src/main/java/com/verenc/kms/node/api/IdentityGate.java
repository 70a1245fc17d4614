package com.verenc.kms.node.api;

import com.verenc.kms.node.auth.Authorizer;
import com.verenc.kms.node.auth.Caller;
import com.verenc.kms.node.auth.CallerFacts;
import com.verenc.kms.node.auth.IdentityPolicy;
import com.verenc.kms.node.auth.Principal;
import com.verenc.kms.node.auth.condition.ConditionContext;
import com.verenc.kms.node.auth.condition.ConditionKey;
import com.verenc.kms.protocol.model.CreateKeyRequest;
import com.verenc.kms.protocol.model.Tag;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Decides what no key policy speaks of — the operations that name no key (CreateKey, ListKeys,
 * ListAliases, GenerateRandom, ListRetirableGrants), CreateKey in another zone for ReplicateKey,
 * and the alias side of the alias operations — from the caller's identity policies alone, as AWS
 * does. An account's root is always allowed.
 */
final class IdentityGate {
  private final Function<Principal, IdentityPolicy> policies;
  private final String zone;
  private final Clock clock;

  IdentityGate(Function<Principal, IdentityPolicy> policies, String zone, Clock clock) {
    this.policies = policies;
    this.zone = zone;
    this.clock = clock;
  }

  /**
   * @throws com.verenc.kms.protocol.KmsException AccessDeniedException naming the principal and the
   *     action
   */
  void require(Caller caller, String action) {
    require(caller, action, zone, Map.of(), null);
  }

  /**
   * An alias operation's permission on the alias itself, which AWS decides by identity policies
   * (the key's own policy decides the key's side).
   */
  void requireOnAlias(Caller caller, String action, String aliasArn) {
    Principal principal = caller.principal();
    if (principal.isRoot()) {
      return;
    }
    Authorizer.byIdentity(
            principal,
            policies.apply(principal),
            action,
            List.of(aliasArn),
            values(caller, zone, Map.of(), null))
        .require(principal, action, aliasArn);
  }

  /**
   * CreateKey, its request's facts (kms:KeySpec, kms:KeyUsage, kms:MultiRegion, aws:RequestTag/...)
   * available to conditions.
   */
  void requireCreateKey(Caller caller, CreateKeyRequest r, String keySpec, String keyUsage) {
    boolean multiRegion = Boolean.TRUE.equals(r.multiRegion());
    require(
        caller,
        "kms:CreateKey",
        zone,
        Map.of(
            "kms:keyspec", List.of(keySpec),
            "kms:keyusage", List.of(keyUsage),
            "kms:keyorigin", List.of(r.origin() == null ? "AWS_KMS" : r.origin()),
            "kms:multiregion", List.of(Boolean.toString(multiRegion)),
            "kms:multiregionkeytype", multiRegion ? List.of("PRIMARY") : List.of(),
            "kms:bypasspolicylockoutsafetycheck",
                List.of(Boolean.toString(Boolean.TRUE.equals(r.bypassPolicyLockoutSafetyCheck()))),
            "aws:tagkeys",
                r.tags() == null ? List.of() : r.tags().stream().map(Tag::tagKey).toList()),
        r.tags());
  }

  /**
   * kms:CreateKey as the replica zone would decide it for ReplicateKey: aws:RequestedRegion is that
   * zone and kms:MultiRegionKeyType REPLICA.
   */
  void requireCreateReplica(Caller caller, String replicaZone, List<Tag> tags) {
    require(
        caller,
        "kms:CreateKey",
        replicaZone,
        Map.of(
            "kms:multiregion", List.of("true"),
            "kms:multiregionkeytype", List.of("REPLICA"),
            "aws:tagkeys", tags == null ? List.of() : tags.stream().map(Tag::tagKey).toList()),
        tags);
  }

  private void require(
      Caller caller,
      String action,
      String requestedZone,
      Map<String, List<String>> request,
      List<Tag> tags) {
    Principal principal = caller.principal();
    if (principal.isRoot()) {
      return;
    }
    Authorizer.withoutKey(
            principal,
            policies.apply(principal),
            action,
            values(caller, requestedZone, request, tags))
        .require(principal, action, "*");
  }

  private ConditionContext values(
      Caller caller, String requestedZone, Map<String, List<String>> request, List<Tag> tags) {
    CallerFacts facts =
        new CallerFacts(
            caller.principal(),
            caller.origin().sourceIp(),
            caller.origin().secureTransport(),
            requestedZone,
            clock.instant());
    return key -> {
      List<String> callerValues = facts.values(key);
      if (callerValues != null) {
        return callerValues;
      }
      if (key.name().equals("aws:requesttag/")) {
        return requestTag(tags, key);
      }
      return request.getOrDefault(key.name(), List.of());
    };
  }

  private static List<String> requestTag(List<Tag> tags, ConditionKey key) {
    if (tags == null) {
      return List.of();
    }
    for (Tag t : tags) {
      if (t.tagKey().equals(key.variable())) {
        return List.of(t.tagValue());
      }
    }
    return List.of();
  }
}
