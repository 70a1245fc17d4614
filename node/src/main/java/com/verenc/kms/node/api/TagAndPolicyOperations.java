package com.verenc.kms.node.api;

import com.verenc.kms.node.auth.Caller;
import com.verenc.kms.node.auth.KeyPolicies;
import com.verenc.kms.node.key.KeyAnswer;
import com.verenc.kms.node.key.KeyCommand;
import com.verenc.kms.node.paging.Page;
import com.verenc.kms.protocol.KmsException;
import com.verenc.kms.protocol.model.EmptyResponse;
import com.verenc.kms.protocol.model.GetKeyPolicyRequest;
import com.verenc.kms.protocol.model.GetKeyPolicyResponse;
import com.verenc.kms.protocol.model.KmsResponse;
import com.verenc.kms.protocol.model.ListKeyPoliciesRequest;
import com.verenc.kms.protocol.model.ListKeyPoliciesResponse;
import com.verenc.kms.protocol.model.ListResourceTagsRequest;
import com.verenc.kms.protocol.model.ListResourceTagsResponse;
import com.verenc.kms.protocol.model.PutKeyPolicyRequest;
import com.verenc.kms.protocol.model.Tag;
import com.verenc.kms.protocol.model.TagResourceRequest;
import com.verenc.kms.protocol.model.UntagResourceRequest;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;

/** TagResource, UntagResource, ListResourceTags and the key policy operations. */
final class TagAndPolicyOperations {
  private static final int DEFAULT_TAG_LIMIT = 50;

  private final KeyRequests requests;
  private final Authorizations authorizations;

  TagAndPolicyOperations(KeyRequests requests, Authorizations authorizations) {
    this.requests = requests;
    this.authorizations = authorizations;
  }

  CompletionStage<KmsResponse> tagResource(Caller caller, TagResourceRequest r) {
    var tags = TagRules.toMap(r.tags());
    return requests
        .<KeyAnswer.Done>ask(
            caller, r.keyId(), replyTo -> new KeyCommand.Tag(caller.accountId(), tags, replyTo))
        .thenApply(done -> EmptyResponse.INSTANCE);
  }

  CompletionStage<KmsResponse> untagResource(Caller caller, UntagResourceRequest r) {
    return requests
        .<KeyAnswer.Done>ask(
            caller,
            r.keyId(),
            replyTo -> new KeyCommand.Untag(caller.accountId(), List.copyOf(r.tagKeys()), replyTo))
        .thenApply(done -> EmptyResponse.INSTANCE);
  }

  CompletionStage<KmsResponse> listResourceTags(Caller caller, ListResourceTagsRequest r) {
    int limit = r.limit() == null ? DEFAULT_TAG_LIMIT : r.limit();
    return requests
        .<KeyAnswer.Tags>ask(
            caller, r.keyId(), replyTo -> new KeyCommand.ListTags(caller.accountId(), replyTo))
        .thenApply(
            reply -> {
              List<Tag> all =
                  new TreeMap<>(reply.tags())
                      .entrySet().stream().map(e -> new Tag(e.getKey(), e.getValue())).toList();
              Page<Tag> page = Page.of(all, limit, r.marker(), Tag::tagKey);
              return new ListResourceTagsResponse(
                  page.items(), page.nextMarker(), page.truncated());
            });
  }

  CompletionStage<KmsResponse> getKeyPolicy(Caller caller, GetKeyPolicyRequest r) {
    String name = policyName(r.policyName());
    return requests
        .<KeyAnswer.Policy>ask(
            caller, r.keyId(), replyTo -> new KeyCommand.GetPolicy(caller.accountId(), replyTo))
        .thenApply(p -> new GetKeyPolicyResponse(p.policy(), name));
  }

  CompletionStage<KmsResponse> putKeyPolicy(Caller caller, PutKeyPolicyRequest r) {
    policyName(r.policyName());
    KeyPolicies.validate(r.policy(), caller.accountId());
    boolean bypass = Boolean.TRUE.equals(r.bypassPolicyLockoutSafetyCheck());
    return requests
        .<KeyAnswer.Done>ask(
            caller,
            r.keyId(),
            replyTo -> new KeyCommand.PutPolicy(caller.accountId(), r.policy(), bypass, replyTo))
        .thenApply(done -> EmptyResponse.INSTANCE);
  }

  CompletionStage<KmsResponse> listKeyPolicies(Caller caller, ListKeyPoliciesRequest r) {
    return authorizations
        .check(caller, r.keyId(), "kms:ListKeyPolicies")
        .thenApply(
            m ->
                new ListKeyPoliciesResponse(List.of(KeyPolicies.DEFAULT_POLICY_NAME), null, false));
  }

  /** A key has exactly one policy, named "default". */
  private static String policyName(String requested) {
    if (requested == null || requested.equals(KeyPolicies.DEFAULT_POLICY_NAME)) {
      return KeyPolicies.DEFAULT_POLICY_NAME;
    }
    throw KmsException.notFound(
        "No policy named '" + requested + "': a key has one policy, named 'default'.");
  }
}
