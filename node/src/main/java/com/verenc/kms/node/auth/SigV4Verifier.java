package com.verenc.kms.node.auth;

import com.verenc.kms.protocol.ErrorCode;
import com.verenc.kms.protocol.KmsException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Supplier;

/**
 * Verifies AWS Signature Version 4 on a request exactly as AWS services do, and names the account
 * of the access key that signed it. Every refusal is the AWS error for it.
 */
public final class SigV4Verifier {
  private static final String ALGORITHM = "AWS4-HMAC-SHA256";
  private static final Duration MAX_SKEW = Duration.ofMinutes(15);
  private static final DateTimeFormatter AMZ_DATE =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");

  private final Supplier<Identities> identities;
  private final String region;
  private final String service;
  private final Clock clock;
  private final SigningKeys signingKeys = new SigningKeys();

  /** A verifier of the fixed set of accounts. */
  public SigV4Verifier(List<Account> accounts, String region, String service, Clock clock) {
    this(fixed(Identities.of(accounts)), region, service, clock);
  }

  private static Supplier<Identities> fixed(Identities identities) {
    return () -> identities;
  }

  /**
   * @param identities the credentials as they are now: each request reads the current snapshot, so
   *     a reloaded file applies from the next request on
   */
  public SigV4Verifier(
      Supplier<Identities> identities, String region, String service, Clock clock) {
    this.identities = identities;
    this.region = region;
    this.service = service;
    this.clock = clock;
  }

  public Caller verify(SignedRequest request) {
    String authorization = request.header("authorization").orElse("").trim();
    if (authorization.isEmpty()) {
      throw new KmsException(
          ErrorCode.MISSING_AUTHENTICATION_TOKEN,
          "Missing Authentication Token: sign the request with AWS Signature Version 4 (service "
              + service
              + ").");
    }
    if (!authorization.startsWith(ALGORITHM)) {
      throw incomplete("Only AWS4-HMAC-SHA256 signatures are accepted.");
    }
    AuthorizationHeader auth = AuthorizationHeader.parse(authorization);
    if (auth == null) {
      throw incomplete(
          "Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' in the form "
              + "'AWS4-HMAC-SHA256 Credential=<access key>/<yyyymmdd>/<region>/<service>/aws4_request, "
              + "SignedHeaders=<h1;h2>, Signature=<hex>'.");
    }
    String[] credential = AuthorizationHeader.credentialScope(auth.credential());
    if (credential == null) {
      throw incomplete(
          "Credential must be <access key>/<yyyymmdd>/<region>/<service>/aws4_request, got '"
              + auth.credential()
              + "'.");
    }
    String accessKeyId = credential[0];
    String scopeDate = credential[1];
    String scopeRegion = credential[2];
    String scopeService = credential[3];
    List<String> signedHeaders = Arrays.asList(auth.signedHeaders().split(";"));

    Identities.AccessKey key = identities.get().accessKey(accessKeyId);
    if (key == null) {
      throw new KmsException(
          ErrorCode.UNRECOGNIZED_CLIENT,
          "The security token included in the request is invalid: access key "
              + accessKeyId
              + " is unknown.");
    }
    if (request.header("x-amz-security-token").isPresent()) {
      throw new KmsException(
          ErrorCode.UNRECOGNIZED_CLIENT,
          "The security token included in the request is invalid: temporary credentials (X-Amz-Security-Token) "
              + "are not accepted by this KMS; sign with a long-term access key.");
    }
    if (!scopeService.equals(service)) {
      throw invalid(
          "Credential should be scoped to correct service: '"
              + service
              + "', not '"
              + scopeService
              + "'.");
    }
    if (!scopeRegion.equals(region)) {
      throw invalid(
          "Credential should be scoped to a valid region: this endpoint serves '"
              + region
              + "', not '"
              + scopeRegion
              + "'.");
    }
    // Headers that choose what the request does must be covered by the signature, or a
    // captured request could be replayed as another operation.
    for (String required : List.of("host", "x-amz-target", "content-type")) {
      if (request.headers().containsKey(required) && !signedHeaders.contains(required)) {
        throw invalid("The " + required + " header must be signed (add it to SignedHeaders).");
      }
    }
    if (!signedHeaders.contains("host")) {
      throw invalid("The host header must be signed (SignedHeaders must include host).");
    }
    for (String name : signedHeaders) {
      if (!request.headers().containsKey(name)) {
        throw invalid("Signed header '" + name + "' is missing from the request.");
      }
    }
    String amzDate =
        request
            .header("x-amz-date")
            .orElseThrow(
                () ->
                    incomplete(
                        "The request must carry an X-Amz-Date header (yyyyMMdd'T'HHmmss'Z')."))
            .trim();
    if (!signedHeaders.contains("x-amz-date")) {
      throw invalid("The x-amz-date header must be signed.");
    }
    Instant signedAt = parseAmzDate(amzDate);
    Instant now = clock.instant();
    if (Duration.between(signedAt, now).abs().compareTo(MAX_SKEW) > 0) {
      throw invalid(
          "Signature expired: "
              + amzDate
              + " is more than 15 minutes from the server time "
              + AMZ_DATE.format(now.atOffset(ZoneOffset.UTC))
              + ". Check the client clock.");
    }
    if (!amzDate.startsWith(scopeDate)) {
      throw invalid(
          "Credential date " + scopeDate + " does not match the X-Amz-Date " + amzDate + ".");
    }

    String payloadHash = hex(sha256(request.body()));
    String canonical = CanonicalRequest.of(request, signedHeaders, payloadHash);
    String scope = scopeDate + "/" + scopeRegion + "/" + scopeService + "/aws4_request";
    String stringToSign =
        ALGORITHM
            + "\n"
            + amzDate
            + "\n"
            + scope
            + "\n"
            + hex(sha256(canonical.getBytes(StandardCharsets.UTF_8)));
    byte[] signingKey = signingKeys.forScope(key.secret(), scopeDate, scopeRegion, scopeService);
    byte[] expected = SigningKeys.hmac(signingKey, stringToSign);
    byte[] given = HexFormat.of().parseHex(auth.signature());
    if (!MessageDigest.isEqual(expected, given)) {
      throw invalid(
          "The request signature we calculated does not match the signature you provided. Check your "
              + "secret access key and signing method, and that the request was not changed after signing.");
    }
    return new Caller(key.principal(), accessKeyId, RequestOrigin.UNKNOWN);
  }

  private static Instant parseAmzDate(String amzDate) {
    Instant fast = AuthorizationHeader.amzDate(amzDate);
    if (fast != null) {
      return fast;
    }
    try {
      return LocalDateTime.parse(amzDate, AMZ_DATE).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      throw incomplete("X-Amz-Date must be yyyyMMdd'T'HHmmss'Z', got '" + amzDate + "'.");
    }
  }

  private static byte[] sha256(byte[] data) {
    return SHA256.get().digest(data);
  }

  // MessageDigest.getInstance walks the provider list on every call; one digest per thread avoids
  // it.
  private static final ThreadLocal<MessageDigest> SHA256 =
      ThreadLocal.withInitial(
          () -> {
            try {
              return MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
              throw new IllegalStateException("SHA-256 is not available in this JVM", e);
            }
          });

  private static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }

  private static KmsException incomplete(String message) {
    return new KmsException(ErrorCode.INCOMPLETE_SIGNATURE, message);
  }

  private static KmsException invalid(String message) {
    return new KmsException(ErrorCode.INVALID_SIGNATURE, message);
  }
}
