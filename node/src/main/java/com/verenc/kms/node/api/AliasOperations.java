package com.verenc.kms.node.api;

import com.verenc.kms.node.async.Failures;
import com.verenc.kms.node.auth.Caller;
import com.verenc.kms.node.defaultkey.DefaultKeys;
import com.verenc.kms.node.directory.AliasEntry;
import com.verenc.kms.node.directory.Directories;
import com.verenc.kms.node.directory.DirectoryCommand;
import com.verenc.kms.node.directory.DirectoryReply;
import com.verenc.kms.node.directory.ReservedAliases;
import com.verenc.kms.protocol.Arns;
import com.verenc.kms.protocol.ErrorCode;
import com.verenc.kms.protocol.KmsException;
import com.verenc.kms.protocol.model.AliasListEntry;
import com.verenc.kms.protocol.model.CreateAliasRequest;
import com.verenc.kms.protocol.model.DeleteAliasRequest;
import com.verenc.kms.protocol.model.EmptyResponse;
import com.verenc.kms.protocol.model.KeyState;
import com.verenc.kms.protocol.model.KmsResponse;
import com.verenc.kms.protocol.model.ListAliasesRequest;
import com.verenc.kms.protocol.model.ListAliasesResponse;
import com.verenc.kms.protocol.model.UpdateAliasRequest;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** CreateAlias, UpdateAlias, DeleteAlias and ListAliases. */
final class AliasOperations {
  private static final int DEFAULT_LIST_LIMIT = 50;

  private final Directories directories;
  private final KeyResolver resolver;
  private final Authorizations authorizations;
  private final UsageQuotas usage;
  private final Arns arns;
  private final IdentityGate gate;

  AliasOperations(
      Directories directories,
      KeyResolver resolver,
      Authorizations authorizations,
      UsageQuotas usage,
      Arns arns,
      IdentityGate gate) {
    this.gate = gate;
    this.directories = directories;
    this.resolver = resolver;
    this.authorizations = authorizations;
    this.usage = usage;
    this.arns = arns;
  }

  CompletionStage<KmsResponse> createAlias(Caller caller, CreateAliasRequest r) {
    checkNotReserved(r.aliasName());
    gate.requireOnAlias(caller, "kms:CreateAlias", arns.alias(caller.accountId(), r.aliasName()));
    return aliasTarget(caller, r.targetKeyId(), "kms:CreateAlias")
        .thenCompose(
            keyId ->
                directories.ask(
                    caller.accountId(),
                    replyTo ->
                        new DirectoryCommand.CreateAlias(
                            r.aliasName(), keyId, usage.maxAliases(caller.accountId()), replyTo),
                    DirectoryReply.Done.class))
        .thenApply(done -> EmptyResponse.INSTANCE);
  }

  CompletionStage<KmsResponse> updateAlias(Caller caller, UpdateAliasRequest r) {
    checkNotReserved(r.aliasName());
    gate.requireOnAlias(caller, "kms:UpdateAlias", arns.alias(caller.accountId(), r.aliasName()));
    // As in AWS KMS, both the key the alias points to and the new target must allow
    // kms:UpdateAlias: the current key's policy decides whether its alias may be taken from it.
    // Checking through the alias name resolves it in the directory, which answers NotFound for
    // an alias that does not exist.
    return authorizations
        .check(caller, r.aliasName(), "kms:UpdateAlias")
        .thenCompose(current -> aliasTarget(caller, r.targetKeyId(), "kms:UpdateAlias"))
        .thenCompose(
            keyId ->
                directories.ask(
                    caller.accountId(),
                    replyTo -> new DirectoryCommand.UpdateAlias(r.aliasName(), keyId, replyTo),
                    DirectoryReply.Done.class))
        .thenApply(done -> EmptyResponse.INSTANCE);
  }

  CompletionStage<KmsResponse> deleteAlias(Caller caller, DeleteAliasRequest r) {
    checkNotReserved(r.aliasName());
    gate.requireOnAlias(caller, "kms:DeleteAlias", arns.alias(caller.accountId(), r.aliasName()));
    // The key the alias points to must allow kms:DeleteAlias, as in AWS KMS. An alias whose key
    // is gone (or that does not exist: the directory says so) is for the directory alone.
    return authorizations
        .check(caller, r.aliasName(), "kms:DeleteAlias")
        .handle(
            (key, failure) -> {
              Throwable cause = failure == null ? null : Failures.cause(failure);
              if (cause != null
                  && !(cause instanceof KmsException k && k.code() == ErrorCode.NOT_FOUND)) {
                throw cause instanceof RuntimeException re
                    ? re
                    : new java.util.concurrent.CompletionException(cause);
              }
              return key;
            })
        .thenCompose(
            key ->
                directories.ask(
                    caller.accountId(),
                    replyTo -> new DirectoryCommand.DeleteAlias(r.aliasName(), replyTo),
                    DirectoryReply.Done.class))
        .thenApply(done -> EmptyResponse.INSTANCE);
  }

  CompletionStage<KmsResponse> listAliases(Caller caller, ListAliasesRequest r) {
    int limit = r.limit() == null ? DEFAULT_LIST_LIMIT : r.limit();
    CompletionStage<String> keyFilter =
        r.keyId() == null
            ? CompletableFuture.completedFuture(null)
            : CompletableFuture.completedFuture(resolver.keyIdOnly(caller, r.keyId(), "KeyId"));
    return keyFilter
        .thenCompose(
            keyId ->
                directories.ask(
                    caller.accountId(),
                    replyTo -> new DirectoryCommand.ListAliases(keyId, limit, r.marker(), replyTo),
                    DirectoryReply.AliasPage.class))
        .thenApply(
            page ->
                new ListAliasesResponse(
                    page.aliases().stream().map(a -> entry(caller, a)).toList(),
                    page.nextMarker(),
                    page.nextMarker() != null));
  }

  /** An alias must point at an existing key of the caller's account that is not being deleted. */
  private CompletionStage<String> aliasTarget(Caller caller, String targetKeyId, String action) {
    String keyId = resolver.keyIdOnly(caller, targetKeyId, "TargetKeyId");
    return authorizations
        .check(caller, keyId, action)
        .thenApply(
            m -> {
              if ("AWS".equals(m.keyManager())) {
                throw KmsException.unsupported(
                    m.arn()
                        + " is the Default Organization Key, managed by the platform; its "
                        + "alias is "
                        + DefaultKeys.ALIAS
                        + " and other aliases cannot point to it.");
              }
              if (m.keyState() == KeyState.PENDING_DELETION) {
                throw KmsException.invalidState(
                    m.arn() + " is pending deletion; an alias cannot point to it.");
              }
              return m.keyId();
            });
  }

  private static void checkNotReserved(String aliasName) {
    ReservedAliases.prefixOf(aliasName)
        .ifPresent(
            prefix -> {
              throw new KmsException(
                  ErrorCode.NOT_AUTHORIZED,
                  "Alias names beginning with "
                      + prefix
                      + " are reserved for the platform; choose another name.");
            });
  }

  private AliasListEntry entry(Caller caller, AliasEntry a) {
    return new AliasListEntry(
        a.aliasName(),
        arns.alias(caller.accountId(), a.aliasName()),
        a.targetKeyId(),
        a.createdAt(),
        a.updatedAt());
  }
}
