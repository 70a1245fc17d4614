package com.verenc.kms.node.grant;

import com.verenc.kms.protocol.ErrorCode;
import com.verenc.kms.protocol.KmsException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The principals a grant may name: an account root ({@code arn:aws:iam::ACCOUNT:root}) or a user or
 * role, written as the node writes a principal's ARN, of any account: a key's owner may grant to a
 * principal of another account, as AWS's owners commonly do.
 */
public final class PrincipalArns {
  private static final Pattern ARN =
      Pattern.compile("arn:aws:iam::(\\d{12}):(?:(root)|(user|role)/([\\w+=,.@-]+))");

  private PrincipalArns() {}

  /**
   * The principal's ARN, checked, whatever its account.
   *
   * @param member the request member, for the message (GranteePrincipal, RetiringPrincipal)
   * @throws KmsException InvalidArnException when it is not the ARN of a principal
   */
  public static String require(String arn, String member) {
    matched(arn, member);
    return arn;
  }

  /**
   * The principal's ARN, checked to be of {@code accountId}: ListRetirableGrants lists the grants
   * of the caller's own principals only, as AWS does.
   *
   * @throws KmsException InvalidArnException when it is not a principal of {@code accountId}
   */
  public static String requireOwn(String arn, String accountId, String member) {
    Matcher m = matched(arn, member);
    if (!m.group(1).equals(accountId)) {
      throw new KmsException(
          ErrorCode.INVALID_ARN,
          member
              + " '"
              + arn
              + "' names account "
              + m.group(1)
              + ": give a principal of your own account ("
              + accountId
              + ").");
    }
    return arn;
  }

  private static Matcher matched(String arn, String member) {
    Matcher m = ARN.matcher(arn);
    if (!m.matches()) {
      throw new KmsException(
          ErrorCode.INVALID_ARN,
          member
              + " '"
              + arn
              + "' is not the ARN of a principal: give arn:aws:iam::ACCOUNT:root, "
              + "arn:aws:iam::ACCOUNT:user/NAME or arn:aws:iam::ACCOUNT:role/NAME.");
    }
    return m;
  }
}
