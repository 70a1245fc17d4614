package com.verenc.kms.protocol;

/**
 * How a request names a key: by key id, key ARN, alias name or alias ARN. Both our seed-form ARNs
 * ({@code arn:verenc:<account>:key/<id>}, partition {@link Arns#VERENC} and no region) and AWS ARNs
 * ({@code arn:<partition>:kms:<region>:<account>:key/<id>}) are accepted so that tools written for
 * AWS work unchanged; whether an ARN names this node's keys is {@link Arns#isLocal}'s to say. Alias
 * names always keep their {@code alias/} prefix, as on the wire.
 */
public sealed interface KeyReference
    permits KeyReference.KeyId, KeyReference.KeyArn, KeyReference.AliasName, KeyReference.AliasArn {

  /** A bare key id: a UUID, or {@code mrk-} and 32 hex digits for a multi-zone key. */
  record KeyId(String keyId) implements KeyReference {}

  /** A key ARN of the given partition, region (null in Verenc form) and account. */
  record KeyArn(String partition, String region, String accountId, String keyId)
      implements KeyReference {}

  /** An alias name such as {@code alias/payments}. */
  record AliasName(String aliasName) implements KeyReference {}

  /**
   * An alias ARN of the given partition, region (null in Verenc form) and account; {@code
   * aliasName} keeps its {@code alias/} prefix.
   */
  record AliasArn(String partition, String region, String accountId, String aliasName)
      implements KeyReference {}

  /** AWS limits every KeyId member to this many characters. */
  int MAX_LENGTH = 2048;

  /**
   * Reads a KeyId/TargetKeyId/SourceKeyId member.
   *
   * @throws KmsException {@code ValidationException} when null, empty or too long; {@code
   *     InvalidArnException} when it starts with {@code arn:} but is not a key or alias ARN; {@code
   *     NotFoundException} when it is neither a key id nor an alias name
   */
  static KeyReference parse(String value) {
    return KeyReferenceParser.parse(value);
  }

  /** Whether {@code value} has the form of a bare key id (UUID or {@code mrk-} id). */
  static boolean isKeyId(String value) {
    return value != null && KeyReferenceParser.KEY_ID.matcher(value).matches();
  }
}
