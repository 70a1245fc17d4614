import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * Pre-signs TrentService requests for wrk (loadtest/wrk/replay.lua). SigV4 signatures stay valid
 * for the 15-minute clock-skew window and the node has no replay check, so one signed request can
 * be sent again and again. Run with the loadtest classpath:
 *   java -cp 'loadtest/target/lib/*' loadtest/wrk/WrkRequests.java create-keys URL N keys.txt
 *   java -cp 'loadtest/target/lib/*' loadtest/wrk/WrkRequests.java sign URL OP keys.txt N out.req
 * OP is encrypt (32-byte plaintext), gdk (32-byte data key), decrypt (of a fresh blob per key) or
 * wrap (GenerateDataKey and Decrypt alternating). The output is "length\n" + raw request, repeated.
 */
public class WrkRequests {
  static final String REGION = System.getProperty("region", "ch-gva-2");
  static final AwsCredentialsIdentity CREDS = AwsCredentialsIdentity.create("test", "test");
  static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  static final Pattern KEY_ID = Pattern.compile("\"KeyId\"\\s*:\\s*\"[^\"]*?([0-9a-f-]{36})\"");
  static final Pattern BLOB = Pattern.compile("\"CiphertextBlob\"\\s*:\\s*\"([^\"]+)\"");

  public static void main(String[] args) throws Exception {
    URI url = URI.create(args[1]);
    switch (args[0]) {
      case "create-keys" -> createKeys(url, Integer.parseInt(args[2]), Path.of(args[3]));
      case "sign" -> sign(url, args[2], Files.readAllLines(Path.of(args[3])), Integer.parseInt(args[4]),
          Path.of(args[5]));
      default -> throw new IllegalArgumentException(args[0]);
    }
  }

  static void createKeys(URI url, int n, Path out) throws Exception {
    Semaphore inFlight = new Semaphore(16);
    List<CompletableFuture<String>> all = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      inFlight.acquire();
      all.add(send(url, "CreateKey", "{}").thenApply(body -> group(KEY_ID, body))
          .whenComplete((r, e) -> inFlight.release()));
    }
    List<String> ids = new ArrayList<>();
    for (CompletableFuture<String> f : all) {
      ids.add(f.join());
    }
    Files.write(out, ids);
    System.out.println("created " + ids.size() + " keys into " + out);
  }

  static void sign(URI url, String op, List<String> keys, int n, Path out) throws Exception {
    try (OutputStream o = Files.newOutputStream(out)) {
      for (int i = 0; i < n; i++) {
        String key = keys.get(i % keys.size());
        switch (op) {
          case "encrypt" -> write(o, raw(url, "Encrypt", encryptBody(key)));
          case "gdk" -> write(o, raw(url, "GenerateDataKey", gdkBody(key)));
          case "decrypt" -> write(o, raw(url, "Decrypt", decryptBody(url, key)));
          case "wrap" -> {
            write(o, raw(url, "GenerateDataKey", gdkBody(key)));
            write(o, raw(url, "Decrypt", decryptBody(url, key)));
          }
          default -> throw new IllegalArgumentException(op);
        }
      }
    }
    System.out.println("signed " + n + " " + op + " requests into " + out);
  }

  static String encryptBody(String key) {
    return "{\"KeyId\":\"" + key + "\",\"Plaintext\":\"" + Base64.getEncoder().encodeToString(new byte[32]) + "\"}";
  }

  static String gdkBody(String key) {
    return "{\"KeyId\":\"" + key + "\",\"NumberOfBytes\":32}";
  }

  static String decryptBody(URI url, String key) {
    String blob = group(BLOB, send(url, "GenerateDataKeyWithoutPlaintext", gdkBody(key)).join());
    return "{\"CiphertextBlob\":\"" + blob + "\"}";
  }

  static String group(Pattern p, String body) {
    Matcher m = p.matcher(body);
    if (!m.find()) {
      throw new IllegalStateException("unexpected response: " + body);
    }
    return m.group(1);
  }

  static void write(OutputStream o, byte[] request) throws IOException {
    o.write((request.length + "\n").getBytes(StandardCharsets.US_ASCII));
    o.write(request);
  }

  static SdkHttpRequest signed(URI url, String target, byte[] body) {
    return AwsV4HttpSigner.create().sign(r -> r
        .identity(CREDS)
        .request(SdkHttpRequest.builder().method(SdkHttpMethod.POST).uri(url.resolve("/"))
            .putHeader("Content-Type", "application/x-amz-json-1.1")
            .putHeader("X-Amz-Target", "TrentService." + target)
            .putHeader("Content-Length", Integer.toString(body.length))
            .build())
        .payload(ContentStreamProvider.fromByteArray(body))
        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "kms")
        .putProperty(AwsV4HttpSigner.REGION_NAME, REGION)).request();
  }

  static byte[] raw(URI url, String target, String json) {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    SdkHttpRequest r = signed(url, target, body);
    StringBuilder head = new StringBuilder("POST / HTTP/1.1\r\n");
    Map<String, List<String>> headers = new TreeMap<>(r.headers());
    headers.forEach((name, values) -> values.forEach(v -> head.append(name).append(": ").append(v).append("\r\n")));
    if (!headers.containsKey("Host")) {
      head.append("Host: ").append(url.getHost()).append(':').append(url.getPort()).append("\r\n");
    }
    head.append("\r\n");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
    out.writeBytes(body);
    return out.toByteArray();
  }

  static CompletableFuture<String> send(URI url, String target, String json) {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    SdkHttpRequest r = signed(url, target, body);
    HttpRequest.Builder b = HttpRequest.newBuilder(url.resolve("/")).POST(HttpRequest.BodyPublishers.ofByteArray(body));
    r.headers().forEach((name, values) -> {
      if (!name.equalsIgnoreCase("Host") && !name.equalsIgnoreCase("Content-Length")) {
        values.forEach(v -> b.header(name, v));
      }
    });
    return HTTP.sendAsync(b.build(), HttpResponse.BodyHandlers.ofString()).thenApply(resp -> {
      if (resp.statusCode() != 200) {
        throw new IllegalStateException(target + " answered " + resp.statusCode() + ": " + resp.body());
      }
      return resp.body();
    });
  }
}
