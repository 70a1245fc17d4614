package com.verenc.kms.protocol;

/**
 * Checks that a JSON request body is well-formed UTF-8 (RFC 3629) before it is parsed: no overlong
 * forms, no encoded surrogates, nothing above U+10FFFF, no stray or truncated bytes. JSON parsers
 * decode some of these leniently (an overlong {@code C0 AF} became {@code /}), so an alias or an
 * encryption context could otherwise mean other than what the caller's bytes say.
 */
final class StrictUtf8 {

  private StrictUtf8() {}

  /**
   * @throws KmsException {@code SerializationException} naming the first problem and its byte
   *     offset
   */
  static void check(byte[] body) {
    int i = 0;
    int n = body.length;
    while (i < n) {
      int b = body[i];
      if (b >= 0) {
        i++;
        continue;
      }
      int lead = b & 0xFF;
      if (lead < 0xC2 || lead > 0xF4) {
        throw invalid(
            lead == 0xC0 || lead == 0xC1
                ? "an overlong encoding"
                : lead < 0xC0
                    ? "a continuation byte without a lead byte"
                    : "a byte that never occurs in UTF-8",
            i);
      }
      int length = lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
      if (i + length > n) {
        throw invalid("a truncated character", i);
      }
      int second = body[i + 1] & 0xFF;
      // The second byte's range rules out overlong forms, surrogates and code points past U+10FFFF.
      int min = lead == 0xE0 ? 0xA0 : lead == 0xF0 ? 0x90 : 0x80;
      int max = lead == 0xED ? 0x9F : lead == 0xF4 ? 0x8F : 0xBF;
      if (second < min || second > max) {
        throw invalid(
            second < 0x80 || second > 0xBF
                ? "a truncated character"
                : lead == 0xED
                    ? "an encoded surrogate (U+D800 to U+DFFF)"
                    : lead == 0xF4 ? "a code point above U+10FFFF" : "an overlong encoding",
            i);
      }
      for (int k = 2; k < length; k++) {
        if ((body[i + k] & 0xC0) != 0x80) {
          throw invalid("a truncated character", i);
        }
      }
      i += length;
    }
  }

  private static KmsException invalid(String what, int offset) {
    return new KmsException(
        ErrorCode.SERIALIZATION,
        "The request body is not valid UTF-8: "
            + what
            + " at byte "
            + offset
            + ". Encode the JSON body as UTF-8 (RFC 3629).");
  }
}
