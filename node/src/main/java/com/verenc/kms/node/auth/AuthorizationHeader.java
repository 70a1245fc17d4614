package com.verenc.kms.node.auth;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The parts of a SigV4 Authorization header, and its X-Amz-Date. Headers in the exact form the AWS
 * SDKs send are cut apart by hand, every other one goes through the grammar's regular expression:
 * both accept the same headers, the fast path only spares the regex engine.
 */
record AuthorizationHeader(String credential, String signedHeaders, String signature) {
  private static final String PREFIX = "AWS4-HMAC-SHA256 Credential=";
  private static final String SIGNED_HEADERS = ", SignedHeaders=";
  private static final String SIGNATURE = ", Signature=";
  private static final Pattern GRAMMAR =
      Pattern.compile(
          "^AWS4-HMAC-SHA256\\s+Credential=([^,\\s]+)\\s*,\\s*SignedHeaders=([^,\\s]+)\\s*,\\s*Signature=((?:[0-9a-fA-F]{2})+)\\s*$");

  /**
   * The header's parts (signature in lower case), or null when it is not a SigV4 Authorization
   * header.
   */
  static AuthorizationHeader parse(String header) {
    AuthorizationHeader fast = parseSdkForm(header);
    if (fast != null) {
      return fast;
    }
    Matcher m = GRAMMAR.matcher(header);
    return m.matches()
        ? new AuthorizationHeader(m.group(1), m.group(2), m.group(3).toLowerCase())
        : null;
  }

  private static AuthorizationHeader parseSdkForm(String header) {
    if (!header.startsWith(PREFIX)) {
      return null;
    }
    int signedAt = header.indexOf(SIGNED_HEADERS, PREFIX.length());
    if (signedAt < 0) {
      return null;
    }
    int signatureAt = header.indexOf(SIGNATURE, signedAt + SIGNED_HEADERS.length());
    if (signatureAt < 0) {
      return null;
    }
    String credential = header.substring(PREFIX.length(), signedAt);
    String signedHeaders = header.substring(signedAt + SIGNED_HEADERS.length(), signatureAt);
    String signature = header.substring(signatureAt + SIGNATURE.length());
    if (!isToken(credential) || !isToken(signedHeaders) || !isEvenHex(signature)) {
      return null;
    }
    return new AuthorizationHeader(credential, signedHeaders, signature.toLowerCase());
  }

  /** Non-empty, without commas or whitespace: what {@code [^,\s]+} matches. */
  private static boolean isToken(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == ',' || c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r') {
        return false;
      }
    }
    return true;
  }

  private static boolean isEvenHex(String s) {
    if (s.isEmpty() || s.length() % 2 != 0) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (Character.digit(s.charAt(i), 16) < 0 || s.charAt(i) > 'f') {
        return false;
      }
    }
    return true;
  }

  /**
   * The credential's access key, date (8 digits), region and service, or null unless it is {@code
   * <access key>/<yyyymmdd>/<region>/<service>/aws4_request}.
   */
  static String[] credentialScope(String credential) {
    String[] parts = credential.split("/", -1);
    if (parts.length != 5 || !parts[4].equals("aws4_request") || parts[1].length() != 8) {
      return null;
    }
    for (int i = 0; i < 4; i++) {
      if (parts[i].isEmpty()) {
        return null;
      }
    }
    for (int i = 0; i < 8; i++) {
      if (!isAsciiDigit(parts[1].charAt(i))) {
        return null;
      }
    }
    return new String[] {parts[0], parts[1], parts[2], parts[3]};
  }

  /**
   * A valid {@code yyyyMMdd'T'HHmmss'Z'} date read by hand, or null so the caller can use the
   * (slower) formatter, which decides on anything unusual and words the error.
   */
  static Instant amzDate(String s) {
    if (s.length() != 16 || s.charAt(8) != 'T' || s.charAt(15) != 'Z') {
      return null;
    }
    for (int i = 0; i < 15; i++) {
      if (i != 8 && !isAsciiDigit(s.charAt(i))) {
        return null;
      }
    }
    try {
      return LocalDateTime.of(
              digits(s, 0, 4),
              digits(s, 4, 6),
              digits(s, 6, 8),
              digits(s, 9, 11),
              digits(s, 11, 13),
              digits(s, 13, 15))
          .toInstant(ZoneOffset.UTC);
    } catch (DateTimeException e) {
      return null;
    }
  }

  private static int digits(String s, int from, int to) {
    int n = 0;
    for (int i = from; i < to; i++) {
      n = n * 10 + (s.charAt(i) - '0');
    }
    return n;
  }

  private static boolean isAsciiDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
