package com.verenc.kms.node.api;

import java.net.URI;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * How a hand-written request authenticates: signed with SigV4 by the AWS SDK's own signer (an
 * implementation independent of the node's verifier), a literal Authorization header, or none.
 */
public record RawAuth(
    String accessKeyId,
    String secret,
    String literalHeader,
    Clock clock,
    String region,
    String service) {
  public static final RawAuth NONE = new RawAuth(null, null, null, null, null, null);

  public static RawAuth signedAs(String accessKeyId, String secret) {
    return new RawAuth(accessKeyId, secret, null, Clock.systemUTC(), null, "kms");
  }

  public static RawAuth literal(String authorizationHeader) {
    return new RawAuth(null, null, authorizationHeader, null, null, null);
  }

  /** The same signer, signing as if it were {@code clock}'s time. */
  public RawAuth at(Clock signingClock) {
    return new RawAuth(accessKeyId, secret, literalHeader, signingClock, region, service);
  }

  /** Signs for another credential scope (region null means the node's zone). */
  public RawAuth scopedTo(String scopeRegion, String scopeService) {
    return new RawAuth(accessKeyId, secret, literalHeader, clock, scopeRegion, scopeService);
  }

  /**
   * The headers to add to a POST / carrying {@code body}: Authorization and X-Amz-Date, and
   * whatever else the signer signed (the request must then carry exactly the given Content-Type and
   * X-Amz-Target).
   */
  public Map<String, String> headersFor(
      URI endpoint, String zone, String contentType, String target, byte[] body) {
    Map<String, String> headers = new LinkedHashMap<>();
    if (literalHeader != null) {
      headers.put("Authorization", literalHeader);
    }
    if (accessKeyId == null) {
      return headers;
    }
    SdkHttpRequest.Builder request =
        SdkHttpRequest.builder()
            .method(SdkHttpMethod.POST)
            .uri(endpoint.resolve("/"))
            .putHeader("Content-Type", contentType);
    if (target != null) {
      request.putHeader("X-Amz-Target", target);
    }
    var signed =
        AwsV4HttpSigner.create()
            .sign(
                r ->
                    r.identity(AwsCredentialsIdentity.create(accessKeyId, secret))
                        .request(request.build())
                        .payload(ContentStreamProvider.fromByteArray(body))
                        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
                        .putProperty(AwsV4HttpSigner.REGION_NAME, region == null ? zone : region)
                        .putProperty(AwsV4HttpSigner.SIGNING_CLOCK, clock));
    for (Map.Entry<String, List<String>> h : signed.request().headers().entrySet()) {
      String name = h.getKey();
      if (!name.equalsIgnoreCase("Host")
          && !name.equalsIgnoreCase("Content-Type")
          && !name.equalsIgnoreCase("X-Amz-Target")) {
        headers.put(name, h.getValue().get(0));
      }
    }
    return headers;
  }
}
