package com.verenc.kms.node.reliability.process;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * A multi-zone primary's replication status as `kms replication status` reads it: the Verenc
 * extensions of DescribeKey (MultiRegionConfiguration.SharedStateVersion and, per replica,
 * AcknowledgedVersion) that the AWS SDK's model drops, read from the raw signed answer.
 *
 * @param acknowledged per replica zone, the version it acknowledged (-1 when not known yet)
 */
public record ReplicationStatus(int sharedStateVersion, Map<String, Integer> acknowledged) {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  /** True when every replica zone has acknowledged the primary's current version. */
  public boolean converged() {
    return !acknowledged.isEmpty()
        && acknowledged.values().stream().allMatch(v -> v == sharedStateVersion);
  }

  public static ReplicationStatus of(URI endpoint, String zone, String keyId) throws IOException {
    byte[] body = ("{\"KeyId\":" + TextNode.valueOf(keyId) + "}").getBytes(StandardCharsets.UTF_8);
    var signed =
        AwsV4HttpSigner.create()
            .sign(
                r ->
                    r.identity(AwsCredentialsIdentity.create("test", "test"))
                        .request(
                            SdkHttpRequest.builder()
                                .method(SdkHttpMethod.POST)
                                .uri(endpoint.resolve("/"))
                                .putHeader("Content-Type", "application/x-amz-json-1.1")
                                .putHeader("X-Amz-Target", "TrentService.DescribeKey")
                                .build())
                        .payload(ContentStreamProvider.fromByteArray(body))
                        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "kms")
                        .putProperty(AwsV4HttpSigner.REGION_NAME, zone));
    HttpRequest.Builder request =
        HttpRequest.newBuilder(endpoint.resolve("/"))
            .timeout(Duration.ofSeconds(10))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    signed
        .request()
        .headers()
        .forEach(
            (name, values) -> {
              if (!name.equalsIgnoreCase("Host")) {
                request.header(name, values.get(0));
              }
            });
    HttpResponse<String> response;
    try {
      response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
    if (response.statusCode() != 200) {
      throw new IOException(
          "DescribeKey " + keyId + " answered " + response.statusCode() + ": " + response.body());
    }
    JsonNode config =
        new ObjectMapper()
            .readTree(response.body())
            .path("KeyMetadata")
            .path("MultiRegionConfiguration");
    if (config.isMissingNode()) {
      throw new IOException(keyId + " is not a multi-zone key");
    }
    Map<String, Integer> acknowledged = new TreeMap<>();
    for (JsonNode replica : config.path("ReplicaKeys")) {
      acknowledged.put(
          replica.path("Region").asText(),
          replica.has("AcknowledgedVersion") ? replica.path("AcknowledgedVersion").asInt() : -1);
    }
    return new ReplicationStatus(config.path("SharedStateVersion").asInt(), acknowledged);
  }
}
