package com.verenc.kms.node.api;

import com.verenc.kms.node.auth.Caller;
import com.verenc.kms.node.directory.Directories;
import com.verenc.kms.node.directory.DirectoryCommand;
import com.verenc.kms.node.directory.DirectoryReply;
import com.verenc.kms.protocol.Arns;
import com.verenc.kms.protocol.KeyReference;
import com.verenc.kms.protocol.KmsException;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Turns whatever names a key in a request (key id, key ARN, alias name, alias ARN, in Verenc or AWS
 * form) into the key id, within the caller's account and this zone only: an ARN that names another
 * account, zone or partition does not resolve, as AWS answers for a key ARN of another Region.
 */
public final class KeyResolver {
  private final Directories directories;
  private final Arns arns;

  public KeyResolver(Directories directories, Arns arns) {
    this.directories = directories;
    this.arns = arns;
  }

  /**
   * The key a request names and the account that owns it: the caller's, or, for a key ARN of
   * another account in this zone, that account's (whose key policy then decides whether the caller
   * may use it at all). Aliases and bare key ids always name the caller's own keys.
   */
  public CompletionStage<KeyTarget> target(Caller caller, String reference) {
    KeyReference ref = KeyReference.parse(reference);
    if (ref instanceof KeyReference.KeyArn arn
        && !arn.accountId().equals(caller.accountId())
        && arns.isLocal(arn.partition(), arn.region())) {
      return CompletableFuture.completedFuture(
          new KeyTarget(arn.accountId(), canonical(arn.keyId())));
    }
    return keyId(caller, reference).thenApply(id -> new KeyTarget(caller.accountId(), id));
  }

  /** A key and the account that owns it. */
  public record KeyTarget(String accountId, String keyId) {}

  public CompletionStage<String> keyId(Caller caller, String reference) {
    KeyReference ref = KeyReference.parse(reference);
    if (ref instanceof KeyReference.AliasName name) {
      return resolveAlias(caller, name.aliasName());
    }
    if (ref instanceof KeyReference.AliasArn arn) {
      if (!names(caller, arn.accountId(), arn.partition(), arn.region())) {
        throw KmsException.notFound("Alias " + reference + " is not found.");
      }
      return resolveAlias(caller, arn.aliasName());
    }
    return CompletableFuture.completedFuture(keyIdOf(caller, ref, reference, "KeyId"));
  }

  /**
   * Like {@link #target} but refuses aliases, for members that must name a key itself (the grant
   * operations): a key ARN of another account in this zone names that account's key.
   */
  public KeyTarget targetOnly(Caller caller, String reference, String member) {
    KeyReference ref = KeyReference.parse(reference);
    if (ref instanceof KeyReference.KeyArn arn
        && !arn.accountId().equals(caller.accountId())
        && arns.isLocal(arn.partition(), arn.region())) {
      return new KeyTarget(arn.accountId(), canonical(arn.keyId()));
    }
    return new KeyTarget(caller.accountId(), keyIdOf(caller, ref, reference, member));
  }

  /** Like {@link #keyId} but refuses aliases, for members that must name a key itself. */
  public String keyIdOnly(Caller caller, String reference, String member) {
    return keyIdOf(caller, KeyReference.parse(reference), reference, member);
  }

  private String keyIdOf(Caller caller, KeyReference ref, String reference, String member) {
    if (ref instanceof KeyReference.KeyId id) {
      return canonical(id.keyId());
    }
    if (ref instanceof KeyReference.KeyArn arn) {
      if (!names(caller, arn.accountId(), arn.partition(), arn.region())) {
        throw KmsException.keyNotFound(reference);
      }
      return canonical(arn.keyId());
    }
    throw KmsException.validation(
        member + " must be a key id or key ARN, not an alias: got '" + reference + "'");
  }

  /** Whether an ARN names something of the caller's account in this node's zone and partition. */
  private boolean names(Caller caller, String accountId, String partition, String region) {
    return accountId.equals(caller.accountId()) && arns.isLocal(partition, region);
  }

  private CompletionStage<String> resolveAlias(Caller caller, String aliasName) {
    return directories
        .ask(
            caller.accountId(),
            replyTo -> new DirectoryCommand.ResolveAlias(aliasName, replyTo),
            DirectoryReply.Resolved.class)
        .thenApply(DirectoryReply.Resolved::keyId);
  }

  private static String canonical(String keyId) {
    return keyId.toLowerCase(Locale.ROOT);
  }
}
