package com.verenc.kms.node.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.verenc.kms.node.testkit.TestFiles;
import com.verenc.kms.node.testkit.TestNode;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.function.Executable;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.AliasListEntry;
import software.amazon.awssdk.services.kms.model.DryRunOperationException;
import software.amazon.awssdk.services.kms.model.KeyListEntry;
import software.amazon.awssdk.services.kms.model.KmsException;
import software.amazon.awssdk.services.kms.model.ListAliasesResponse;
import software.amazon.awssdk.services.kms.model.ListKeysResponse;
import software.amazon.awssdk.services.kms.model.NotFoundException;
import software.amazon.awssdk.services.kms.model.Tag;

/** Helpers shared by the API test classes: error assertions, names, list walking, raw HTTP. */
final class KmsTestSupport {
  static final String ACCOUNT = TestNode.DEV_ACCOUNT;
  static final String ZONE = TestNode.ZONE;

  private KmsTestSupport() {}

  /** The ARN the node (aws dialect, partition aws) answers with for a key of the dev account. */
  static String keyArn(String keyId) {
    return keyArn(ACCOUNT, keyId);
  }

  static String keyArn(String account, String keyId) {
    return "arn:aws:kms:" + ZONE + ":" + account + ":key/" + keyId;
  }

  static String aliasArn(String aliasName) {
    return "arn:aws:kms:" + ZONE + ":" + ACCOUNT + ":" + aliasName;
  }

  /** The seed pages' form, which the node accepts in either dialect. */
  static String verencKeyArn(String keyId) {
    return "arn:verenc:" + ACCOUNT + ":key/" + keyId;
  }

  static String verencAliasArn(String aliasName) {
    return "arn:verenc:" + ACCOUNT + ":" + aliasName;
  }

  /** An alias name no other test uses. */
  static String uniqueAlias(String purpose) {
    return "alias/test/" + purpose + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  static SdkBytes utf8(String text) {
    return SdkBytes.fromUtf8String(text);
  }

  static Tag tag(String key, String value) {
    return Tag.builder().tagKey(key).tagValue(value).build();
  }

  /**
   * Asserts the call fails with exactly this SDK exception type, this {@code __type} and HTTP 400,
   * and carries a request id.
   */
  static <T extends KmsException> T assertKmsError(
      Class<T> type, String errorCode, Executable call) {
    KmsException e = assertThrows(KmsException.class, call);
    String what =
        e.awsErrorDetails().errorCode()
            + " ("
            + e.statusCode()
            + "): "
            + e.awsErrorDetails().errorMessage();
    assertEquals(type, e.getClass(), () -> "SDK exception type; the server answered " + what);
    assertEquals(
        errorCode,
        e.awsErrorDetails().errorCode(),
        () -> "error code; the server answered " + what);
    assertEquals(400, e.statusCode(), () -> "HTTP status; the server answered " + what);
    assertNotNull(e.requestId(), "every error carries x-amzn-RequestId");
    return type.cast(e);
  }

  static NotFoundException assertNotFound(Executable call) {
    return assertKmsError(NotFoundException.class, "NotFoundException", call);
  }

  /** AccessDeniedException is not modelled by the SDK either: the generic KmsException. */
  static KmsException assertDenied(Executable call) {
    return assertKmsError(KmsException.class, "AccessDeniedException", call);
  }

  /** A DryRun the caller is allowed: the model's DryRunOperationException, not a denial. */
  static DryRunOperationException assertWouldSucceed(Executable call) {
    return assertKmsError(DryRunOperationException.class, "DryRunOperationException", call);
  }

  /** ValidationException is not modelled by the SDK, so it arrives as the generic KmsException. */
  static KmsException assertValidationError(Executable call) {
    return assertKmsError(KmsException.class, "ValidationException", call);
  }

  /** Every key id of the account, walking ListKeys page by page with the given Limit. */
  static List<String> listAllKeyIds(KmsClient kms, int limit) {
    List<String> ids = new ArrayList<>();
    String marker = null;
    for (int pages = 0; pages < 10_000; pages++) {
      String m = marker;
      ListKeysResponse page = kms.listKeys(b -> b.limit(limit).marker(m));
      assertTrue(page.keys().size() <= limit, "a page holds at most Limit keys");
      page.keys().stream().map(KeyListEntry::keyId).forEach(ids::add);
      if (!Boolean.TRUE.equals(page.truncated())) {
        assertEquals(null, page.nextMarker(), "the last page has no NextMarker");
        return ids;
      }
      assertNotNull(page.nextMarker(), "a truncated page has a NextMarker");
      marker = page.nextMarker();
    }
    return fail("ListKeys never ended");
  }

  /** Every alias of the account (or of one key), walking ListAliases page by page. */
  static List<AliasListEntry> listAllAliases(KmsClient kms, String keyId, int limit) {
    List<AliasListEntry> all = new ArrayList<>();
    String marker = null;
    for (int pages = 0; pages < 10_000; pages++) {
      String m = marker;
      ListAliasesResponse page = kms.listAliases(b -> b.keyId(keyId).limit(limit).marker(m));
      assertTrue(page.aliases().size() <= limit, "a page holds at most Limit aliases");
      all.addAll(page.aliases());
      if (!Boolean.TRUE.equals(page.truncated())) {
        return all;
      }
      assertNotNull(page.nextMarker(), "a truncated page has a NextMarker");
      marker = page.nextMarker();
    }
    return fail("ListAliases never ended");
  }

  /** Polls until the condition holds, failing after the timeout. */
  static void eventually(Duration timeout, String what, BooleanSupplier condition) {
    Instant deadline = Instant.now().plus(timeout);
    while (!condition.getAsBoolean()) {
      if (Instant.now().isAfter(deadline)) {
        fail("not within " + timeout.toSeconds() + " s: " + what);
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        fail("interrupted while waiting for: " + what);
      }
    }
  }

  static void deleteRecursively(Path dir) {
    TestFiles.deleteRecursively(dir);
  }

  /**
   * Stops what a test class started: its client, its node, its database (if PostgreSQL) and its
   * files.
   */
  static void stopAll(KmsClient kms, TestNode node, Path dir) {
    if (kms != null) {
      kms.close();
    }
    TestNode.discard(node, dir);
  }

  // ------------------------------------------------------------------ raw HTTP

  /** Requests signed for real with the dev account's access key. */
  static final RawAuth TEST_AUTHORIZATION = RawAuth.signedAs("test", "test");

  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10))
          .build();

  /** POST / to the node as a hand-written TrentService request; null headers are left out. */
  static HttpResponse<String> rawPost(URI endpoint, String target, RawAuth auth, byte[] body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(endpoint.resolve("/"))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/x-amz-json-1.1")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (target != null) {
      request.header("X-Amz-Target", target);
    }
    auth.headersFor(endpoint, ZONE, "application/x-amz-json-1.1", target, body)
        .forEach(request::header);
    return send(request);
  }

  private static HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static HttpResponse<String> rawPost(URI endpoint, String target, RawAuth auth, String body) {
    return rawPost(endpoint, target, auth, body.getBytes(StandardCharsets.UTF_8));
  }

  /** A response read off a raw socket: status, headers (names in lower case) and body. */
  record RawResponse(int status, Map<String, String> headers, String body) {}

  /**
   * Sends a request with {@code Expect: 100-continue} over a plain socket, so that a server that
   * refuses it from its headers answers before any body is sent, and a server that wants the body
   * gets it after its 100 Continue. {@code chunked} sends the body as one chunk without the final
   * empty chunk (the server must decide from what it has read). Unlike a client that writes the
   * whole body first, this never races the server closing the connection.
   */
  static RawResponse rawExpectContinue(
      URI endpoint, String target, RawAuth auth, byte[] body, boolean chunked) {
    try (Socket socket = new Socket(endpoint.getHost(), endpoint.getPort())) {
      socket.setSoTimeout(15_000);
      OutputStream out = socket.getOutputStream();
      InputStream in = new BufferedInputStream(socket.getInputStream());
      String head =
          "POST / HTTP/1.1\r\n"
              + "Host: "
              + endpoint.getHost()
              + ":"
              + endpoint.getPort()
              + "\r\n"
              + "Content-Type: application/x-amz-json-1.1\r\n"
              + "X-Amz-Target: "
              + target
              + "\r\n"
              + signedHeaderLines(
                  auth.headersFor(endpoint, ZONE, "application/x-amz-json-1.1", target, body))
              + "Expect: 100-continue\r\n"
              + (chunked
                  ? "Transfer-Encoding: chunked\r\n"
                  : "Content-Length: " + body.length + "\r\n")
              + "\r\n";
      out.write(head.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      RawResponse response = readHead(in);
      if (response.status() == 100) {
        if (chunked) {
          out.write(
              (Integer.toHexString(body.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
          out.write(body);
          out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        } else {
          out.write(body);
        }
        out.flush();
        response = readHead(in);
      }
      int length = Integer.parseInt(response.headers().getOrDefault("content-length", "-1"));
      byte[] content = length >= 0 ? in.readNBytes(length) : in.readAllBytes();
      return new RawResponse(
          response.status(), response.headers(), new String(content, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String signedHeaderLines(Map<String, String> headers) {
    StringBuilder lines = new StringBuilder();
    headers.forEach((name, value) -> lines.append(name).append(": ").append(value).append("\r\n"));
    return lines.toString();
  }

  private static RawResponse readHead(InputStream in) throws IOException {
    List<String> lines = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    while (true) {
      int c = in.read();
      if (c < 0) {
        throw new IOException("connection closed in the response head after " + lines);
      }
      if (c == '\n') {
        String l = line.toString().replace("\r", "");
        line.setLength(0);
        if (l.isEmpty()) {
          break;
        }
        lines.add(l);
      } else {
        line.append((char) c);
      }
    }
    int status = Integer.parseInt(lines.get(0).split(" ")[1]);
    Map<String, String> headers = new java.util.HashMap<>();
    for (String h : lines.subList(1, lines.size())) {
      int colon = h.indexOf(':');
      headers.put(
          h.substring(0, colon).trim().toLowerCase(java.util.Locale.ROOT),
          h.substring(colon + 1).trim());
    }
    return new RawResponse(status, headers, "");
  }
}
