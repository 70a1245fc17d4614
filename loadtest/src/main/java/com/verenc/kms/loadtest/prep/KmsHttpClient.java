package com.verenc.kms.loadtest.prep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.verenc.kms.loadtest.signing.KmsRequestSigner;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;

/** A minimal signed KMS JSON client for preparing load: one zone, one endpoint. */
public final class KmsHttpClient {
  static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final URI endpoint;
  private final KmsRequestSigner signer;

  public KmsHttpClient(String endpoint, KmsRequestSigner signer) {
    this.endpoint = URI.create(endpoint.endsWith("/") ? endpoint : endpoint + "/");
    this.signer = signer;
  }

  /** The reply of a successful call as JSON; a KMS error becomes an exception naming it. */
  public CompletableFuture<JsonNode> call(String operation, String jsonBody) {
    return callRaw(operation, jsonBody)
        .thenApply(
            response -> {
              if (response.statusCode() != 200) {
                throw new IllegalStateException(
                    operation
                        + " failed with HTTP "
                        + response.statusCode()
                        + ": "
                        + response.body());
              }
              try {
                return JSON.readTree(response.body());
              } catch (IOException e) {
                throw new IllegalStateException(
                    operation + " answered with invalid JSON: " + response.body(), e);
              }
            });
  }

  public CompletableFuture<HttpResponse<String>> callRaw(String operation, String jsonBody) {
    byte[] body = jsonBody.getBytes(StandardCharsets.UTF_8);
    SdkHttpRequest signed =
        signer.sign(
            SdkHttpRequest.builder()
                .method(SdkHttpMethod.POST)
                .uri(endpoint)
                .putHeader("Content-Type", "application/x-amz-json-1.1")
                .putHeader("X-Amz-Target", "TrentService." + operation)
                .build(),
            body);
    HttpRequest.Builder request =
        HttpRequest.newBuilder(endpoint).POST(HttpRequest.BodyPublishers.ofByteArray(body));
    signed.forEachHeader(
        (name, values) -> {
          if (!name.equalsIgnoreCase("host") && !name.equalsIgnoreCase("content-length")) {
            values.forEach(value -> request.header(name, value));
          }
        });
    return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
