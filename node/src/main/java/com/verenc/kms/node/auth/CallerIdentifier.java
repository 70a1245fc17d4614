package com.verenc.kms.node.auth;

import com.verenc.kms.protocol.ErrorCode;
import com.verenc.kms.protocol.KmsException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the account of a request from the access key named in its SigV4 Authorization header.
 * Signature verification is issue 3; until then this identifies, it does not authenticate.
 */
public final class CallerIdentifier {
  private static final Pattern CREDENTIAL = Pattern.compile(
      "^AWS4-HMAC-SHA256\\s+Credential=([^/,\\s]+)/(\\d{8})/([^/,\\s]+)/([^/,\\s]+)/aws4_request\\s*,.*$");

  private final Map<String, String> accountByAccessKey = new HashMap<>();

  public CallerIdentifier(List<Account> accounts) {
    for (Account account : accounts) {
      account.accessKeys().keySet().forEach(id -> accountByAccessKey.put(id, account.accountId()));
    }
  }

  public Caller identify(Optional<String> authorization) {
    if (authorization.isEmpty() || authorization.get().isBlank()) {
      throw new KmsException(ErrorCode.MISSING_AUTHENTICATION_TOKEN,
          "Missing Authentication Token: sign the request with AWS Signature Version 4 (service kms).");
    }
    Matcher m = CREDENTIAL.matcher(authorization.get().trim());
    if (!m.matches()) {
      throw new KmsException(ErrorCode.INCOMPLETE_SIGNATURE,
          "Authorization header must be 'AWS4-HMAC-SHA256 Credential=<access key>/<yyyymmdd>/<zone>/kms/"
              + "aws4_request, SignedHeaders=..., Signature=...'");
    }
    String accessKeyId = m.group(1);
    String account = accountByAccessKey.get(accessKeyId);
    if (account == null) {
      throw new KmsException(ErrorCode.UNRECOGNIZED_CLIENT,
          "The security token included in the request is invalid: access key " + accessKeyId + " is unknown.");
    }
    return new Caller(account, accessKeyId);
  }
}
