package com.verenc.kms.node.key;

import com.verenc.kms.node.auth.Principal;
import com.verenc.kms.node.grant.Grant;
import com.verenc.kms.node.grant.GrantIds;
import com.verenc.kms.node.grant.GrantOperation;
import com.verenc.kms.node.grant.GrantSpec;
import com.verenc.kms.node.key.KeyCommand.CreateGrant;
import com.verenc.kms.node.key.KeyCommand.ListGrants;
import com.verenc.kms.node.key.KeyCommand.RetirableGrants;
import com.verenc.kms.node.key.KeyCommand.RetireGrant;
import com.verenc.kms.node.key.KeyCommand.RevokeGrant;
import com.verenc.kms.node.key.KeyEntityState.Live;
import com.verenc.kms.node.key.model.KeyIdentity;
import com.verenc.kms.node.key.model.KeySpec;
import com.verenc.kms.node.paging.Page;
import com.verenc.kms.protocol.ErrorCode;
import com.verenc.kms.protocol.KmsException;
import java.util.Optional;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;

/**
 * The key's grants in this zone: CreateGrant (idempotent by name), ListGrants, RetireGrant,
 * RevokeGrant, and the grants one principal retires for ListRetirableGrants. Who may ask is decided
 * before (KeyAccess, with GrantAllowances); the zone's grant index follows each change.
 */
final class GrantHandlers extends KeyHandlers {

  GrantHandlers(KeyScope scope) {
    super(scope);
  }

  static void register(HandlerTable.Registrar<GrantHandlers> builder) {
    builder
        .forStateType(Live.class)
        .onCommand(CreateGrant.class, GrantHandlers::create)
        .onCommand(ListGrants.class, GrantHandlers::list)
        .onCommand(RetireGrant.class, GrantHandlers::retire)
        .onCommand(RevokeGrant.class, GrantHandlers::revoke)
        .onCommand(RetirableGrants.class, GrantHandlers::retirable);
  }

  private ReplyEffect<KeyEvent, KeyEntityState> create(Live state, CreateGrant cmd) {
    KeyRecord key = state.key();
    Optional<Rejection> unfit = unfit(key, cmd.spec());
    if (unfit.isPresent()) {
      return reject(cmd, unfit.get());
    }
    Optional<Grant> repeated = key.grants().repeatOf(cmd.spec());
    if (repeated.isEmpty()) {
      Optional<String> quota = key.grants().quotaExceededBy(cmd.spec());
      if (quota.isPresent()) {
        return reject(
            cmd,
            new Rejection(
                ErrorCode.LIMIT_EXCEEDED,
                quota.get()
                    + "; "
                    + rejections.arn(key)
                    + " has reached it. Retire or revoke grants first."));
      }
    }
    if (cmd.dryRun()) {
      return reject(cmd, dryRun());
    }
    if (repeated.isPresent()) {
      return reply(cmd, new KeyAnswer.GrantCreated(rejections.arn(key), repeated.get().grantId()));
    }
    Grant grant =
        cmd.spec().issue(GrantIds.next(), scope.now(), Principal.root(key.accountId()).arn());
    String allowingGrant = scope.allowingGrant();
    return effect()
        .persist(new KeyEvent.GrantCreated(grant))
        .thenRun(s -> scope.indexGrant(key.accountId(), grant))
        .thenReply(
            cmd.replyTo(),
            s ->
                KeyReply.ok(
                    new KeyAnswer.GrantCreated(rejections.arn(key), grant.grantId()),
                    allowingGrant));
  }

  /**
   * Why the key cannot have this grant: an operation its type does not offer, or a constraint on a
   * key whose operations take no encryption context (AWS allows them on symmetric keys only).
   */
  private Optional<Rejection> unfit(KeyRecord key, GrantSpec spec) {
    KeyIdentity identity = key.identity();
    for (GrantOperation op : spec.operations()) {
      if (op.cryptoOperation()
          .filter(crypto -> !identity.type().serves(identity.keyUsage(), crypto))
          .isPresent()) {
        return Optional.of(
            new Rejection(
                ErrorCode.VALIDATION,
                "Operations includes "
                    + op.wireName()
                    + ", which "
                    + rejections.arn(key)
                    + " (KeySpec "
                    + identity.keySpec()
                    + ", KeyUsage "
                    + identity.keyUsage()
                    + ") does not offer. Grant only operations the key supports."));
      }
    }
    if (spec.constraint() != null && identity.keySpec() != KeySpec.SYMMETRIC_DEFAULT) {
      return Optional.of(
          new Rejection(
              ErrorCode.VALIDATION,
              "Constraints apply to operations with an encryption context, which only symmetric "
                  + "encryption keys have; "
                  + rejections.arn(key)
                  + " is a "
                  + identity.keySpec()
                  + " key. Omit Constraints."));
    }
    return Optional.empty();
  }

  private ReplyEffect<KeyEvent, KeyEntityState> list(Live state, ListGrants cmd) {
    KeyRecord key = state.key();
    Page<Grant> page;
    try {
      page = cmd.query().page(key.grants());
    } catch (KmsException e) {
      return reject(cmd, new Rejection(e.code(), e.getMessage()));
    }
    return reply(cmd, new KeyAnswer.Grants(rejections.arn(key), page.items(), page.nextMarker()));
  }

  private ReplyEffect<KeyEvent, KeyEntityState> retire(Live state, RetireGrant cmd) {
    return delete(state.key(), cmd, cmd.grantId(), cmd.dryRun(), true);
  }

  private ReplyEffect<KeyEvent, KeyEntityState> revoke(Live state, RevokeGrant cmd) {
    return delete(state.key(), cmd, cmd.grantId(), cmd.dryRun(), false);
  }

  private ReplyEffect<KeyEvent, KeyEntityState> delete(
      KeyRecord key,
      KeyCommand<KeyAnswer.Done> cmd,
      String grantId,
      boolean dryRun,
      boolean retired) {
    Optional<Grant> grant = key.grants().find(grantId);
    if (grant.isEmpty()) {
      return reject(
          cmd,
          new Rejection(
              ErrorCode.NOT_FOUND,
              "Grant "
                  + grantId
                  + " does not exist on "
                  + rejections.arn(key)
                  + " in this zone (it may have been retired or revoked). ListGrants shows the "
                  + "key's grants."));
    }
    if (dryRun) {
      return reject(cmd, dryRun());
    }
    KeyEvent event =
        retired
            ? new KeyEvent.GrantRetired(scope.now(), grantId)
            : new KeyEvent.GrantRevoked(scope.now(), grantId);
    String allowingGrant = scope.allowingGrant();
    return effect()
        .persist(event)
        .thenRun(s -> scope.unindexGrant(grant.get()))
        .thenReply(cmd.replyTo(), s -> KeyReply.ok(scope.done(key), allowingGrant));
  }

  private ReplyEffect<KeyEvent, KeyEntityState> retirable(Live state, RetirableGrants cmd) {
    KeyRecord key = state.key();
    if (!key.accountId().equals(cmd.accountId())) {
      return reject(cmd, rejections.notFound(cmd, scope.keyId));
    }
    return reply(
        cmd,
        new KeyAnswer.Grants(
            rejections.arn(key), key.grants().retiredBy(cmd.retiringPrincipal()), null));
  }

  private static Rejection dryRun() {
    return new Rejection(
        ErrorCode.DRY_RUN_OPERATION,
        "The request would have succeeded, but the DryRun parameter was set.");
  }
}
