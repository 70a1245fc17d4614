package com.verenc.kms.node.api;

import com.verenc.kms.node.auth.Caller;
import com.verenc.kms.node.key.KeyAnswer;
import com.verenc.kms.node.key.KeyCommand;
import com.verenc.kms.protocol.model.GetKeyLastUsageRequest;
import com.verenc.kms.protocol.model.GetKeyLastUsageResponse;
import com.verenc.kms.protocol.model.KeyLastUsageData;
import com.verenc.kms.protocol.model.KmsResponse;
import java.util.concurrent.CompletionStage;

/**
 * GetKeyLastUsage: the key's last successful cryptographic operation in this zone, as its entity
 * knows it (no audit trail: CloudTrailEventId and KmsRequestId are not kept).
 */
final class UsageOperations {
  private final KeyRequests requests;

  UsageOperations(KeyRequests requests) {
    this.requests = requests;
  }

  CompletionStage<KmsResponse> getKeyLastUsage(Caller caller, GetKeyLastUsageRequest r) {
    return requests
        .<KeyAnswer.LastUsage>ask(
            caller, r.keyId(), replyTo -> new KeyCommand.GetLastUsage(caller.accountId(), replyTo))
        .thenApply(
            u ->
                new GetKeyLastUsageResponse(
                    u.keyArn(),
                    u.lastUse() == null
                        ? null
                        : new KeyLastUsageData(
                            u.lastUse().operation(), u.lastUse().at(), null, null),
                    u.trackingSince(),
                    u.keyCreationDate()));
  }
}
