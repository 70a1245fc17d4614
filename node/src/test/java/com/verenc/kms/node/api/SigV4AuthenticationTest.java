package com.verenc.kms.node.api;

import static com.verenc.kms.node.api.KmsTestSupport.rawPost;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.verenc.kms.node.testkit.TestDatabase;
import com.verenc.kms.node.testkit.TestNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KmsException;

/**
 * Every request is verified with SigV4: each way of getting it wrong is refused with the AWS error
 * for it (all HTTP 400), through the AWS SDK and through hand-signed raw requests.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SigV4AuthenticationTest {
  static final String LIST_KEYS = "TrentService.ListKeys";
  TestNode node;

  @BeforeAll
  void start(@TempDir Path dir) {
    node = TestNode.start(TestDatabase.h2(dir));
  }

  @AfterAll
  void stop() {
    node.close();
  }

  private KmsClient client(String region, StaticCredentialsProvider credentials) {
    return KmsClient.builder()
        .endpointOverride(node.endpoint())
        .region(Region.of(region))
        .credentialsProvider(credentials)
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
        .build();
  }

  private static void assertError(String errorCode, Runnable call) {
    KmsException e = assertThrows(KmsException.class, call::run);
    assertEquals(errorCode, e.awsErrorDetails().errorCode(), e.getMessage());
    assertEquals(400, e.statusCode());
  }

  private static void assertRaw(String errorCode, HttpResponse<String> response) {
    assertEquals(400, response.statusCode(), response.body());
    assertTrue(response.body().contains("\"__type\":\"" + errorCode + "\""), response.body());
  }

  @Test
  void sdkWithTheRightSecretIsAccepted() {
    try (KmsClient kms = node.client()) {
      kms.listKeys();
    }
  }

  @Test
  void sdkWithAWrongSecretGetsInvalidSignature() {
    try (KmsClient kms = node.client("test", "not-the-secret")) {
      assertError("InvalidSignatureException", kms::listKeys);
    }
  }

  @Test
  void sdkSigningForAnotherZoneGetsInvalidSignature() {
    try (KmsClient kms =
        client(
            "de-fra-1",
            StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))) {
      assertError("InvalidSignatureException", kms::listKeys);
    }
  }

  @Test
  void sdkWithTemporaryCredentialsIsRefused() {
    try (KmsClient kms =
        client(
            TestNode.ZONE,
            StaticCredentialsProvider.create(
                AwsSessionCredentials.create("test", "test", "session-token")))) {
      assertError("UnrecognizedClientException", kms::listKeys);
    }
  }

  @Test
  void handSignedRequestIsAccepted() {
    HttpResponse<String> r =
        rawPost(node.endpoint(), LIST_KEYS, RawAuth.signedAs("test", "test"), "{}");
    assertEquals(200, r.statusCode(), r.body());
  }

  @Test
  void bodyChangedAfterSigningGetsInvalidSignature() throws Exception {
    var headers =
        RawAuth.signedAs("test", "test")
            .headersFor(
                node.endpoint(),
                TestNode.ZONE,
                "application/x-amz-json-1.1",
                LIST_KEYS,
                "{}".getBytes());
    assertRaw("InvalidSignatureException", postWithHeaders(headers, "{\"Limit\":1}"));
  }

  /** POST / of ListKeys with exactly these extra headers, which the test has prepared by hand. */
  private HttpResponse<String> postWithHeaders(java.util.Map<String, String> headers, String body)
      throws Exception {
    var request =
        java.net.http.HttpRequest.newBuilder(node.endpoint().resolve("/"))
            .header("Content-Type", "application/x-amz-json-1.1")
            .header("X-Amz-Target", LIST_KEYS)
            .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body));
    headers.forEach(request::header);
    return java.net.http.HttpClient.newHttpClient()
        .send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void signatureOlderOrNewerThanFifteenMinutesIsExpired() {
    for (Duration skew : new Duration[] {Duration.ofMinutes(-16), Duration.ofMinutes(16)}) {
      RawAuth skewed = RawAuth.signedAs("test", "test").at(Clock.offset(Clock.systemUTC(), skew));
      HttpResponse<String> r = rawPost(node.endpoint(), LIST_KEYS, skewed, "{}");
      assertRaw("InvalidSignatureException", r);
      assertTrue(r.body().contains("Signature expired"), r.body());
    }
    RawAuth slightlyOff =
        RawAuth.signedAs("test", "test")
            .at(Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-10)));
    assertEquals(200, rawPost(node.endpoint(), LIST_KEYS, slightlyOff, "{}").statusCode());
  }

  @Test
  void credentialScopedToAnotherServiceIsRefused() {
    HttpResponse<String> r =
        rawPost(
            node.endpoint(),
            LIST_KEYS,
            RawAuth.signedAs("test", "test").scopedTo(null, "s3"),
            "{}");
    assertRaw("InvalidSignatureException", r);
    assertTrue(r.body().contains("service"), r.body());
  }

  @Test
  void missingOrMalformedAuthorizationIsRefused() {
    assertRaw(
        "MissingAuthenticationTokenException",
        rawPost(node.endpoint(), LIST_KEYS, RawAuth.NONE, "{}"));
    assertRaw(
        "IncompleteSignatureException",
        rawPost(node.endpoint(), LIST_KEYS, RawAuth.literal("Basic dGVzdDp0ZXN0"), "{}"));
    assertRaw(
        "IncompleteSignatureException",
        rawPost(
            node.endpoint(),
            LIST_KEYS,
            RawAuth.literal("AWS4-HMAC-SHA256 Credential=test/20260101/ch-gva-2/kms/aws4_request"),
            "{}"));
  }

  @Test
  void forgedSignatureWithAKnownAccessKeyIsRefused() throws Exception {
    var headers =
        new java.util.LinkedHashMap<>(
            RawAuth.signedAs("test", "test")
                .headersFor(
                    node.endpoint(),
                    TestNode.ZONE,
                    "application/x-amz-json-1.1",
                    LIST_KEYS,
                    "{}".getBytes()));
    headers.put(
        "Authorization",
        headers
            .get("Authorization")
            .replaceAll("Signature=[0-9a-f]+", "Signature=" + "ab".repeat(32)));
    HttpResponse<String> r = postWithHeaders(headers, "{}");
    assertRaw("InvalidSignatureException", r);
    assertTrue(r.body().contains("does not match"), r.body());
  }

  @Test
  void anUnsignedTargetCannotTurnARequestIntoAnotherOperation() throws Exception {
    // Signed without X-Amz-Target, then sent with one: the signature must not cover a header
    // that chooses the operation.
    var headers =
        RawAuth.signedAs("test", "test")
            .headersFor(
                node.endpoint(),
                TestNode.ZONE,
                "application/x-amz-json-1.1",
                null,
                "{}".getBytes());
    HttpResponse<String> r = postWithHeaders(headers, "{}");
    assertRaw("InvalidSignatureException", r);
    assertTrue(r.body().contains("x-amz-target"), r.body());
  }
}
