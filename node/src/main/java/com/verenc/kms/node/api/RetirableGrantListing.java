package com.verenc.kms.node.api;

import com.verenc.kms.node.async.Failures;
import com.verenc.kms.node.auth.Caller;
import com.verenc.kms.node.grant.Grant;
import com.verenc.kms.node.grant.GrantIndex;
import com.verenc.kms.node.grant.PrincipalArns;
import com.verenc.kms.node.key.KeyAnswer;
import com.verenc.kms.node.key.KeyCommand;
import com.verenc.kms.node.persistence.DatabaseUnavailableException;
import com.verenc.kms.protocol.ErrorCode;
import com.verenc.kms.protocol.KmsException;
import com.verenc.kms.protocol.model.GrantListEntry;
import com.verenc.kms.protocol.model.KmsResponse;
import com.verenc.kms.protocol.model.ListGrantsResponse;
import com.verenc.kms.protocol.model.ListRetirableGrantsRequest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * ListRetirableGrants: the zone's grant index names the grants one principal of the caller's
 * account retires across the keys of every account (a key's owner may grant to another account),
 * and only those keys are asked for them, so a grant retired or revoked since it was indexed is not
 * listed. Decided by the caller's identity policies alone, as AWS does.
 */
final class RetirableGrantListing {
  private final KeyEntities keys;
  private final GrantIndex index;
  private final Executor blockingIo;
  private final IdentityGate gate;

  RetirableGrantListing(
      KeyEntities keys, GrantIndex index, Executor blockingIo, IdentityGate gate) {
    this.keys = keys;
    this.index = index;
    this.blockingIo = blockingIo;
    this.gate = gate;
  }

  CompletionStage<KmsResponse> list(Caller caller, ListRetirableGrantsRequest r) {
    gate.require(caller, "kms:ListRetirableGrants");
    String account = caller.accountId();
    String principal =
        PrincipalArns.requireOwn(r.retiringPrincipal(), account, "RetiringPrincipal");
    int limit = r.limit() == null ? GrantOperations.DEFAULT_LIMIT : r.limit();
    GrantIndex.Entry from = r.marker() == null ? null : entryOf(r.marker());
    return CompletableFuture.supplyAsync(() -> read(principal, from, limit + 1), blockingIo)
        .thenCompose(
            rows -> {
              List<GrantIndex.Entry> page = rows.subList(0, Math.min(limit, rows.size()));
              String next = rows.size() > limit ? markerOf(rows.get(limit)) : null;
              return listed(principal, page)
                  .thenApply(entries -> new ListGrantsResponse(entries, next, next != null));
            });
  }

  private List<GrantIndex.Entry> read(String principal, GrantIndex.Entry from, int limit) {
    try {
      return index.retirableBy(principal, from, limit);
    } catch (DatabaseUnavailableException e) {
      throw new KmsException(
          ErrorCode.DEPENDENCY_TIMEOUT,
          "The zone's database is not available; retry the request later.");
    }
  }

  /** The page's grants as their keys hold them now, in the index's order. */
  private CompletionStage<List<GrantListEntry>> listed(
      String principal, List<GrantIndex.Entry> page) {
    Map<String, CompletableFuture<KeyAnswer.Grants>> answers = new HashMap<>();
    for (GrantIndex.Entry e : page) {
      answers.computeIfAbsent(e.keyId(), keyId -> grantsOf(e.accountId(), principal, keyId));
    }
    return CompletableFuture.allOf(answers.values().toArray(CompletableFuture[]::new))
        .thenApply(
            all -> {
              List<GrantListEntry> entries = new ArrayList<>();
              for (GrantIndex.Entry e : page) {
                KeyAnswer.Grants held = answers.get(e.keyId()).join();
                if (held == null) {
                  continue;
                }
                for (Grant g : held.grants()) {
                  if (g.grantId().equals(e.grantId())) {
                    entries.add(GrantOperations.entry(held.keyArn(), g));
                  }
                }
              }
              return entries;
            });
  }

  /** The key's grants {@code principal} retires; null when the key is gone. */
  private CompletableFuture<KeyAnswer.Grants> grantsOf(
      String account, String principal, String keyId) {
    return keys.<KeyAnswer.Grants>ask(
            account, keyId, replyTo -> new KeyCommand.RetirableGrants(account, principal, replyTo))
        .toCompletableFuture()
        .handle(
            (answer, failure) -> {
              if (failure == null) {
                return answer;
              }
              if (Failures.cause(failure) instanceof KmsException e
                  && e.code() == ErrorCode.NOT_FOUND) {
                return null;
              }
              throw new CompletionException(Failures.cause(failure));
            });
  }

  /** The marker of a page: the key and grant id of its first grant, "KEY_ID/GRANT_ID". */
  private static String markerOf(GrantIndex.Entry entry) {
    return entry.keyId() + "/" + entry.grantId();
  }

  private static GrantIndex.Entry entryOf(String marker) {
    int slash = marker.indexOf('/');
    if (slash <= 0 || slash == marker.length() - 1) {
      throw new KmsException(
          ErrorCode.INVALID_MARKER,
          "The marker is not valid for this list (it may be from another call). Repeat the call "
              + "without Marker.");
    }
    return new GrantIndex.Entry(null, marker.substring(0, slash), marker.substring(slash + 1));
  }
}
