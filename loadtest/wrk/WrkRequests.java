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
 * OP is encrypt (32-byte plaintext), gdk (32-byte data key), decrypt (of a fresh blob per key),
 * wrap (GenerateDataKey and Decrypt alternating), sign (Sign of a 32-byte message), signverify
 * (Sign and Verify alternating; the Verify carries a signature the node made now), mac
 * (GenerateMac of a 32-byte message) or macverify (GenerateMac and VerifyMac alternating). The
 * sign and mac OPs take the keys' spec from -Dload.keySpec (default ECC_NIST_P256, HMAC_256) and
 * use its algorithm as the Gatling simulations do (KeyType: ECDSA_SHA_256/384/512 by curve,
 * RSASSA_PSS_SHA_256 for RSA, HMAC_SHA_n; WrkRequestsTest holds the bodies equal); create-keys
 * makes keys of -Dload.keySpec (default SYMMETRIC_DEFAULT). The output is "length\n" + raw
 * request, repeated.
 */
public class WrkRequests {
  static final String REGION = System.getProperty("region", "ch-gva-2");
  static final AwsCredentialsIdentity CREDS = AwsCredentialsIdentity.create("test", "test");
  static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  static final Pattern KEY_ID = Pattern.compile("\"KeyId\"\\s*:\\s*\"[^\"]*?([0-9a-f-]{36})\"");
  static final Pattern BLOB = Pattern.compile("\"CiphertextBlob\"\\s*:\\s*\"([^\"]+)\"");
  static final Pattern SIGNATURE = Pattern.compile("\"Signature\"\\s*:\\s*\"([^\"]+)\"");
  static final Pattern MAC = Pattern.compile("\"Mac\"\\s*:\\s*\"([^\"]+)\"");

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
      all.add(send(url, "CreateKey", createKeyBody(System.getProperty("load.keySpec", "SYMMETRIC_DEFAULT")))
          .thenApply(body -> group(KEY_ID, body))
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
    String spec = keySpec(op);
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
          case "sign" -> write(o, raw(url, "Sign", signBody(spec, key)));
          case "signverify" -> {
            write(o, raw(url, "Sign", signBody(spec, key)));
            write(o, raw(url, "Verify", verifyBody(url, spec, key)));
          }
          case "mac" -> write(o, raw(url, "GenerateMac", macBody(spec, key)));
          case "macverify" -> {
            write(o, raw(url, "GenerateMac", macBody(spec, key)));
            write(o, raw(url, "VerifyMac", verifyMacBody(url, spec, key)));
          }
          default -> throw new IllegalArgumentException(op);
        }
      }
    }
    System.out.println("signed " + n + " " + op + " requests into " + out);
  }

  /** The key spec of a sign or mac OP (-Dload.keySpec, default ECC_NIST_P256 or HMAC_256). */
  static String keySpec(String op) {
    boolean signing = op.startsWith("sign");
    if (!signing && !op.startsWith("mac")) {
      return null;
    }
    String spec = System.getProperty("load.keySpec", signing ? "ECC_NIST_P256" : "HMAC_256");
    if (signing ? !(spec.startsWith("ECC_") || spec.startsWith("RSA_")) : !spec.startsWith("HMAC_")) {
      throw new IllegalArgumentException(op + " needs a " + (signing ? "signing" : "HMAC") + " key spec, not " + spec);
    }
    return spec;
  }

  static String createKeyBody(String spec) {
    if (spec.equals("SYMMETRIC_DEFAULT")) {
      return "{}";
    }
    String usage = spec.startsWith("HMAC_") ? "GENERATE_VERIFY_MAC" : "SIGN_VERIFY";
    return "{\"Description\":\"loadtest\",\"KeySpec\":\"" + spec + "\",\"KeyUsage\":\"" + usage + "\"}";
  }

  /** ECDSA_SHA_256/384/512 by curve (256 on secp256k1), RSASSA_PSS_SHA_256 for RSA. */
  static String signingAlgorithm(String spec) {
    return switch (spec) {
      case "ECC_NIST_P384" -> "ECDSA_SHA_384";
      case "ECC_NIST_P521" -> "ECDSA_SHA_512";
      case "ECC_NIST_P256", "ECC_SECG_P256K1" -> "ECDSA_SHA_256";
      case "RSA_2048", "RSA_3072", "RSA_4096" -> "RSASSA_PSS_SHA_256";
      default -> throw new IllegalArgumentException(spec + " keys do not sign");
    };
  }

  static String message() {
    return Base64.getEncoder().encodeToString(new byte[32]);
  }

  static String signBody(String spec, String key) {
    return "{\"KeyId\":\"" + key + "\",\"Message\":\"" + message() + "\",\"MessageType\":\"RAW\",\"SigningAlgorithm\":\""
        + signingAlgorithm(spec) + "\"}";
  }

  static String verifyBody(String spec, String key, String signature) {
    return "{\"KeyId\":\"" + key + "\",\"Message\":\"" + message() + "\",\"MessageType\":\"RAW\",\"Signature\":\""
        + signature + "\",\"SigningAlgorithm\":\"" + signingAlgorithm(spec) + "\"}";
  }

  /** HMAC_n keys use HMAC_SHA_n. */
  static String macBody(String spec, String key) {
    return "{\"KeyId\":\"" + key + "\",\"Message\":\"" + message() + "\",\"MacAlgorithm\":\"HMAC_SHA_"
        + spec.substring("HMAC_".length()) + "\"}";
  }

  static String verifyMacBody(String spec, String key, String mac) {
    return "{\"KeyId\":\"" + key + "\",\"Message\":\"" + message() + "\",\"Mac\":\"" + mac
        + "\",\"MacAlgorithm\":\"HMAC_SHA_" + spec.substring("HMAC_".length()) + "\"}";
  }

  /** Verify of a signature the node makes now of the message Sign requests carry. */
  static String verifyBody(URI url, String spec, String key) {
    return verifyBody(spec, key, group(SIGNATURE, send(url, "Sign", signBody(spec, key)).join()));
  }

  /** VerifyMac of a MAC the node makes now of the message GenerateMac requests carry. */
  static String verifyMacBody(URI url, String spec, String key) {
    return verifyMacBody(spec, key, group(MAC, send(url, "GenerateMac", macBody(spec, key)).join()));
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
