package com.verenc.kms.loadtest;

import com.verenc.kms.node.auth.Account;
import com.verenc.kms.node.auth.SigV4Verifier;
import com.verenc.kms.node.auth.SignedRequest;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * The cost of verifying one SigV4-signed Encrypt request as the node does it (signing key cached,
 * as in steady state), against a request the AWS SDK's own signer produced.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SigV4VerifyBenchmark {
  private SigV4Verifier verifier;
  private SignedRequest request;

  @Setup
  public void setUp() {
    verifier =
        new SigV4Verifier(
            List.of(new Account("111122223333", Map.of("test", "test"))),
            "ch-gva-2",
            "kms",
            Clock.systemUTC());
    byte[] body =
        ("{\"KeyId\":\"alias/bench\",\"Plaintext\":\"" + "A".repeat(1368) + "\"}")
            .getBytes(StandardCharsets.UTF_8);
    var signed =
        AwsV4HttpSigner.create()
            .sign(
                r ->
                    r.identity(AwsCredentialsIdentity.create("test", "test"))
                        .request(
                            SdkHttpRequest.builder()
                                .method(SdkHttpMethod.POST)
                                .uri(URI.create("http://127.0.0.1:4599/"))
                                .putHeader("Content-Type", "application/x-amz-json-1.1")
                                .putHeader("X-Amz-Target", "TrentService.Encrypt")
                                .putHeader("Content-Length", Integer.toString(body.length))
                                .build())
                        .payload(ContentStreamProvider.fromByteArray(body))
                        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "kms")
                        .putProperty(AwsV4HttpSigner.REGION_NAME, "ch-gva-2"));
    Map<String, List<String>> headers = new LinkedHashMap<>();
    signed
        .request()
        .headers()
        .forEach(
            (name, values) -> headers.put(name.toLowerCase(Locale.ROOT), new ArrayList<>(values)));
    request = new SignedRequest("POST", "/", "", headers, body);
    verifier.verify(request);
  }

  @Benchmark
  public Object verifyEncryptRequest() {
    return verifier.verify(request);
  }
}
