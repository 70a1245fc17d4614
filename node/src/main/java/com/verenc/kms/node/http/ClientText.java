package com.verenc.kms.node.http;

/** Caller-supplied text quoted back in an error message: printable ASCII only, and bounded. */
final class ClientText {
  private ClientText() {}

  static String printable(String text, int maxChars) {
    String clean = text.replaceAll("[^\\x20-\\x7e]", "?");
    return clean.length() > maxChars ? clean.substring(0, maxChars) + "..." : clean;
  }
}
