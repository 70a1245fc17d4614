package com.verenc.kms.node.reliability.process;

import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * AWS SDK clients for node processes: dev account, no retries (every failure is counted, none
 * hidden), short timeouts so a killed or frozen node shows as a failed request quickly.
 */
public final class ProcessClients {
  private ProcessClients() {}

  public static KmsClient client(URI endpoint, String zone) {
    return client(endpoint, zone, Duration.ofSeconds(15));
  }

  public static KmsClient client(URI endpoint, String zone, Duration callTimeout) {
    return client(endpoint, zone, "test", "test", callTimeout);
  }

  /** A client signing with this access key instead of the dev account's. */
  public static KmsClient client(
      URI endpoint, String zone, String accessKeyId, String secret, Duration callTimeout) {
    return KmsClient.builder()
        .endpointOverride(endpoint)
        .region(Region.of(zone))
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId, secret)))
        .httpClientBuilder(
            UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(2))
                .socketTimeout(callTimeout))
        .overrideConfiguration(
            ClientOverrideConfiguration.builder()
                .retryStrategy(AwsRetryStrategy.doNotRetry())
                .apiCallTimeout(callTimeout)
                .build())
        .build();
  }
}
