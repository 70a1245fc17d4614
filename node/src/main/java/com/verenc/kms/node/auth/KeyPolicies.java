package com.verenc.kms.node.auth;

import com.verenc.kms.protocol.ErrorCode;
import com.verenc.kms.protocol.KmsException;

/** The default key policy, and the check every stored policy passes. */
public final class KeyPolicies {
  public static final String DEFAULT_POLICY_NAME = "default";

  /** AWS's quota on a key policy document (the API model itself allows 131,072 characters). */
  public static final int MAX_POLICY_BYTES = 32 * 1024;

  private KeyPolicies() {}

  /** Gives the owning account full access, as the AWS default key policy does. */
  public static String defaultFor(String accountId) {
    return "{\"Version\":\"2012-10-17\",\"Id\":\"key-default-1\",\"Statement\":[{\"Sid\":\"Enable IAM User "
        + "Permissions\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::"
        + accountId
        + ":root\"},\"Action\":\"kms:*\",\"Resource\":\"*\"}]}";
  }

  /**
   * Checks a policy a caller of {@code accountId} sends for one of its keys.
   *
   * @throws com.verenc.kms.protocol.KmsException LimitExceededException beyond 32 KB,
   *     MalformedPolicyDocumentException naming the problem
   */
  public static void validate(String policy, String accountId) {
    int bytes = policy.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    if (bytes > MAX_POLICY_BYTES) {
      throw new KmsException(
          ErrorCode.LIMIT_EXCEEDED,
          "The key policy is "
              + bytes
              + " bytes; a key policy may "
              + "have at most "
              + MAX_POLICY_BYTES
              + " bytes (32 KB).");
    }
    KeyPolicy.parse(policy, accountId);
  }
}
