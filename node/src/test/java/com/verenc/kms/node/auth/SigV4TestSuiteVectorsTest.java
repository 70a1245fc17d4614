package com.verenc.kms.node.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.verenc.kms.protocol.ErrorCode;
import com.verenc.kms.protocol.KmsException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The verifier accepts the public AWS SigV4 test-suite requests, and refuses them altered. */
class SigV4TestSuiteVectorsTest {
  static final String ACCOUNT = "111122223333";
  static final Clock SUITE_TIME =
      Clock.fixed(Instant.parse("2015-08-30T12:36:00Z"), ZoneOffset.UTC);
  static final SigV4Verifier VERIFIER =
      new SigV4Verifier(
          List.of(
              new Account(
                  ACCOUNT, Map.of("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"))),
          "us-east-1",
          "service",
          SUITE_TIME);

  @ParameterizedTest
  @ValueSource(
      strings = {
        "get-vanilla",
        "get-vanilla-query-order-key-case",
        "get-utf8",
        "get-unreserved",
        "get-header-value-trim",
        "post-vanilla",
        "post-header-key-sort",
        "post-header-value-case"
      })
  void acceptsTheSuiteRequest(String name) throws IOException {
    Caller caller = VERIFIER.verify(load(name));
    assertEquals(ACCOUNT, caller.accountId());
    assertEquals("AKIDEXAMPLE", caller.accessKeyId());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "get-vanilla",
        "post-vanilla",
        "post-header-key-sort",
        "get-vanilla-query-order-key-case"
      })
  void refusesTheSuiteRequestWithABodyAddedAfterSigning(String name) throws IOException {
    SignedRequest r = load(name);
    SignedRequest changed =
        new SignedRequest(
            r.method(),
            r.rawPath(),
            r.rawQuery(),
            r.headers(),
            "{}".getBytes(StandardCharsets.UTF_8));
    KmsException e = assertThrows(KmsException.class, () -> VERIFIER.verify(changed));
    assertEquals(ErrorCode.INVALID_SIGNATURE, e.code());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"post-header-key-sort", "post-header-value-case", "get-header-value-trim"})
  void refusesTheSuiteRequestWithASignedHeaderChanged(String name) throws IOException {
    SignedRequest r = load(name);
    Map<String, List<String>> headers = new LinkedHashMap<>(r.headers());
    headers.put("my-header1", List.of("tampered"));
    KmsException e =
        assertThrows(
            KmsException.class,
            () ->
                VERIFIER.verify(
                    new SignedRequest(r.method(), r.rawPath(), r.rawQuery(), headers, r.body())));
    assertEquals(ErrorCode.INVALID_SIGNATURE, e.code());
  }

  /** Parses a test-suite .req file (request line, headers, blank line, body) and its .authz. */
  static SignedRequest load(String name) throws IOException {
    String req = resource(name + ".req");
    String authz = resource(name + ".authz").trim();
    String[] headAndBody = req.split("\n\n", 2);
    String[] lines = headAndBody[0].split("\n");
    String[] requestLine = lines[0].split(" ");
    String target = requestLine[1];
    int q = target.indexOf('?');
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      headers
          .computeIfAbsent(
              lines[i].substring(0, colon).toLowerCase(Locale.ROOT), k -> new ArrayList<>())
          .add(lines[i].substring(colon + 1));
    }
    headers.put("authorization", List.of(authz));
    byte[] body =
        headAndBody.length > 1 ? headAndBody[1].getBytes(StandardCharsets.UTF_8) : new byte[0];
    return new SignedRequest(
        requestLine[0],
        q < 0 ? target : target.substring(0, q),
        q < 0 ? "" : target.substring(q + 1),
        headers,
        body);
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = SigV4TestSuiteVectorsTest.class.getResourceAsStream("/sigv4/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
