package com.verenc.kms.node.grant;

import com.verenc.kms.protocol.ErrorCode;
import com.verenc.kms.protocol.KmsException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The principals a grant may name: an account root ({@code arn:aws:iam::ACCOUNT:root}) or a user or
 * role of the caller's own account, written as the node writes a principal's ARN. Nothing here
 * crosses accounts, so principals of other accounts are refused.
 */
public final class PrincipalArns {
  private static final Pattern ARN =
      Pattern.compile("arn:aws:iam::(\\d{12}):(?:(root)|(user|role)/([\\w+=,.@-]+))");

  private PrincipalArns() {}

  /**
   * The principal's ARN, checked.
   *
   * @param member the request member, for the message (GranteePrincipal, RetiringPrincipal)
   * @throws KmsException InvalidArnException when it is not a principal of {@code accountId}
   */
  public static String require(String arn, String accountId, String member) {
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
    if (!m.group(1).equals(accountId)) {
      throw new KmsException(
          ErrorCode.INVALID_ARN,
          member
              + " '"
              + arn
              + "' names account "
              + m.group(1)
              + ": grants name principals of the key's own account ("
              + accountId
              + ") only.");
    }
    return arn;
  }
}
