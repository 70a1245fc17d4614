package com.verenc.kms.node.key;

import com.verenc.kms.node.auth.GrantAllowance;
import com.verenc.kms.node.grant.Grant;
import com.verenc.kms.node.grant.GrantOperation;
import com.verenc.kms.node.grant.KeyGrants;
import com.verenc.kms.node.key.KeyCommand.CryptoCommand;
import com.verenc.kms.node.key.KeyCommand.FromCaller;
import java.util.Map;

/**
 * Which of the key's grants allows a caller's command: the operation it is (kms:Decrypt is Decrypt)
 * for the grantee, under the grant's constraint on the request's encryption context; CreateGrant
 * only of a grant that allows no more than the grantee's own; RetireGrant of the grant itself only,
 * to its retiring principal or to its grantee when it allows RetireGrant.
 */
final class GrantAllowances {
  private GrantAllowances() {}

  static GrantAllowance of(KeyRecord key, FromCaller<?> call, String principalArn) {
    KeyGrants grants = key.grants();
    if (grants.grants().isEmpty()) {
      return GrantAllowance.NONE;
    }
    if (call instanceof KeyCommand.RetireGrant retire) {
      // The grant being retired is the one that allows it.
      return () -> grants.retirableBy(retire.grantId(), principalArn) ? retire.grantId() : null;
    }
    if (call instanceof KeyCommand.CreateGrant create) {
      return () ->
          grants.allowingCreation(principalArn, create.spec()).map(Grant::grantId).orElse(null);
    }
    return GrantOperation.ofAction(call.action())
        .<GrantAllowance>map(
            op ->
                () ->
                    grants
                        .allowing(principalArn, op, context(call))
                        .map(Grant::grantId)
                        .orElse(null))
        .orElse(GrantAllowance.NONE);
  }

  private static Map<String, String> context(FromCaller<?> call) {
    Map<String, String> context =
        call instanceof CryptoCommand<?> crypto
            ? crypto.request().context()
            : call instanceof KeyCommand.Authorize dryRun ? dryRun.encryptionContext() : null;
    return context == null ? Map.of() : context;
  }
}
