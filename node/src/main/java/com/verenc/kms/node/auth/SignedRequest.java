package com.verenc.kms.node.auth;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The parts of an HTTP request that SigV4 signs, as received: the raw (still encoded) path and
 * query, headers by lower-case name (each with all its values in order), and the body.
 */
public record SignedRequest(
    String method,
    String rawPath,
    String rawQuery,
    Map<String, List<String>> headers,
    byte[] body) {

  public Optional<String> header(String lowerCaseName) {
    List<String> values = headers.get(lowerCaseName);
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }
}
