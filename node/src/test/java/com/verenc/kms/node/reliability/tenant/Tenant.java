package com.verenc.kms.node.reliability.tenant;

import com.verenc.kms.node.api.RawAuth;
import com.verenc.kms.protocol.WireCodec;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * One account of the shared node, as its own clients see it: an AWS SDK client without retries (a
 * throttled request must show, not be retried away) and signed raw POSTs for bodies no SDK would
 * send.
 */
record Tenant(String accountId, String accessKeyId, String secret) {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  static final String ZONE = "ch-gva-2";

  /** Its entry in the credentials file; {@code quotas} is a JSON object or null. */
  String credentials(String quotas) {
    return "{\"accountId\":\""
        + accountId
        + "\",\"accessKeys\":[{\"accessKeyId\":\""
        + accessKeyId
        + "\",\"secretAccessKey\":\""
        + secret
        + "\"}]"
        + (quotas == null ? "" : ",\"quotas\":" + quotas)
        + "}";
  }

  KmsClient client(URI endpoint) {
    return KmsClient.builder()
        .endpointOverride(endpoint)
        .region(Region.of(ZONE))
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId, secret)))
        .httpClientBuilder(
            UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(2))
                .socketTimeout(Duration.ofSeconds(15)))
        .overrideConfiguration(
            ClientOverrideConfiguration.builder()
                .retryStrategy(AwsRetryStrategy.doNotRetry())
                .apiCallTimeout(Duration.ofSeconds(15))
                .build())
        .build();
  }

  /** A correctly signed {@code POST /} of exactly these body bytes. */
  HttpResponse<String> post(URI endpoint, String operation, byte[] body) throws IOException {
    String target = "TrentService." + operation;
    HttpRequest.Builder request =
        HttpRequest.newBuilder(endpoint.resolve("/"))
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", WireCodec.CONTENT_TYPE)
            .header("X-Amz-Target", target)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    RawAuth.signedAs(accessKeyId, secret)
        .headersFor(endpoint, ZONE, WireCodec.CONTENT_TYPE, target, body)
        .forEach(request::header);
    try {
      return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }
}
