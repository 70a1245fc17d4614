package com.verenc.kms.node.api;

import com.verenc.kms.node.auth.Caller;
import com.verenc.kms.node.grant.ContextConstraint;
import com.verenc.kms.node.grant.Grant;
import com.verenc.kms.node.grant.GrantIds;
import com.verenc.kms.node.grant.GrantOperation;
import com.verenc.kms.node.grant.GrantQuery;
import com.verenc.kms.node.grant.GrantSpec;
import com.verenc.kms.node.grant.GrantToken;
import com.verenc.kms.node.grant.GrantTokens;
import com.verenc.kms.node.grant.PrincipalArns;
import com.verenc.kms.node.key.KeyAnswer;
import com.verenc.kms.node.key.KeyCommand;
import com.verenc.kms.protocol.KmsException;
import com.verenc.kms.protocol.model.CreateGrantRequest;
import com.verenc.kms.protocol.model.CreateGrantResponse;
import com.verenc.kms.protocol.model.EmptyResponse;
import com.verenc.kms.protocol.model.GrantConstraints;
import com.verenc.kms.protocol.model.GrantListEntry;
import com.verenc.kms.protocol.model.KmsResponse;
import com.verenc.kms.protocol.model.ListGrantsRequest;
import com.verenc.kms.protocol.model.ListGrantsResponse;
import com.verenc.kms.protocol.model.RetireGrantRequest;
import com.verenc.kms.protocol.model.RevokeGrantRequest;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * CreateGrant, ListGrants, RetireGrant and RevokeGrant: translates the request (principals, grant
 * ids and tokens checked here) and asks the key, which decides; CreateGrant's token is issued here
 * for the grant the key made.
 */
final class GrantOperations {
  static final int DEFAULT_LIMIT = 50;

  private final KeyRequests requests;
  private final KeyResolver resolver;
  private final GrantTokens tokens;

  GrantOperations(KeyRequests requests, KeyResolver resolver, GrantTokens tokens) {
    this.requests = requests;
    this.resolver = resolver;
    this.tokens = tokens;
  }

  CompletionStage<KmsResponse> createGrant(Caller caller, CreateGrantRequest r) {
    KeyResolver.KeyTarget key = resolver.targetOnly(caller, r.keyId(), "KeyId");
    String account = caller.accountId();
    GrantSpec spec =
        new GrantSpec(
            PrincipalArns.require(r.granteePrincipal(), "GranteePrincipal"),
            r.retiringPrincipal() == null
                ? null
                : PrincipalArns.require(r.retiringPrincipal(), "RetiringPrincipal"),
            r.operations().stream()
                .map(name -> GrantOperation.ofWireName(name).orElseThrow())
                .toList(),
            constraint(r.constraints()),
            r.name());
    boolean dryRun = Boolean.TRUE.equals(r.dryRun());
    return requests
        .<KeyAnswer.GrantCreated>ask(
            caller, key, replyTo -> new KeyCommand.CreateGrant(account, spec, dryRun, replyTo))
        .thenApply(
            created ->
                new CreateGrantResponse(
                    tokens.issue(key.accountId(), key.keyId(), created.grantId()),
                    created.grantId()));
  }

  CompletionStage<KmsResponse> listGrants(Caller caller, ListGrantsRequest r) {
    KeyResolver.KeyTarget key = resolver.targetOnly(caller, r.keyId(), "KeyId");
    GrantQuery query =
        new GrantQuery(
            r.grantId() == null ? null : GrantIds.require(r.grantId()),
            r.granteePrincipal(),
            r.limit() == null ? DEFAULT_LIMIT : r.limit(),
            r.marker());
    return requests
        .<KeyAnswer.Grants>ask(
            caller, key, replyTo -> new KeyCommand.ListGrants(caller.accountId(), query, replyTo))
        .thenApply(
            page ->
                new ListGrantsResponse(
                    entries(page), page.nextMarker(), page.nextMarker() != null));
  }

  CompletionStage<KmsResponse> retireGrant(Caller caller, RetireGrantRequest r) {
    KeyResolver.KeyTarget key;
    String grantId;
    if (r.grantToken() != null) {
      GrantToken token = tokens.open(r.grantToken());
      // The token names the key's account: a grantee or retiring principal of another account
      // retires by token as AWS lets it.
      key = new KeyResolver.KeyTarget(token.accountId(), token.keyId());
      grantId = token.grantId();
      if (r.keyId() != null && !resolver.targetOnly(caller, r.keyId(), "KeyId").equals(key)
          || r.grantId() != null && !r.grantId().equals(grantId)) {
        throw KmsException.validation(
            "GrantToken names grant "
                + grantId
                + " of key "
                + key.keyId()
                + ", not the KeyId and GrantId given with it: give the token alone, or KeyId and "
                + "GrantId alone.");
      }
    } else {
      key = resolver.targetOnly(caller, r.keyId(), "KeyId");
      grantId = GrantIds.require(r.grantId());
    }
    boolean dryRun = Boolean.TRUE.equals(r.dryRun());
    return requests
        .<KeyAnswer.Done>ask(
            caller,
            key,
            replyTo -> new KeyCommand.RetireGrant(caller.accountId(), grantId, dryRun, replyTo))
        .thenApply(done -> EmptyResponse.INSTANCE);
  }

  CompletionStage<KmsResponse> revokeGrant(Caller caller, RevokeGrantRequest r) {
    KeyResolver.KeyTarget key = resolver.targetOnly(caller, r.keyId(), "KeyId");
    String grantId = GrantIds.require(r.grantId());
    boolean dryRun = Boolean.TRUE.equals(r.dryRun());
    return requests
        .<KeyAnswer.Done>ask(
            caller,
            key,
            replyTo -> new KeyCommand.RevokeGrant(caller.accountId(), grantId, dryRun, replyTo))
        .thenApply(done -> EmptyResponse.INSTANCE);
  }

  /** A page of a key's grants as the wire lists them. */
  static List<GrantListEntry> entries(KeyAnswer.Grants page) {
    return page.grants().stream().map(g -> entry(page.keyArn(), g)).toList();
  }

  static GrantListEntry entry(String keyArn, Grant g) {
    ContextConstraint c = g.constraint();
    return new GrantListEntry(
        keyArn,
        g.grantId(),
        g.name(),
        g.creationDate(),
        g.granteePrincipal(),
        g.retiringPrincipal(),
        g.issuingAccount(),
        g.operations().stream().map(GrantOperation::wireName).toList(),
        c == null
            ? null
            : c.kind() == ContextConstraint.Kind.SUBSET
                ? new GrantConstraints(c.pairs(), null)
                : new GrantConstraints(null, c.pairs()));
  }

  private static ContextConstraint constraint(GrantConstraints constraints) {
    if (constraints == null) {
      return null;
    }
    if (constraints.encryptionContextSubset() != null) {
      return new ContextConstraint(
          ContextConstraint.Kind.SUBSET, constraints.encryptionContextSubset());
    }
    if (constraints.encryptionContextEquals() != null) {
      return new ContextConstraint(
          ContextConstraint.Kind.EQUALS, constraints.encryptionContextEquals());
    }
    return null;
  }
}
