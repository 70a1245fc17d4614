package com.verenc.kms.node.reliability.input;

import com.verenc.kms.node.api.RawAuth;
import com.verenc.kms.protocol.WireCodec;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A TrentService request built for the wire: signed by the AWS SDK's own SigV4 signer (via {@link
 * RawAuth}), then optionally broken after signing (headers dropped or replaced, another body sent,
 * chunked framing, an Expect: 100-continue handshake).
 */
record WireRequest(
    String target,
    String contentType,
    byte[] signedBody,
    byte[] sentBody,
    RawAuth auth,
    Map<String, String> replaced,
    UnaryOperator<String> authorizationTamper,
    boolean chunked,
    boolean expectContinue) {

  static final String ZONE = "ch-gva-2";
  static final RawAuth DEV = RawAuth.signedAs("test", "test");

  static WireRequest of(String target, byte[] body) {
    return new WireRequest(
        target, WireCodec.CONTENT_TYPE, body, body, DEV, Map.of(), a -> a, false, false);
  }

  static WireRequest of(String target, String json) {
    return of(target, json.getBytes(StandardCharsets.UTF_8));
  }

  WireRequest contentType(String type) {
    return new WireRequest(
        target,
        type,
        signedBody,
        sentBody,
        auth,
        replaced,
        authorizationTamper,
        chunked,
        expectContinue);
  }

  WireRequest auth(RawAuth signer) {
    return new WireRequest(
        target,
        contentType,
        signedBody,
        sentBody,
        signer,
        replaced,
        authorizationTamper,
        chunked,
        expectContinue);
  }

  /** Sends another body than the one signed. */
  WireRequest sending(byte[] body) {
    return new WireRequest(
        target,
        contentType,
        signedBody,
        body,
        auth,
        replaced,
        authorizationTamper,
        chunked,
        expectContinue);
  }

  /** Replaces a header after signing; a null value removes it. */
  WireRequest header(String name, String value) {
    Map<String, String> headers = new LinkedHashMap<>(replaced);
    headers.put(name, value);
    return new WireRequest(
        target,
        contentType,
        signedBody,
        sentBody,
        auth,
        headers,
        authorizationTamper,
        chunked,
        expectContinue);
  }

  WireRequest tamperAuthorization(UnaryOperator<String> tamper) {
    return new WireRequest(
        target, contentType, signedBody, sentBody, auth, replaced, tamper, chunked, expectContinue);
  }

  WireRequest asChunked() {
    return new WireRequest(
        target,
        contentType,
        signedBody,
        sentBody,
        auth,
        replaced,
        authorizationTamper,
        true,
        expectContinue);
  }

  WireRequest withExpectContinue() {
    return new WireRequest(
        target,
        contentType,
        signedBody,
        sentBody,
        auth,
        replaced,
        authorizationTamper,
        chunked,
        true);
  }

  Probe probe(String category, String description, int port) {
    return new Probe(category, description, head(port), framedBody(), false);
  }

  /** The head as it goes out, ending with the blank line. */
  byte[] head(int port) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Host", "127.0.0.1:" + port);
    if (contentType != null) {
      headers.put("Content-Type", contentType);
    }
    if (target != null) {
      headers.put("X-Amz-Target", target);
    }
    String signedType = contentType == null ? WireCodec.CONTENT_TYPE : contentType;
    auth.headersFor(URI.create("http://127.0.0.1:" + port), ZONE, signedType, target, signedBody)
        .forEach(headers::put);
    headers.computeIfPresent("Authorization", (k, v) -> authorizationTamper.apply(v));
    if (chunked) {
      headers.put("Transfer-Encoding", "chunked");
    } else {
      headers.put("Content-Length", Integer.toString(sentBody.length));
    }
    if (expectContinue) {
      headers.put("Expect", "100-continue");
    }
    headers.put("Connection", "close");
    replaced.forEach(
        (name, value) -> {
          headers
              .keySet()
              .removeIf(h -> h.toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT)));
          if (value != null) {
            headers.put(name, value);
          }
        });
    StringBuilder head = new StringBuilder("POST / HTTP/1.1\r\n");
    headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
    head.append("\r\n");
    return head.toString().getBytes(StandardCharsets.UTF_8);
  }

  private byte[] framedBody() {
    if (!chunked) {
      return sentBody;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int chunk = 8192;
    for (int offset = 0; offset < sentBody.length; offset += chunk) {
      int length = Math.min(chunk, sentBody.length - offset);
      out.writeBytes((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
      out.write(sentBody, offset, length);
      out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
    }
    out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    return out.toByteArray();
  }
}
