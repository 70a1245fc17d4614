package com.verenc.kms.node.key;

import com.verenc.kms.node.auth.AccessDecision;
import com.verenc.kms.node.auth.Principal;
import com.verenc.kms.protocol.Arns;
import com.verenc.kms.protocol.ErrorCode;
import com.verenc.kms.protocol.KmsException;

/** The refusals of one zone's key entities, each naming the key as the caller knows it. */
final class Rejections {
  private final Arns arns;
  private final String zone;

  Rejections(Arns arns, String zone) {
    this.arns = arns;
    this.zone = zone;
  }

  String arn(KeyRecord key) {
    return arns.key(key.accountId(), key.keyId());
  }

  /** Names the key as the caller would, so another account learns nothing. */
  Rejection notFound(KeyMessage command, String keyId) {
    String name =
        command instanceof KeyCommand.FromCaller<?> call
            ? arns.key(call.accountId(), keyId)
            : keyId;
    return new Rejection(ErrorCode.NOT_FOUND, KmsException.keyNotFound(name).getMessage());
  }

  Rejection disabled(KeyRecord key) {
    return new Rejection(ErrorCode.DISABLED, arn(key) + " is disabled.");
  }

  Rejection pendingDeletion(KeyRecord key) {
    return new Rejection(ErrorCode.INVALID_STATE, arn(key) + " is pending deletion.");
  }

  /** AWS sends no detail: which part of a ciphertext failed would help an attacker. */
  Rejection invalidCiphertext() {
    return new Rejection(ErrorCode.INVALID_CIPHERTEXT, null);
  }

  Rejection platformManaged(KeyRecord key) {
    return new Rejection(
        ErrorCode.UNSUPPORTED_OPERATION,
        arn(key)
            + " is the Default Organization Key, managed by "
            + "the platform: it is always enabled, rotated yearly by the platform, present in every zone and never "
            + "deleted, and its policy and tags cannot be changed. Use a key you create for anything else.");
  }

  Rejection onlyOnPrimary(KeyRecord key, String what) {
    return new Rejection(
        ErrorCode.UNSUPPORTED_OPERATION,
        what
            + " of a multi-zone key is managed on its primary key, "
            + "in zone "
            + key.replication().primaryZone()
            + "; "
            + arn(key)
            + " in "
            + zone
            + " is a replica.");
  }

  Rejection accessDenied(
      KeyRecord key, Principal principal, String action, AccessDecision decision) {
    return new Rejection(ErrorCode.ACCESS_DENIED, decision.message(principal, action, arn(key)));
  }

  Rejection lockout() {
    return new Rejection(
        ErrorCode.MALFORMED_POLICY,
        "The new key policy will not allow you to update the key policy "
            + "in the future. Allow kms:PutKeyPolicy for your account, or set BypassPolicyLockoutSafetyCheck.");
  }

  Rejection databaseUnavailable() {
    return new Rejection(
        ErrorCode.DEPENDENCY_TIMEOUT,
        "The zone's database is not available; retry the request later.");
  }

  /** Messages of crypto failures never carry key bytes; the caller gets no detail anyway. */
  Rejection cryptoFailure() {
    return new Rejection(
        ErrorCode.INTERNAL,
        "The key could not be used for this request; the failure has been logged.");
  }
}
