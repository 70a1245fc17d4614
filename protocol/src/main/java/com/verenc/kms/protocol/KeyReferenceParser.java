package com.verenc.kms.protocol;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The grammar behind {@link KeyReference#parse}; kept out of the interface to keep its API small.
 */
final class KeyReferenceParser {

  static final Pattern KEY_ID =
      Pattern.compile(
          "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|mrk-[0-9a-f]{32}");
  // The model's alias pattern, with the alias/ prefix and a name after it.
  private static final String ALIAS = "alias/[a-zA-Z0-9:/_-]+";
  private static final Pattern ALIAS_NAME = Pattern.compile(ALIAS);
  private static final String RESOURCE =
      "(?:key/(?<key>" + KEY_ID.pattern() + ")|(?<alias>" + ALIAS + "))";
  private static final Pattern VERENC_ARN =
      Pattern.compile("arn:verenc:(?<account>\\d{12}):" + RESOURCE);
  private static final Pattern AWS_ARN =
      Pattern.compile(
          "arn:(?<partition>[a-z][a-z0-9-]*):kms:(?<region>[a-z0-9-]+):(?<account>\\d{12}):"
              + RESOURCE);

  private KeyReferenceParser() {}

  static KeyReference parse(String value) {
    if (value == null) {
      throw KmsException.validation(
          "1 validation error detected: Value null at 'keyId' failed to satisfy"
              + " constraint: Member must not be null");
    }
    if (value.isEmpty() || value.length() > KeyReference.MAX_LENGTH) {
      throw KmsException.validation(
          "1 validation error detected: Value at 'keyId' failed to satisfy"
              + " constraint: Member must have length "
              + (value.isEmpty()
                  ? "greater than or equal to 1"
                  : "less than or equal to " + KeyReference.MAX_LENGTH));
    }
    if (value.startsWith("arn:")) {
      return parseArn(value);
    }
    if (KEY_ID.matcher(value).matches()) {
      return new KeyReference.KeyId(value);
    }
    if (ALIAS_NAME.matcher(value).matches()) {
      return new KeyReference.AliasName(value);
    }
    throw KmsException.notFound(
        "Invalid keyId '"
            + value
            + "': expected a key id, a key ARN, an alias name"
            + " (alias/...) or an alias ARN");
  }

  private static KeyReference parseArn(String value) {
    Matcher m = VERENC_ARN.matcher(value);
    String partition = Arns.VERENC;
    String region = null;
    if (!m.matches()) {
      m = AWS_ARN.matcher(value);
      if (m.matches()) {
        partition = m.group("partition");
        region = m.group("region");
      }
    }
    if (!m.matches()) {
      throw new KmsException(
          ErrorCode.INVALID_ARN,
          "Invalid ARN '"
              + value
              + "': expected"
              + " arn:verenc:<12-digit account>:key/<key-id>, arn:verenc:<12-digit account>:alias/<name>,"
              + " or the AWS forms arn:aws:kms:<region>:<account>:key/<key-id> and ...:alias/<name>");
    }
    String account = m.group("account");
    return m.group("key") != null
        ? new KeyReference.KeyArn(partition, region, account, m.group("key"))
        : new KeyReference.AliasArn(partition, region, account, m.group("alias"));
  }
}
