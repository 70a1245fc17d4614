package com.verenc.kms.node.auth;

/** The default key policy, and the check every stored policy passes. */
public final class KeyPolicies {
  public static final String DEFAULT_POLICY_NAME = "default";

  private KeyPolicies() {}

  /** Gives the owning account full access, as the AWS default key policy does. */
  public static String defaultFor(String accountId) {
    return "{\"Version\":\"2012-10-17\",\"Id\":\"key-default-1\",\"Statement\":[{\"Sid\":\"Enable IAM User "
        + "Permissions\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::" + accountId
        + ":root\"},\"Action\":\"kms:*\",\"Resource\":\"*\"}]}";
  }

  /**
   * Checks a policy a caller of {@code accountId} sends for one of its keys.
   *
   * @throws com.verenc.kms.protocol.KmsException MalformedPolicyDocumentException naming the
   *     problem
   */
  public static void validate(String policy, String accountId) {
    KeyPolicy.parse(policy, accountId);
  }
}
