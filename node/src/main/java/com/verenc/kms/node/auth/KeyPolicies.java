package com.verenc.kms.node.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.verenc.kms.protocol.ErrorCode;
import com.verenc.kms.protocol.KmsException;
import java.io.IOException;

/**
 * Key policy documents: the default one a key gets when none is given, and the structural
 * check every stored policy passes. (Evaluation against requests is issue 3.)
 */
public final class KeyPolicies {
  public static final String DEFAULT_POLICY_NAME = "default";
  private static final ObjectMapper JSON = new ObjectMapper();

  private KeyPolicies() {}

  /** Gives the owning account full access, as the AWS default key policy does. */
  public static String defaultFor(String accountId) {
    return "{\"Version\":\"2012-10-17\",\"Id\":\"key-default-1\",\"Statement\":[{\"Sid\":\"Enable IAM User "
        + "Permissions\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::" + accountId
        + ":root\"},\"Action\":\"kms:*\",\"Resource\":\"*\"}]}";
  }

  public static void validate(String policy) {
    JsonNode root;
    try {
      root = JSON.readTree(policy);
    } catch (IOException e) {
      throw malformed("the policy is not valid JSON");
    }
    if (root == null || !root.isObject()) {
      throw malformed("the policy must be a JSON object");
    }
    JsonNode statements = root.get("Statement");
    if (statements == null || (!statements.isArray() && !statements.isObject())
        || (statements.isArray() && statements.isEmpty())) {
      throw malformed("the policy must have a non-empty Statement");
    }
    for (JsonNode statement : statements.isArray() ? statements : JSON.createArrayNode().add(statements)) {
      String effect = statement.path("Effect").asText("");
      if (!effect.equals("Allow") && !effect.equals("Deny")) {
        throw malformed("every statement needs \"Effect\": \"Allow\" or \"Deny\"");
      }
      if (!statement.has("Action") && !statement.has("NotAction")) {
        throw malformed("every statement needs an Action");
      }
      if (!statement.has("Principal") && !statement.has("NotPrincipal")) {
        throw malformed("every statement in a key policy needs a Principal");
      }
    }
  }

  private static KmsException malformed(String why) {
    return new KmsException(ErrorCode.MALFORMED_POLICY, "The key policy is malformed: " + why + ".");
  }
}
