package com.verenc.kms.node.api;

import com.verenc.kms.node.directory.AliasEntry;
import com.verenc.kms.node.directory.Directories;
import com.verenc.kms.node.directory.DirectoryCommand;
import com.verenc.kms.node.directory.DirectoryReply;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The aliases of one key in its account's directory (kms:ResourceAliases), looked up only for a
 * request whose key asked for them, because one of the policies it evaluates reads them.
 */
final class ResourceAliases {
  private static final int PAGE = 100;

  /**
   * Thrown by a key's answer that a request must carry the key's aliases; never seen by callers.
   */
  static final class Needed extends RuntimeException {
    static final Needed INSTANCE = new Needed();

    private Needed() {
      super("the key's policies read kms:ResourceAliases", null, false, false);
    }
  }

  private final Directories directories;

  ResourceAliases(Directories directories) {
    this.directories = directories;
  }

  /** Every alias of the key, as {@code alias/NAME}. */
  CompletionStage<List<String>> of(String accountId, String keyId) {
    return collect(accountId, keyId, null, new ArrayList<>());
  }

  private CompletionStage<List<String>> collect(
      String accountId, String keyId, String marker, List<String> found) {
    return directories
        .ask(
            accountId,
            replyTo -> new DirectoryCommand.ListAliases(keyId, PAGE, marker, replyTo),
            DirectoryReply.AliasPage.class)
        .thenCompose(
            page -> {
              page.aliases().stream().map(AliasEntry::aliasName).forEach(found::add);
              return page.nextMarker() == null
                  ? CompletableFuture.completedFuture(List.copyOf(found))
                  : collect(accountId, keyId, page.nextMarker(), found);
            });
  }
}
