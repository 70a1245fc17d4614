package com.verenc.kms.loadtest.signing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.verenc.kms.node.auth.Account;
import com.verenc.kms.node.auth.SigV4Verifier;
import com.verenc.kms.node.auth.SignedRequest;
import com.verenc.kms.protocol.KmsException;
import io.gatling.http.client.Request;
import io.gatling.http.client.body.string.StringRequestBody;
import io.gatling.http.client.uri.Uri;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A Gatling request signed by the load generator's hook is accepted by the node's own verifier. */
class KmsRequestSignerTest {
  private static final String BODY = "{\"KeyId\":\"alias/bench\",\"Plaintext\":\"AAAA\"}";

  private final SigV4Verifier node =
      new SigV4Verifier(
          List.of(new Account("111122223333", Map.of("test", "test"))),
          "ch-gva-2",
          "kms",
          Clock.systemUTC());

  @Test
  void signedEncryptRequestIsAcceptedByTheNode() {
    Request signed = new KmsRequestSigner("test", "test", "ch-gva-2").apply(encryptRequest(BODY));

    assertEquals("111122223333", node.verify(asNodeSeesIt(signed, BODY)).accountId());
  }

  @Test
  void bodyChangedAfterSigningIsRefused() {
    Request signed = new KmsRequestSigner("test", "test", "ch-gva-2").apply(encryptRequest(BODY));

    assertThrows(
        KmsException.class, () -> node.verify(asNodeSeesIt(signed, BODY.replace("AAAA", "BBBB"))));
  }

  @Test
  void requestSignedForAnotherZoneIsRefused() {
    Request signed = new KmsRequestSigner("test", "test", "de-fra-1").apply(encryptRequest(BODY));

    assertThrows(KmsException.class, () -> node.verify(asNodeSeesIt(signed, BODY)));
  }

  private static Request encryptRequest(String body) {
    HttpHeaders headers =
        new DefaultHttpHeaders()
            .add("Content-Type", "application/x-amz-json-1.1")
            .add("X-Amz-Target", "TrentService.Encrypt");
    return new Request(
        "Encrypt",
        HttpMethod.POST,
        Uri.create("http://127.0.0.1:4599/"),
        headers,
        List.of(),
        new StringRequestBody(body, StandardCharsets.UTF_8),
        60_000,
        false,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        false,
        null,
        null);
  }

  private static SignedRequest asNodeSeesIt(Request request, String body) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (Map.Entry<String, String> header : request.getHeaders()) {
      headers
          .computeIfAbsent(header.getKey().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
          .add(header.getValue());
    }
    return new SignedRequest("POST", "/", "", headers, body.getBytes(StandardCharsets.UTF_8));
  }
}
