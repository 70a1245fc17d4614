package com.verenc.kms.node.http;

/** Caller-supplied text quoted back in an error message: printable ASCII only, and bounded. */
final class ClientText {
  private ClientText() {}

  static String printable(String text, int maxChars) {
    int length = Math.min(text.length(), maxChars);
    StringBuilder clean = new StringBuilder(length + 3);
    for (int i = 0; i < length; i++) {
      char c = text.charAt(i);
      clean.append(c >= 0x20 && c <= 0x7e ? c : '?');
    }
    return text.length() > maxChars ? clean.append("...").toString() : clean.toString();
  }
}
