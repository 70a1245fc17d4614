package com.verenc.kms.node.api;

import com.verenc.kms.node.auth.Caller;
import com.verenc.kms.node.auth.KeyPolicies;
import com.verenc.kms.node.directory.Directories;
import com.verenc.kms.node.directory.DirectoryCommand;
import com.verenc.kms.node.directory.DirectoryReply;
import com.verenc.kms.node.key.KeyAnswer;
import com.verenc.kms.node.key.KeyCommand;
import com.verenc.kms.node.key.KeyReply;
import com.verenc.kms.protocol.Arns;
import com.verenc.kms.protocol.model.CancelKeyDeletionRequest;
import com.verenc.kms.protocol.model.CancelKeyDeletionResponse;
import com.verenc.kms.protocol.model.CreateKeyRequest;
import com.verenc.kms.protocol.model.CreateKeyResponse;
import com.verenc.kms.protocol.model.DescribeKeyRequest;
import com.verenc.kms.protocol.model.DescribeKeyResponse;
import com.verenc.kms.protocol.model.DisableKeyRequest;
import com.verenc.kms.protocol.model.EmptyResponse;
import com.verenc.kms.protocol.model.EnableKeyRequest;
import com.verenc.kms.protocol.model.KeyListEntry;
import com.verenc.kms.protocol.model.KeyMetadata;
import com.verenc.kms.protocol.model.KmsResponse;
import com.verenc.kms.protocol.model.ListKeysRequest;
import com.verenc.kms.protocol.model.ListKeysResponse;
import com.verenc.kms.protocol.model.ScheduleKeyDeletionRequest;
import com.verenc.kms.protocol.model.ScheduleKeyDeletionResponse;
import com.verenc.kms.protocol.model.UpdateKeyDescriptionRequest;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;

/** CreateKey, DescribeKey, ListKeys and the operations that change a key's state. */
final class KeyLifecycleOperations {
  private static final int DEFAULT_LIST_LIMIT = 100;
  private static final int DEFAULT_PENDING_WINDOW_DAYS = 30;

  private final KeyEntities keys;
  private final KeyRequests requests;
  private final Directories directories;
  private final UsageQuotas usage;
  private final Arns arns;
  private final IdentityGate gate;

  KeyLifecycleOperations(
      KeyEntities keys,
      KeyRequests requests,
      Directories directories,
      UsageQuotas usage,
      Arns arns,
      IdentityGate gate) {
    this.gate = gate;
    this.keys = keys;
    this.requests = requests;
    this.directories = directories;
    this.usage = usage;
    this.arns = arns;
  }

  CompletionStage<KmsResponse> createKey(Caller caller, CreateKeyRequest r) {
    KeyShape shape = KeyShape.of(r);
    gate.requireCreateKey(caller, r, shape.spec().name(), shape.usage().name());
    String policy = r.policy() == null ? KeyPolicies.defaultFor(caller.accountId()) : r.policy();
    Map<String, String> tags = TagRules.toMap(r.tags());
    boolean multiRegion = Boolean.TRUE.equals(r.multiRegion());
    String keyId = KeyIds.next(multiRegion);
    KeyPolicies.validate(policy, caller.accountId());
    boolean bypassLockoutCheck = Boolean.TRUE.equals(r.bypassPolicyLockoutSafetyCheck());
    return usage
        .requireRoomForKey(caller.accountId())
        .thenCompose(
            room ->
                keys.create(
                    keyId,
                    shape.spec().type().slowToGenerate(),
                    replyTo ->
                        new KeyCommand.Create(
                            caller.accountId(),
                            r.description(),
                            shape.spec(),
                            shape.usage(),
                            shape.origin(),
                            multiRegion,
                            policy,
                            bypassLockoutCheck,
                            tags,
                            replyTo)))
        .thenCompose(
            created ->
                directories
                    .ask(
                        caller.accountId(),
                        replyTo -> new DirectoryCommand.RegisterKey(keyId, replyTo),
                        DirectoryReply.Done.class)
                    .thenApply(
                        done -> {
                          keys.registered(caller.accountId(), keyId);
                          return new CreateKeyResponse(created.metadata());
                        }));
  }

  CompletionStage<KmsResponse> describeKey(Caller caller, DescribeKeyRequest r) {
    return describe(caller, r.keyId()).thenApply(DescribeKeyResponse::new);
  }

  CompletionStage<KeyMetadata> describe(Caller caller, String keyReference) {
    return requests
        .<KeyAnswer.Metadata>ask(
            caller, keyReference, replyTo -> new KeyCommand.Describe(caller.accountId(), replyTo))
        .thenApply(KeyAnswer.Metadata::metadata);
  }

  CompletionStage<KmsResponse> listKeys(Caller caller, ListKeysRequest r) {
    int limit = r.limit() == null ? DEFAULT_LIST_LIMIT : r.limit();
    return directories
        .ask(
            caller.accountId(),
            replyTo -> new DirectoryCommand.ListKeys(limit, r.marker(), replyTo),
            DirectoryReply.KeyPage.class)
        .thenApply(
            page ->
                new ListKeysResponse(
                    page.keyIds().stream()
                        .map(id -> new KeyListEntry(id, arns.key(caller.accountId(), id)))
                        .toList(),
                    page.nextMarker(),
                    page.nextMarker() != null));
  }

  CompletionStage<KmsResponse> enableKey(Caller caller, EnableKeyRequest r) {
    return change(caller, r.keyId(), replyTo -> new KeyCommand.Enable(caller.accountId(), replyTo));
  }

  CompletionStage<KmsResponse> disableKey(Caller caller, DisableKeyRequest r) {
    return change(
        caller, r.keyId(), replyTo -> new KeyCommand.Disable(caller.accountId(), replyTo));
  }

  CompletionStage<KmsResponse> updateKeyDescription(Caller caller, UpdateKeyDescriptionRequest r) {
    return change(
        caller,
        r.keyId(),
        replyTo -> new KeyCommand.UpdateDescription(caller.accountId(), r.description(), replyTo));
  }

  CompletionStage<KmsResponse> scheduleKeyDeletion(Caller caller, ScheduleKeyDeletionRequest r) {
    int window =
        r.pendingWindowInDays() == null ? DEFAULT_PENDING_WINDOW_DAYS : r.pendingWindowInDays();
    return requests
        .<KeyAnswer.Metadata>ask(
            caller,
            r.keyId(),
            replyTo -> new KeyCommand.ScheduleDeletion(caller.accountId(), window, replyTo))
        .thenApply(
            reply -> {
              KeyMetadata m = reply.metadata();
              return new ScheduleKeyDeletionResponse(
                  m.arn(), m.deletionDate(), m.keyState(), m.pendingDeletionWindowInDays());
            });
  }

  CompletionStage<KmsResponse> cancelKeyDeletion(Caller caller, CancelKeyDeletionRequest r) {
    return requests
        .<KeyAnswer.Done>ask(
            caller,
            r.keyId(),
            replyTo -> new KeyCommand.CancelDeletion(caller.accountId(), replyTo))
        .thenApply(done -> new CancelKeyDeletionResponse(done.keyArn()));
  }

  private CompletionStage<KmsResponse> change(
      Caller caller,
      String keyReference,
      Function<ActorRef<KeyReply<KeyAnswer.Done>>, KeyCommand<KeyAnswer.Done>> command) {
    return requests.ask(caller, keyReference, command).thenApply(done -> EmptyResponse.INSTANCE);
  }
}
