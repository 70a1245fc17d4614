package com.verenc.kms.loadtest.wrk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.verenc.kms.loadtest.settings.KeyType;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URI;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * loadtest/wrk/WrkRequests.java (a single-file program bench runs from source), compiled here: the
 * Sign, Verify, GenerateMac and VerifyMac bodies it pre-signs for wrk are the ones the Gatling
 * simulations send ({@link KeyType}), and a pre-signed Sign request is a complete HTTP request.
 */
class WrkRequestsTest {
  private static final String KEY = "1234abcd-12ab-34cd-56ef-1234567890ab";
  private static Class<?> wrk;

  @BeforeAll
  static void compile(@TempDir Path classes) throws Exception {
    Path source = Path.of("wrk/WrkRequests.java");
    int rc =
        ToolProvider.getSystemJavaCompiler()
            .run(
                null,
                null,
                null,
                "-d",
                classes.toString(),
                "-cp",
                System.getProperty("java.class.path"),
                source.toString());
    assertEquals(0, rc, "javac " + source);
    wrk =
        new URLClassLoader(
                new java.net.URL[] {classes.toUri().toURL()},
                WrkRequestsTest.class.getClassLoader())
            .loadClass("WrkRequests");
  }

  private static Object call(String method, Object... args) throws Exception {
    Method m =
        Arrays.stream(wrk.getDeclaredMethods())
            .filter(d -> d.getName().equals(method) && d.getParameterCount() == args.length)
            .filter(
                d ->
                    Arrays.stream(d.getParameterTypes())
                        .allMatch(t -> t == String.class || t == URI.class))
            .filter(
                d -> {
                  Class<?>[] types = d.getParameterTypes();
                  for (int i = 0; i < args.length; i++) {
                    if (!types[i].isInstance(args[i])) {
                      return false;
                    }
                  }
                  return true;
                })
            .findFirst()
            .orElseThrow(() -> new AssertionError("no " + method + " in WrkRequests"));
    m.setAccessible(true);
    try {
      return m.invoke(null, args);
    } catch (InvocationTargetException e) {
      throw (Exception) e.getCause();
    }
  }

  @Test
  void signAndVerifyBodiesAreTheSimulationsBodiesForEverySigningSpec() throws Exception {
    for (String spec : KeyType.SIGNING_SPECS) {
      KeyType type = new KeyType(spec);
      assertEquals(type.signBody(KEY), call("signBody", spec, KEY), spec);
      assertEquals(type.verifyBody(KEY, "c2ln"), call("verifyBody", spec, KEY, "c2ln"), spec);
      assertEquals(type.createKeyBody("loadtest"), call("createKeyBody", spec), spec);
    }
  }

  @Test
  void macBodiesAreTheSimulationsBodiesForEveryHmacSpec() throws Exception {
    for (String spec : KeyType.HMAC_SPECS) {
      KeyType type = new KeyType(spec);
      assertEquals(type.generateMacBody(KEY), call("macBody", spec, KEY), spec);
      assertEquals(type.verifyMacBody(KEY, "bWFj"), call("verifyMacBody", spec, KEY, "bWFj"), spec);
      assertEquals(type.createKeyBody("loadtest"), call("createKeyBody", spec), spec);
    }
    assertEquals("{}", call("createKeyBody", "SYMMETRIC_DEFAULT"));
  }

  @Test
  void signBodyCarriesTheCurvesAlgorithmAndA32ByteRawMessage() throws Exception {
    JsonNode body = new ObjectMapper().readTree((String) call("signBody", "ECC_NIST_P384", KEY));
    assertEquals(KEY, body.get("KeyId").asText());
    assertEquals("ECDSA_SHA_384", body.get("SigningAlgorithm").asText());
    assertEquals("RAW", body.get("MessageType").asText());
    assertEquals(32, Base64.getDecoder().decode(body.get("Message").asText()).length);
    assertEquals(
        "RSASSA_PSS_SHA_256",
        new ObjectMapper()
            .readTree((String) call("signBody", "RSA_4096", KEY))
            .get("SigningAlgorithm")
            .asText());
  }

  @Test
  void preSignedSignRequestIsACompleteSigV4SignedHttpRequest() throws Exception {
    String json = (String) call("signBody", "ECC_NIST_P256", KEY);
    byte[] raw = (byte[]) call("raw", URI.create("http://127.0.0.1:14599"), "Sign", json);
    String text = new String(raw, StandardCharsets.UTF_8);
    int end = text.indexOf("\r\n\r\n");
    List<String> head = List.of(text.substring(0, end).split("\r\n"));
    byte[] body = Arrays.copyOfRange(raw, end + 4, raw.length);

    assertEquals("POST / HTTP/1.1", head.get(0));
    assertArrayEquals(json.getBytes(StandardCharsets.UTF_8), body);
    assertTrue(head.contains("X-Amz-Target: TrentService.Sign"), head::toString);
    assertTrue(head.contains("Content-Length: " + body.length), head::toString);
    assertTrue(head.contains("Content-Type: application/x-amz-json-1.1"), head::toString);
    assertTrue(head.stream().anyMatch(h -> h.startsWith("Host: 127.0.0.1:14599")), head::toString);
    assertTrue(
        head.stream()
            .anyMatch(
                h ->
                    h.startsWith("Authorization: AWS4-HMAC-SHA256 Credential=test/")
                        && h.contains("/ch-gva-2/kms/aws4_request")),
        head::toString);
  }

  @Test
  void signOpsRefuseAKeySpecOfTheWrongKind() throws Exception {
    assertEquals(null, call("keySpec", "encrypt"));
    assertEquals("ECC_NIST_P256", call("keySpec", "signverify"));
    assertEquals("HMAC_256", call("keySpec", "macverify"));
    System.setProperty("load.keySpec", "HMAC_256");
    try {
      assertThrows(IllegalArgumentException.class, () -> call("keySpec", "sign"));
      assertEquals("HMAC_256", call("keySpec", "mac"));
    } finally {
      System.clearProperty("load.keySpec");
    }
  }

  @Test
  void writtenRequestsAreLengthPrefixedForReplayLua(@TempDir Path dir) throws Exception {
    byte[] raw = (byte[]) call("raw", URI.create("http://127.0.0.1:1"), "GenerateMac", "{}");
    Path out = dir.resolve("r.req");
    try (var o = Files.newOutputStream(out)) {
      Method write = wrk.getDeclaredMethod("write", java.io.OutputStream.class, byte[].class);
      write.setAccessible(true);
      write.invoke(null, o, raw);
    }
    byte[] written = Files.readAllBytes(out);
    String prefix = raw.length + "\n";
    assertEquals(prefix, new String(written, 0, prefix.length(), StandardCharsets.US_ASCII));
    assertEquals(prefix.length() + raw.length, written.length);
  }
}
