package com.verenc.kms.node.api;

import com.verenc.kms.node.defaultkey.DefaultKeys;
import com.verenc.kms.node.directory.DirectoryCommand;
import com.verenc.kms.node.directory.DirectoryReply;
import com.verenc.kms.node.quota.Quotas;
import com.verenc.kms.protocol.ErrorCode;
import com.verenc.kms.protocol.KmsException;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * Refuses CreateKey and CreateAlias once the account has as many keys or aliases in this zone as
 * its quotas allow, counted by the account directory (the platform's Default Organization Key and
 * its alias not included).
 */
final class UsageQuotas {
  private final Directories directories;
  private final Function<String, Quotas> quotas;
  private final String zone;

  UsageQuotas(Directories directories, Function<String, Quotas> quotas, String zone) {
    this.directories = directories;
    this.quotas = quotas;
    this.zone = zone;
  }

  /** Completes when the account may create one more key here; LimitExceededException otherwise. */
  CompletionStage<Void> requireRoomForKey(String accountId) {
    int limit = quotas.apply(accountId).keysPerZone();
    return usage(accountId).thenAccept(usage -> {
      if (usage.customerKeys() >= limit) {
        throw limitExceeded("Account " + accountId + " has " + usage.customerKeys() + " keys in zone " + zone
            + ", its quota (keysPerZone " + limit + "; keys pending deletion count until they are destroyed). "
            + "Delete keys it no longer needs, or ask the operator to raise the quota.");
      }
    });
  }

  /** Completes when the account may create one more alias here; LimitExceededException otherwise. */
  CompletionStage<Void> requireRoomForAlias(String accountId) {
    int limit = quotas.apply(accountId).aliasesPerZone();
    return usage(accountId).thenAccept(usage -> {
      if (usage.aliases() >= limit) {
        throw limitExceeded("Account " + accountId + " has " + usage.aliases() + " aliases in zone " + zone
            + ", its quota (aliasesPerZone " + limit + "). Delete aliases it no longer needs, or ask the "
            + "operator to raise the quota.");
      }
    });
  }

  private CompletionStage<DirectoryReply.Usage> usage(String accountId) {
    return directories.ask(accountId,
        replyTo -> new DirectoryCommand.GetUsage(DefaultKeys.keyIdFor(accountId), replyTo),
        DirectoryReply.Usage.class);
  }

  private static KmsException limitExceeded(String message) {
    return new KmsException(ErrorCode.LIMIT_EXCEEDED, message);
  }
}
