package com.verenc.kms.loadtest.simulation;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import com.verenc.kms.loadtest.settings.KeyType;
import com.verenc.kms.loadtest.settings.LoadSettings;
import com.verenc.kms.loadtest.signing.KmsRequestSigner;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import io.gatling.javaapi.http.HttpRequestActionBuilder;
import java.util.Base64;
import java.util.Set;
import java.util.TreeSet;

/**
 * The KMS operations as signed Gatling requests against one zone's endpoint. Key ids come from the
 * session attribute {@code keyId} (a feeder), ciphertexts travel in {@code blob}.
 */
public final class KmsCalls {
  static final String PLAINTEXT_32 = Base64.getEncoder().encodeToString(new byte[32]);

  private final String endpoint;
  private final String zone;
  private final KmsRequestSigner signer;

  /** The operations these calls have built requests for (Smoke's coverage, SmokeCoverageTest). */
  private final Set<String> operations = new TreeSet<>();

  KmsCalls(LoadSettings settings, int zoneIndex) {
    this.endpoint = settings.endpoint(zoneIndex);
    this.zone = settings.zone(zoneIndex);
    this.signer = new KmsRequestSigner(settings.accessKeyId(), settings.secretAccessKey(), zone);
  }

  /**
   * One protocol for every simulation: offline (no warm-up call to the internet), and one
   * connection pool shared by all virtual users, so an open model at thousands of arrivals a second
   * reuses keep-alive connections instead of opening a socket per arrival. The shared pool has no
   * upper bound (Gatling's maxConnectionsPerHost applies only to a page's resources): it grows
   * whenever every connection is busy, which is why the simulations warm it up before the measured
   * part ({@code load.warmup}).
   */
  static HttpProtocolBuilder protocol() {
    return http.disableWarmUp()
        .shareConnections()
        .contentTypeHeader("application/x-amz-json-1.1")
        .acceptEncodingHeader("identity");
  }

  String zone() {
    return zone;
  }

  HttpRequestActionBuilder encrypt(String name) {
    return call(name, "Encrypt", "{\"KeyId\":\"#{keyId}\",\"Plaintext\":\"" + PLAINTEXT_32 + "\"}")
        .check(jsonPath("$.CiphertextBlob").saveAs("blob"));
  }

  HttpRequestActionBuilder encryptWithoutCheck(String name) {
    return call(name, "Encrypt", "{\"KeyId\":\"#{keyId}\",\"Plaintext\":\"" + PLAINTEXT_32 + "\"}");
  }

  HttpRequestActionBuilder generateDataKey(String name) {
    return call(name, "GenerateDataKey", "{\"KeyId\":\"#{keyId}\",\"KeySpec\":\"AES_256\"}")
        .check(jsonPath("$.CiphertextBlob").saveAs("blob"));
  }

  HttpRequestActionBuilder decrypt(String name) {
    return call(name, "Decrypt", "{\"CiphertextBlob\":\"#{blob}\"}")
        .check(jsonPath("$.Plaintext").exists());
  }

  /** Sign of the 32-byte message with the key type's algorithm; keeps {@code signature}. */
  HttpRequestActionBuilder sign(String name, KeyType keyType) {
    return sign(name, keyType, "#{keyId}");
  }

  /** As {@link #sign(String, KeyType)}, under the key {@code keyId} (an expression) names. */
  HttpRequestActionBuilder sign(String name, KeyType keyType, String keyId) {
    return call(name, "Sign", keyType.signBody(keyId))
        .check(jsonPath("$.Signature").saveAs("signature"));
  }

  /** Sign without keeping the signature (nothing verifies it). */
  HttpRequestActionBuilder signWithoutCheck(String name, KeyType keyType) {
    return call(name, "Sign", keyType.signBody("#{keyId}"));
  }

  /**
   * Verify of the {@code signature} the last Sign returned. A signature that does not verify is a
   * 400 (KMSInvalidSignatureException), so the status check is the whole check.
   */
  HttpRequestActionBuilder verify(String name, KeyType keyType) {
    return verify(name, keyType, "#{keyId}");
  }

  HttpRequestActionBuilder verify(String name, KeyType keyType, String keyId) {
    return call(name, "Verify", keyType.verifyBody(keyId, "#{signature}"));
  }

  /** GenerateMac of the 32-byte message; keeps {@code mac}. */
  HttpRequestActionBuilder generateMac(String name, KeyType keyType) {
    return generateMac(name, keyType, "#{keyId}");
  }

  HttpRequestActionBuilder generateMac(String name, KeyType keyType, String keyId) {
    return call(name, "GenerateMac", keyType.generateMacBody(keyId))
        .check(jsonPath("$.Mac").saveAs("mac"));
  }

  /** GenerateMac without keeping the MAC (nothing verifies it). */
  HttpRequestActionBuilder generateMacWithoutCheck(String name, KeyType keyType) {
    return call(name, "GenerateMac", keyType.generateMacBody("#{keyId}"));
  }

  /** VerifyMac of the {@code mac} the last GenerateMac returned (a mismatch is a 400). */
  HttpRequestActionBuilder verifyMac(String name, KeyType keyType) {
    return verifyMac(name, keyType, "#{keyId}");
  }

  HttpRequestActionBuilder verifyMac(String name, KeyType keyType, String keyId) {
    return call(name, "VerifyMac", keyType.verifyMacBody(keyId, "#{mac}"));
  }

  HttpRequestActionBuilder createKey(String name) {
    return call(name, "CreateKey", "{\"Description\":\"loadtest mixed\"}")
        .check(jsonPath("$.KeyMetadata.KeyId").saveAs("newKeyId"));
  }

  HttpRequestActionBuilder describeKey(String name) {
    return call(name, "DescribeKey", "{\"KeyId\":\"#{newKeyId}\"}")
        .check(jsonPath("$.KeyMetadata.KeyState").is("Enabled"));
  }

  HttpRequestActionBuilder createAlias(String name) {
    return call(
        name,
        "CreateAlias",
        "{\"AliasName\":\"alias/loadtest-#{aliasSuffix}\",\"TargetKeyId\":\"#{newKeyId}\"}");
  }

  HttpRequestActionBuilder listKeys(String name) {
    return call(name, "ListKeys", "{\"Limit\":100}").check(jsonPath("$.Keys").exists());
  }

  Set<String> operations() {
    return Set.copyOf(operations);
  }

  /** A signed TrentService request of {@code operation} with this body, checked for a 200. */
  HttpRequestActionBuilder call(String name, String operation, String body) {
    operations.add(operation);
    return http(name)
        .post(endpoint)
        .header("X-Amz-Target", "TrentService." + operation)
        .body(StringBody(body))
        .sign(signer)
        .check(status().is(200));
  }
}
