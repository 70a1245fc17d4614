package com.verenc.kms.node.auth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The hand-cut Authorization and X-Amz-Date parsing accepts exactly what the SigV4 grammar does.
 */
class AuthorizationHeaderTest {
  private static final Pattern GRAMMAR =
      Pattern.compile(
          "^AWS4-HMAC-SHA256\\s+Credential=([^,\\s]+)\\s*,\\s*SignedHeaders=([^,\\s]+)\\s*,\\s*Signature=((?:[0-9a-fA-F]{2})+)\\s*$");
  private static final Pattern CREDENTIAL =
      Pattern.compile("^([^/]+)/(\\d{8})/([^/]+)/([^/]+)/aws4_request$");

  @Test
  void authorizationHeadersParseAsTheGrammarSays() {
    String sig = "fe5f80f77d5fa3beca038a248ff027d0445342fe2855ddc963176630326f1024";
    for (String header :
        List.of(
            "AWS4-HMAC-SHA256 Credential=test/20261129/ch-gva-2/kms/aws4_request, SignedHeaders=host;x-amz-date, Signature="
                + sig,
            "AWS4-HMAC-SHA256 Credential=test/20261129/ch-gva-2/kms/aws4_request, SignedHeaders=host, Signature="
                + sig.toUpperCase(),
            "AWS4-HMAC-SHA256  Credential=a/20261129/r/s/aws4_request ,SignedHeaders=host,Signature="
                + sig
                + "  ",
            "AWS4-HMAC-SHA256 Credential=a/20261129/r/s/aws4_request, SignedHeaders=host, Signature=abc",
            "AWS4-HMAC-SHA256 Credential=a/20261129/r/s/aws4_request, SignedHeaders=host, Signature=",
            "AWS4-HMAC-SHA256 Credential=a/20261129/r/s/aws4_request, SignedHeaders=, Signature=00",
            "AWS4-HMAC-SHA256 Credential=, SignedHeaders=host, Signature=00",
            "AWS4-HMAC-SHA256 Credential=a b, SignedHeaders=host, Signature=00",
            "AWS4-HMAC-SHA256 Credential=a, SignedHeaders=host, Signature=0g",
            "AWS4-HMAC-SHA256 Credential=a, SignedHeaders=host, Signature=00, Signature=00",
            "AWS4-HMAC-SHA256 Credential=a, SignedHeaders=h, SignedHeaders=host, Signature=00",
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request",
            "Basic dGVzdDp0ZXN0")) {
      Matcher m = GRAMMAR.matcher(header);
      AuthorizationHeader parsed = AuthorizationHeader.parse(header);
      if (!m.matches()) {
        assertNull(parsed, header);
      } else {
        assertEquals(
            new AuthorizationHeader(m.group(1), m.group(2), m.group(3).toLowerCase()),
            parsed,
            header);
      }
    }
  }

  @Test
  void credentialScopesParseAsTheGrammarSays() {
    for (String credential :
        List.of(
            "test/20261129/ch-gva-2/kms/aws4_request",
            "test/2026112/r/s/aws4_request",
            "test/2026112x/r/s/aws4_request",
            "/20261129/r/s/aws4_request",
            "a/20261129//s/aws4_request",
            "a/20261129/r/s/aws4_request/",
            "a/20261129/r/s/aws4_requests",
            "a/b/20261129/r/s/aws4_request")) {
      Matcher m = CREDENTIAL.matcher(credential);
      String[] parsed = AuthorizationHeader.credentialScope(credential);
      if (!m.matches()) {
        assertNull(parsed, credential);
      } else {
        assertArrayEquals(
            new String[] {m.group(1), m.group(2), m.group(3), m.group(4)}, parsed, credential);
      }
    }
  }

  @Test
  void validAmzDatesReadAsTheFormatterReadsThem() {
    DateTimeFormatter formatter = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");
    for (String date :
        List.of("20261129T171641Z", "20150830T123600Z", "20240229T235959Z", "00010101T000000Z")) {
      assertEquals(
          LocalDateTime.parse(date, formatter).toInstant(ZoneOffset.UTC),
          AuthorizationHeader.amzDate(date));
    }
  }

  @Test
  void unusualAmzDatesAreLeftToTheFormatter() {
    for (String date :
        List.of(
            "20150230T000000Z",
            "20261129T246000Z",
            "2026-11-29T17:16:41Z",
            "20261129T171641",
            "20261129t171641Z",
            "２0261129T171641Z")) {
      assertNull(AuthorizationHeader.amzDate(date), date);
    }
  }
}
