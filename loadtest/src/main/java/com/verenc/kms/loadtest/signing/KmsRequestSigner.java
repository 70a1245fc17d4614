package com.verenc.kms.loadtest.signing;

import io.gatling.http.client.Request;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import java.net.URI;
import java.util.Map;
import java.util.function.Function;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * Gatling's {@code sign(...)} hook: signs each request with the AWS SDK v2 SigV4 signer for service
 * {@code kms} in one zone, exactly as an SDK client would, so the node's verification cost is part
 * of every measurement.
 */
public final class KmsRequestSigner implements Function<Request, Request> {
  private static final AwsV4HttpSigner SIGNER = AwsV4HttpSigner.create();

  private final AwsCredentialsIdentity credentials;
  private final String zone;

  public KmsRequestSigner(String accessKeyId, String secretAccessKey, String zone) {
    this.credentials = AwsCredentialsIdentity.create(accessKeyId, secretAccessKey);
    this.zone = zone;
  }

  @Override
  public Request apply(Request request) {
    byte[] body = request.getBody() == null ? new byte[0] : request.getBody().getBytes();
    HttpHeaders headers = request.getHeaders();
    SdkHttpRequest.Builder unsigned =
        SdkHttpRequest.builder()
            .method(SdkHttpMethod.fromValue(request.getMethod().name()))
            .uri(URI.create(request.getUri().toUrl()));
    for (Map.Entry<String, String> header : headers) {
      // The signer derives Host from the URI; Content-Length is set by Gatling after signing.
      if (!header.getKey().equalsIgnoreCase("host")
          && !header.getKey().equalsIgnoreCase("content-length")) {
        unsigned.appendHeader(header.getKey(), header.getValue());
      }
    }
    var signed =
        SIGNER.sign(
            r ->
                r.identity(credentials)
                    .request(unsigned.build())
                    .payload(ContentStreamProvider.fromByteArrayUnsafe(body))
                    .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "kms")
                    .putProperty(AwsV4HttpSigner.REGION_NAME, zone));
    signed
        .request()
        .forEachHeader(
            (name, values) -> {
              headers.remove(name);
              for (String value : values) {
                headers.add(name, value);
              }
            });
    if (!headers.contains(HttpHeaderNames.HOST)) {
      headers.set(HttpHeaderNames.HOST, request.getUri().getAuthority());
    }
    return request;
  }

  /** The signer as a plain function of (method, url, headers, body), for the key preparer. */
  public SdkHttpRequest sign(SdkHttpRequest unsigned, byte[] body) {
    return SIGNER
        .sign(
            r ->
                r.identity(credentials)
                    .request(unsigned)
                    .payload(ContentStreamProvider.fromByteArrayUnsafe(body))
                    .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "kms")
                    .putProperty(AwsV4HttpSigner.REGION_NAME, zone))
        .request();
  }
}
