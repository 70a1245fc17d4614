package com.verenc.kms.node.api;

import com.verenc.kms.node.defaultkey.DefaultKeys;
import com.verenc.kms.node.directory.Directories;
import com.verenc.kms.node.directory.DirectoryCommand;
import com.verenc.kms.node.directory.DirectoryReply;
import com.verenc.kms.node.quota.Quotas;
import com.verenc.kms.protocol.ErrorCode;
import com.verenc.kms.protocol.KmsException;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * The account's key and alias quotas in this zone: CreateKey is refused once the account directory
 * counts as many keys as allowed (the platform's Default Organization Key not included); the alias
 * limit travels with CreateAlias, which the directory refuses itself.
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
    return keyCount(accountId)
        .thenAccept(
            count -> {
              if (count.customerKeys() >= limit) {
                throw limitExceeded(
                    "Account "
                        + accountId
                        + " has "
                        + count.customerKeys()
                        + " keys in zone "
                        + zone
                        + ", its quota (keysPerZone "
                        + limit
                        + "; keys pending deletion count until they are destroyed). "
                        + "Delete keys it no longer needs, or ask the operator to raise the quota.");
              }
            });
  }

  /** The most aliases the account may have in this zone (the account directory enforces it). */
  int maxAliases(String accountId) {
    return quotas.apply(accountId).aliasesPerZone();
  }

  private CompletionStage<DirectoryReply.KeyCount> keyCount(String accountId) {
    return directories.ask(
        accountId,
        replyTo -> new DirectoryCommand.CountKeys(DefaultKeys.keyIdFor(accountId), replyTo),
        DirectoryReply.KeyCount.class);
  }

  private static KmsException limitExceeded(String message) {
    return new KmsException(ErrorCode.LIMIT_EXCEEDED, message);
  }
}
