package com.verenc.kms.node.auth;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Builds the SigV4 canonical request of a received request, exactly as the signer did. */
final class CanonicalRequest {
  private CanonicalRequest() {}

  static String of(SignedRequest request, List<String> signedHeaders, String payloadHash) {
    StringBuilder out = new StringBuilder();
    out.append(request.method()).append('\n');
    out.append(canonicalUri(request.rawPath())).append('\n');
    out.append(canonicalQuery(request.rawQuery())).append('\n');
    for (String name : signedHeaders) {
      out.append(name)
          .append(':')
          .append(canonicalHeaderValue(request.headers().get(name)))
          .append('\n');
    }
    out.append('\n');
    out.append(String.join(";", signedHeaders)).append('\n');
    out.append(payloadHash);
    return out.toString();
  }

  /** Each path segment decoded once, then encoded with the SigV4 (RFC 3986) rules. */
  static String canonicalUri(String rawPath) {
    if (rawPath == null || rawPath.isEmpty() || rawPath.equals("/")) {
      return "/";
    }
    String[] segments = rawPath.split("/", -1);
    List<String> encoded = new ArrayList<>();
    for (String segment : segments) {
      encoded.add(uriEncode(percentDecode(segment)));
    }
    return String.join("/", encoded);
  }

  static String canonicalQuery(String rawQuery) {
    if (rawQuery == null || rawQuery.isEmpty()) {
      return "";
    }
    List<String[]> pairs = new ArrayList<>();
    for (String part : rawQuery.split("&")) {
      if (part.isEmpty()) {
        continue;
      }
      int eq = part.indexOf('=');
      String name = eq < 0 ? part : part.substring(0, eq);
      String value = eq < 0 ? "" : part.substring(eq + 1);
      pairs.add(new String[] {uriEncode(percentDecode(name)), uriEncode(percentDecode(value))});
    }
    pairs.sort(Comparator.<String[], String>comparing(p -> p[0]).thenComparing(p -> p[1]));
    List<String> joined = new ArrayList<>();
    for (String[] p : pairs) {
      joined.add(p[0] + "=" + p[1]);
    }
    return String.join("&", joined);
  }

  /** Values trimmed, inner runs of spaces collapsed, repeated headers joined with commas. */
  static String canonicalHeaderValue(List<String> values) {
    if (values == null) {
      return "";
    }
    if (values.size() == 1) {
      return collapseSpaces(values.get(0).trim());
    }
    List<String> cleaned = new ArrayList<>();
    for (String v : values) {
      cleaned.add(collapseSpaces(v.trim()));
    }
    return String.join(",", cleaned);
  }

  private static String collapseSpaces(String value) {
    return value.contains("  ") ? value.replaceAll(" +", " ") : value;
  }

  static String uriEncode(String value) {
    StringBuilder out = new StringBuilder();
    for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if ((c >= 'A' && c <= 'Z')
          || (c >= 'a' && c <= 'z')
          || (c >= '0' && c <= '9')
          || c == '-'
          || c == '_'
          || c == '.'
          || c == '~') {
        out.append(c);
      } else {
        out.append('%').append(String.format("%02X", b & 0xff));
      }
    }
    return out.toString();
  }

  /** Percent-decoding only ('+' stays '+', unlike form decoding). */
  static String percentDecode(String value) {
    if (value.indexOf('%') < 0) {
      return value;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int i = 0;
    while (i < value.length()) {
      char c = value.charAt(i);
      if (c == '%'
          && i + 2 < value.length()
          && isHex(value.charAt(i + 1))
          && isHex(value.charAt(i + 2))) {
        bytes.write(Integer.parseInt(value.substring(i + 1, i + 3), 16));
        i += 3;
      } else {
        int codePoint = value.codePointAt(i);
        byte[] raw = new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8);
        bytes.write(raw, 0, raw.length);
        i += Character.charCount(codePoint);
      }
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private static boolean isHex(char c) {
    return Character.digit(c, 16) >= 0;
  }
}
