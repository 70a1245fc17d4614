package com.verenc.kms.protocol;

import java.util.Optional;

/**
 * The TrentService error names, their spelling in each dialect and the HTTP status they travel
 * with.
 */
public enum ErrorCode {
  NOT_FOUND("NotFoundException", "KMSNotFoundException", 400),
  DISABLED("DisabledException"),
  INVALID_STATE("KMSInvalidStateException"),
  INVALID_CIPHERTEXT("InvalidCiphertextException"),
  VALIDATION("ValidationException"),
  ALREADY_EXISTS("AlreadyExistsException"),
  UNSUPPORTED_OPERATION("UnsupportedOperationException"),
  LIMIT_EXCEEDED("LimitExceededException"),
  // A per-account request quota; the AWS SDKs retry it with back-off.
  THROTTLING("ThrottlingException"),
  INVALID_KEY_USAGE("InvalidKeyUsageException"),
  TAG("TagException"),
  MALFORMED_POLICY("MalformedPolicyDocumentException"),
  INVALID_MARKER("InvalidMarkerException"),
  INVALID_ALIAS_NAME("InvalidAliasNameException"),
  INVALID_ARN("InvalidArnException"),
  INCORRECT_KEY("IncorrectKeyException"),
  SERIALIZATION("SerializationException"),
  UNKNOWN_OPERATION("UnknownOperationException"),
  ACCESS_DENIED("AccessDeniedException"),
  NOT_AUTHORIZED("NotAuthorizedException"),
  MISSING_AUTHENTICATION_TOKEN("MissingAuthenticationTokenException"),
  INCOMPLETE_SIGNATURE("IncompleteSignatureException"),
  INVALID_SIGNATURE("InvalidSignatureException"),
  UNRECOGNIZED_CLIENT("UnrecognizedClientException"),
  REQUEST_TOO_LARGE("RequestEntityTooLargeException"),
  // Only for a request head that did not arrive in time: the connection closes after this answer.
  REQUEST_TIMEOUT("RequestTimeoutException", "RequestTimeoutException", 408),
  DRY_RUN_OPERATION("DryRunOperationException"),
  // Verify: the signature does not match (not INVALID_SIGNATURE, which is about SigV4).
  KMS_INVALID_SIGNATURE("KMSInvalidSignatureException"),
  // VerifyMac: the MAC does not match.
  INVALID_MAC("KMSInvalidMacException"),
  // ImportKeyMaterial: not the material previously imported into this key.
  INCORRECT_KEY_MATERIAL("IncorrectKeyMaterialException"),
  // ImportKeyMaterial: the import token's ParametersValidTo has passed.
  EXPIRED_IMPORT_TOKEN("ExpiredImportTokenException"),
  // ImportKeyMaterial: the import token is not from GetParametersForImport for this key.
  INVALID_IMPORT_TOKEN("InvalidImportTokenException"),
  // A grant token this installation did not issue, or issued in another zone.
  INVALID_GRANT_TOKEN("InvalidGrantTokenException"),
  // A GrantId that cannot name a grant (RetireGrant, RevokeGrant, ListGrants).
  INVALID_GRANT_ID("InvalidGrantIdException"),
  // A server fault in the AWS model, like DependencyTimeoutException.
  KEY_UNAVAILABLE("KeyUnavailableException", "KeyUnavailableException", 500),
  // A server fault in the AWS model (the client may retry it), so 500 like KMSInternalException.
  DEPENDENCY_TIMEOUT("DependencyTimeoutException", "DependencyTimeoutException", 500),
  // Real AWS KMS answers 500 only for its own internal faults.
  INTERNAL("KMSInternalException", "KMSInternalException", 500);

  private final String awsName;
  private final String seedName;
  private final int httpStatus;

  // AWS answers 400 for every client error, NotFound and InvalidState included.
  ErrorCode(String name) {
    this(name, name, 400);
  }

  ErrorCode(String awsName, String seedName, int httpStatus) {
    this.awsName = awsName;
    this.seedName = seedName;
    this.httpStatus = httpStatus;
  }

  public String awsName() {
    return awsName;
  }

  public String seedName() {
    return seedName;
  }

  public int httpStatus() {
    return httpStatus;
  }

  /** The {@code __type} this error carries in the given dialect. */
  public String wireName(Dialect dialect) {
    return dialect == Dialect.SEED ? seedName : awsName;
  }

  /**
   * Finds the error for a {@code __type} in either spelling. Also accepts the namespaced forms some
   * services send ({@code com.amazonaws.kms#NotFoundException}, {@code Name:http://...}).
   */
  public static Optional<ErrorCode> fromWireName(String name) {
    if (name == null) {
      return Optional.empty();
    }
    String bare = name;
    int hash = bare.lastIndexOf('#');
    if (hash >= 0) {
      bare = bare.substring(hash + 1);
    }
    int colon = bare.indexOf(':');
    if (colon >= 0) {
      bare = bare.substring(0, colon);
    }
    for (ErrorCode code : values()) {
      if (code.awsName.equals(bare) || code.seedName.equals(bare)) {
        return Optional.of(code);
      }
    }
    return Optional.empty();
  }
}
