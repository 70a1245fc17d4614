package com.verenc.kms.node.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.verenc.kms.protocol.ErrorCode;
import com.verenc.kms.protocol.KmsException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every way a SigV4 request can be refused, each with the AWS error name. */
class SigV4RejectionTest {
  private static final List<Account> ACCOUNTS =
      List.of(
          new Account(
              "111122223333", Map.of("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")));

  private static KmsException refused(SigV4Verifier verifier, SignedRequest request) {
    return assertThrows(KmsException.class, () -> verifier.verify(request));
  }

  private static SignedRequest withHeader(SignedRequest r, String name, String value) {
    Map<String, List<String>> headers = new LinkedHashMap<>(r.headers());
    if (value == null) {
      headers.remove(name);
    } else {
      headers.put(name, List.of(value));
    }
    return new SignedRequest(r.method(), r.rawPath(), r.rawQuery(), headers, r.body());
  }

  @Test
  void missingAuthorizationIsMissingAuthenticationToken() throws Exception {
    SignedRequest r =
        withHeader(SigV4TestSuiteVectorsTest.load("get-vanilla"), "authorization", null);
    assertEquals(
        ErrorCode.MISSING_AUTHENTICATION_TOKEN,
        refused(SigV4TestSuiteVectorsTest.VERIFIER, r).code());
  }

  @Test
  void malformedAuthorizationIsIncompleteSignature() throws Exception {
    for (String bad :
        List.of(
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request",
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE, SignedHeaders=host, Signature=00",
            "Basic dGVzdDp0ZXN0",
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
                + "SignedHeaders=host;x-amz-date, Signature=abc")) {
      SignedRequest r =
          withHeader(SigV4TestSuiteVectorsTest.load("get-vanilla"), "authorization", bad);
      assertEquals(
          ErrorCode.INCOMPLETE_SIGNATURE,
          refused(SigV4TestSuiteVectorsTest.VERIFIER, r).code(),
          bad);
    }
  }

  @Test
  void unknownAccessKeyIsUnrecognizedClient() throws Exception {
    SignedRequest r = SigV4TestSuiteVectorsTest.load("get-vanilla");
    r =
        withHeader(
            r,
            "authorization",
            r.header("authorization").get().replace("AKIDEXAMPLE", "AKIDOTHER"));
    assertEquals(
        ErrorCode.UNRECOGNIZED_CLIENT, refused(SigV4TestSuiteVectorsTest.VERIFIER, r).code());
  }

  @Test
  void wrongSecretIsInvalidSignature() throws Exception {
    SigV4Verifier otherSecret =
        new SigV4Verifier(
            List.of(new Account("111122223333", Map.of("AKIDEXAMPLE", "not-the-secret"))),
            "us-east-1",
            "service",
            SigV4TestSuiteVectorsTest.SUITE_TIME);
    KmsException e = refused(otherSecret, SigV4TestSuiteVectorsTest.load("get-vanilla"));
    assertEquals(ErrorCode.INVALID_SIGNATURE, e.code());
    assertTrue(e.getMessage().contains("does not match"), e.getMessage());
  }

  @Test
  void requestSignedMoreThanFifteenMinutesAwayIsExpired() throws Exception {
    for (Duration offset : List.of(Duration.ofMinutes(16), Duration.ofMinutes(-16))) {
      SigV4Verifier later =
          new SigV4Verifier(
              ACCOUNTS,
              "us-east-1",
              "service",
              Clock.offset(SigV4TestSuiteVectorsTest.SUITE_TIME, offset));
      KmsException e = refused(later, SigV4TestSuiteVectorsTest.load("get-vanilla"));
      assertEquals(ErrorCode.INVALID_SIGNATURE, e.code());
      assertTrue(e.getMessage().startsWith("Signature expired"), e.getMessage());
    }
    SigV4Verifier withinSkew =
        new SigV4Verifier(
            ACCOUNTS,
            "us-east-1",
            "service",
            Clock.offset(SigV4TestSuiteVectorsTest.SUITE_TIME, Duration.ofMinutes(14)));
    withinSkew.verify(SigV4TestSuiteVectorsTest.load("get-vanilla"));
  }

  @Test
  void credentialScopedToAnotherZoneOrServiceIsRefused() throws Exception {
    SigV4Verifier zone =
        new SigV4Verifier(ACCOUNTS, "ch-gva-2", "service", SigV4TestSuiteVectorsTest.SUITE_TIME);
    KmsException e = refused(zone, SigV4TestSuiteVectorsTest.load("get-vanilla"));
    assertEquals(ErrorCode.INVALID_SIGNATURE, e.code());
    assertTrue(e.getMessage().contains("region"), e.getMessage());

    SigV4Verifier kms =
        new SigV4Verifier(ACCOUNTS, "us-east-1", "kms", SigV4TestSuiteVectorsTest.SUITE_TIME);
    e = refused(kms, SigV4TestSuiteVectorsTest.load("get-vanilla"));
    assertEquals(ErrorCode.INVALID_SIGNATURE, e.code());
    assertTrue(e.getMessage().contains("service"), e.getMessage());
  }

  @Test
  void securityTokenIsRefused() throws Exception {
    SignedRequest r =
        withHeader(SigV4TestSuiteVectorsTest.load("get-vanilla"), "x-amz-security-token", "token");
    assertEquals(
        ErrorCode.UNRECOGNIZED_CLIENT, refused(SigV4TestSuiteVectorsTest.VERIFIER, r).code());
  }

  @Test
  void missingDateIsIncompleteSignature() throws Exception {
    SignedRequest r = withHeader(SigV4TestSuiteVectorsTest.load("get-vanilla"), "x-amz-date", null);
    KmsException e = refused(SigV4TestSuiteVectorsTest.VERIFIER, r);
    assertEquals(ErrorCode.INVALID_SIGNATURE, e.code(), "a signed header that is missing");
  }
}
