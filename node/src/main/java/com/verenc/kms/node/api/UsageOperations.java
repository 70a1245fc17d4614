package com.verenc.kms.node.api;

import com.verenc.kms.node.auth.Caller;
import com.verenc.kms.node.usage.UsageLedger;
import com.verenc.kms.protocol.model.GetKeyLastUsageRequest;
import com.verenc.kms.protocol.model.GetKeyLastUsageResponse;
import com.verenc.kms.protocol.model.KeyLastUsageData;
import com.verenc.kms.protocol.model.KmsResponse;
import java.time.Instant;
import java.util.concurrent.CompletionStage;

/**
 * GetKeyLastUsage: the key's last successful cryptographic operation in this zone, from the zone's
 * usage ledger. There is no CloudTrail here, so CloudTrailEventId stays empty; KmsRequestId is the
 * x-amzn-RequestId of that request.
 */
final class UsageOperations {
  private final KeyResolver resolver;
  private final Authorizations authorizations;
  private final UsageLedger ledger;

  UsageOperations(KeyResolver resolver, Authorizations authorizations, UsageLedger ledger) {
    this.resolver = resolver;
    this.authorizations = authorizations;
    this.ledger = ledger;
  }

  CompletionStage<KmsResponse> getKeyLastUsage(Caller caller, GetKeyLastUsageRequest r) {
    String keyId = resolver.keyIdOnly(caller, r.keyId(), "KeyId");
    return authorizations
        .check(caller, keyId, "kms:GetKeyLastUsage")
        .thenCompose(
            key ->
                ledger
                    .lastUse(key.arn())
                    .thenCombine(
                        ledger.trackingStart(),
                        (use, trackedSince) ->
                            new GetKeyLastUsageResponse(
                                key.keyId(),
                                use.map(
                                        u ->
                                            new KeyLastUsageData(
                                                u.operation(), u.at(), null, u.requestId()))
                                    .orElse(null),
                                later(trackedSince, key.creationDate()),
                                key.creationDate())));
  }

  private static Instant later(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }
}
