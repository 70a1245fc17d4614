package com.verenc.kms.node.reliability.input;

import com.verenc.kms.node.api.RawAuth;
import com.verenc.kms.protocol.Operation;
import com.verenc.kms.protocol.WireCodec;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Generators of hostile TrentService inputs, one per category, all aimed at one running node with
 * one real key and one real ciphertext made under it.
 */
final class HostileInputs {
  private static final Base64.Encoder B64 = Base64.getEncoder();

  private final int port;
  private final String keyId;
  private final byte[] ciphertext;

  HostileInputs(int port, String keyId, byte[] ciphertext) {
    this.port = port;
    this.keyId = keyId;
    this.ciphertext = ciphertext.clone();
  }

  // ---------------------------------------------------------------- valid templates

  /** A valid request the mutations start from: an operation and its JSON body. */
  record Template(String operation, String json) {}

  private List<Template> validTemplates() {
    String plaintext =
        B64.encodeToString("hostile input plaintext".getBytes(StandardCharsets.UTF_8));
    String blob = B64.encodeToString(ciphertext);
    return List.of(
        new Template(
            "Encrypt", "{\"KeyId\":\"" + keyId + "\",\"Plaintext\":\"" + plaintext + "\"}"),
        new Template(
            "Encrypt",
            "{\"KeyId\":\""
                + keyId
                + "\",\"Plaintext\":\""
                + plaintext
                + "\",\"EncryptionContext\":{\"purpose\":\"hostile\"}}"),
        new Template("Decrypt", "{\"CiphertextBlob\":\"" + blob + "\"}"),
        new Template(
            "Decrypt", "{\"CiphertextBlob\":\"" + blob + "\",\"KeyId\":\"" + keyId + "\"}"),
        new Template("GenerateDataKey", "{\"KeyId\":\"" + keyId + "\",\"KeySpec\":\"AES_256\"}"),
        new Template("GenerateDataKey", "{\"KeyId\":\"" + keyId + "\",\"NumberOfBytes\":32}"),
        new Template("DescribeKey", "{\"KeyId\":\"" + keyId + "\"}"),
        new Template("ListKeys", "{\"Limit\":5}"),
        new Template("GenerateRandom", "{\"NumberOfBytes\":16}"),
        new Template(
            "ReEncrypt",
            "{\"CiphertextBlob\":\"" + blob + "\",\"DestinationKeyId\":\"" + keyId + "\"}"));
  }

  private String encryptBody() {
    return validTemplates().get(0).json();
  }

  private Probe signed(String category, String description, String operation, byte[] body) {
    return WireRequest.of("TrentService." + operation, body).probe(category, description, port);
  }

  private Probe signed(String category, String description, String operation, String body) {
    return signed(category, description, operation, body.getBytes(StandardCharsets.UTF_8));
  }

  // ---------------------------------------------------------------- malformed JSON

  Arbitrary<Probe> malformedJson() {
    String valid = encryptBody();
    Arbitrary<Probe> randomBytes =
        Arbitraries.bytes()
            .array(byte[].class)
            .ofMinSize(1)
            .ofMaxSize(400)
            .map(b -> signed("malformed-json", "random bytes", "Encrypt", b));
    Arbitrary<Probe> truncated =
        Arbitraries.integers()
            .between(1, valid.length() - 1)
            .map(
                cut ->
                    signed("malformed-json", "cut at " + cut, "Encrypt", valid.substring(0, cut)));
    Arbitrary<Probe> trailing =
        Arbitraries.of("x", "{}", ",", "]", "}", "\u0000", " null", "[]", "\"a\"")
            .map(t -> signed("malformed-json", "trailing " + t, "Encrypt", valid + t));
    Arbitrary<Probe> nested =
        Arbitraries.integers()
            .between(900, 60_000)
            .map(
                depth ->
                    signed(
                        "malformed-json",
                        "nested " + depth,
                        "Encrypt",
                        "{\"KeyId\":" + "[".repeat(depth)));
    Arbitrary<Probe> nestedClosed =
        Arbitraries.integers()
            .between(1_001, 20_000)
            .map(
                depth ->
                    signed(
                        "malformed-json",
                        "nested closed " + depth,
                        "Encrypt",
                        "{\"KeyId\":\""
                            + keyId
                            + "\",\"X\":"
                            + "[".repeat(depth)
                            + "]".repeat(depth)
                            + "}"));
    Arbitrary<Probe> lenientSyntax =
        Arbitraries.of(
                valid.replace('"', '\''),
                valid.replace("{", "{ // comment\n"),
                valid.replace("\"KeyId\"", "KeyId"),
                valid.replace("}", ",}"),
                "{\"KeyId\":\"" + keyId + "\",\"KeyId\":\"" + keyId + "\",\"Plaintext\":\"AAAA\"}",
                "{\"KeyId\":\"" + keyId + "\",\"Plaintext\":NaN}",
                "null",
                "[]",
                "\"Encrypt\"",
                "42",
                "true",
                " ",
                "{",
                "}",
                "{\"KeyId\"}",
                "{\"KeyId\":}",
                "{\"KeyId\":\"" + keyId + "\\x\"}",
                "{\"KeyId\":\"\\ud800\"}")
            .map(b -> signed("malformed-json", "syntax", "Encrypt", b));
    return Arbitraries.oneOf(randomBytes, truncated, trailing, nested, nestedClosed, lenientSyntax);
  }

  // ---------------------------------------------------------------- wrong types

  /** A field of a request and the JSON kind it must have. */
  private record Field(String operation, String base, String name, String kind) {}

  Arbitrary<Probe> wrongTypes() {
    String plaintext = B64.encodeToString(new byte[] {1, 2, 3});
    String blob = B64.encodeToString(ciphertext);
    List<Field> fields =
        List.of(
            new Field("Encrypt", "\"Plaintext\":\"" + plaintext + "\"", "KeyId", "string"),
            new Field("Encrypt", "\"KeyId\":\"" + keyId + "\"", "Plaintext", "string"),
            new Field(
                "Encrypt",
                "\"KeyId\":\"" + keyId + "\",\"Plaintext\":\"" + plaintext + "\"",
                "EncryptionContext",
                "map"),
            new Field(
                "Encrypt",
                "\"KeyId\":\"" + keyId + "\",\"Plaintext\":\"" + plaintext + "\"",
                "GrantTokens",
                "list"),
            new Field("Decrypt", "\"KeyId\":\"" + keyId + "\"", "CiphertextBlob", "string"),
            new Field("Decrypt", "\"CiphertextBlob\":\"" + blob + "\"", "EncryptionContext", "map"),
            new Field("GenerateDataKey", "\"KeyId\":\"" + keyId + "\"", "NumberOfBytes", "number"),
            new Field("GenerateDataKey", "\"KeyId\":\"" + keyId + "\"", "KeySpec", "string"),
            new Field("GenerateRandom", "\"Recipient\":null", "NumberOfBytes", "number"),
            new Field("ListKeys", "\"Marker\":null", "Limit", "number"),
            new Field("ListKeys", "\"Limit\":5", "Marker", "string"),
            new Field("DescribeKey", "\"GrantTokens\":[]", "KeyId", "string"));
    return Combinators.combine(Arbitraries.of(fields), Arbitraries.integers().between(0, 99))
        .as(
            (field, pick) -> {
              List<String> wrong = wrongValuesFor(field.kind());
              String value = wrong.get(pick % wrong.size());
              String body = "{" + field.base() + ",\"" + field.name() + "\":" + value + "}";
              return signed(
                  "wrong-types",
                  field.operation() + "." + field.name() + "=" + value,
                  field.operation(),
                  body);
            });
  }

  private static List<String> wrongValuesFor(String kind) {
    return switch (kind) {
      case "string" ->
          List.of(
              "123", "true", "false", "[]", "{}", "[\"x\"]", "{\"a\":\"b\"}", "1.5", "-0", "1e9");
      case "number" ->
          List.of(
              "\"32\"",
              "true",
              "1.5",
              "[]",
              "{}",
              "1e400",
              "99999999999999999999",
              "\"\"",
              "[32]",
              "{\"n\":32}",
              "-1e-7",
              "32.0");
      case "map" ->
          List.of(
              "\"x\"",
              "1",
              "true",
              "[]",
              "[\"a\",\"b\"]",
              "{\"a\":1}",
              "{\"a\":true}",
              "{\"a\":{\"b\":\"c\"}}",
              "{\"a\":[\"b\"]}");
      case "list" -> List.of("\"x\"", "1", "true", "{}", "[1]", "[{}]", "[[\"a\"]]", "[true]");
      default -> throw new IllegalArgumentException(kind);
    };
  }

  // ---------------------------------------------------------------- unknown fields

  Arbitrary<Probe> unknownFields() {
    Arbitrary<String> names =
        Arbitraries.oneOf(
            Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(30),
            Arbitraries.strings()
                .all()
                .ofMinLength(1)
                .ofMaxLength(12)
                .map(HostileInputs::jsonEscape),
            Arbitraries.of(
                "keyid",
                "KEYID",
                "Plaintext ",
                "__type",
                "constructor",
                "__proto__",
                "$ref",
                "@class"));
    Arbitrary<String> values =
        Arbitraries.oneOf(
            Arbitraries.strings().ofMaxLength(50).map(s -> "\"" + jsonEscape(s) + "\""),
            Arbitraries.integers().map(String::valueOf),
            Arbitraries.of(
                "null", "true", "[]", "{}", "{\"a\":{\"b\":[1,2,{\"c\":null}]}}", "1e308", "\"\""));
    Arbitrary<String> extra = Combinators.combine(names, values).as((n, v) -> "\"" + n + "\":" + v);
    return Combinators.combine(
            Arbitraries.of(validTemplates()), extra.list().ofMinSize(1).ofMaxSize(5))
        .as(
            (template, fields) -> {
              String body =
                  template.json().substring(0, template.json().length() - 1)
                      + ","
                      + String.join(",", fields)
                      + "}";
              return signed(
                      "unknown-fields",
                      template.operation() + " +" + fields.size(),
                      template.operation(),
                      body)
                  .acceptable();
            });
  }

  private static String jsonEscape(String s) {
    StringBuilder out = new StringBuilder();
    for (char c : s.toCharArray()) {
      if (c == '"' || c == '\\' || c < 0x20) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  // ---------------------------------------------------------------- invalid base64 and UTF-8

  Arbitrary<Probe> invalidEncoding() {
    String plaintext = B64.encodeToString("some plaintext bytes".getBytes(StandardCharsets.UTF_8));
    String blob = B64.encodeToString(ciphertext);
    Arbitrary<Probe> badBase64 =
        Combinators.combine(
                Arbitraries.of("Plaintext", "CiphertextBlob"),
                Arbitraries.of(
                    "!", "*", "-", "_", "~", " ", ".", "\\t", "\\n", "=", "==A", "\\u00e9", "%",
                    "\\u0000"),
                Arbitraries.doubles().between(0, 1))
            .as(
                (field, bad, where) -> {
                  String good = field.equals("Plaintext") ? plaintext : blob;
                  int at = (int) (where * (good.length() - 1));
                  String broken = good.substring(0, at) + bad + good.substring(at);
                  String body =
                      field.equals("Plaintext")
                          ? "{\"KeyId\":\"" + keyId + "\",\"Plaintext\":\"" + broken + "\"}"
                          : "{\"CiphertextBlob\":\"" + broken + "\"}";
                  return signed(
                      "invalid-base64",
                      field + " with '" + bad + "' at " + at,
                      field.equals("Plaintext") ? "Encrypt" : "Decrypt",
                      body);
                });
    Arbitrary<Probe> oddLength =
        Arbitraries.strings()
            .withChars("ABCDEFGHabcdefgh0123456789+/")
            .ofMinLength(1)
            .ofMaxLength(200)
            .filter(s -> s.length() % 4 == 1)
            .map(
                s ->
                    signed(
                        "invalid-base64",
                        "length 1 mod 4",
                        "Encrypt",
                        "{\"KeyId\":\"" + keyId + "\",\"Plaintext\":\"" + s + "\"}"));
    Arbitrary<Probe> badUtf8 =
        Combinators.combine(
                Arbitraries.of(
                    new byte[] {(byte) 0xff},
                    new byte[] {(byte) 0xc0, (byte) 0xaf},
                    new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80},
                    new byte[] {(byte) 0xc3},
                    new byte[] {(byte) 0xf8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80},
                    new byte[] {(byte) 0xe2, (byte) 0x82},
                    new byte[] {(byte) 0x80},
                    new byte[] {(byte) 0xfe, (byte) 0xff}),
                Arbitraries.of("KeyId", "Plaintext", "EncryptionContext"))
            .as(
                (bytes, field) -> {
                  String before;
                  String after;
                  switch (field) {
                    case "KeyId" -> {
                      before = "{\"KeyId\":\"" + keyId.substring(0, 8);
                      after = keyId.substring(8) + "\",\"Plaintext\":\"" + plaintext + "\"}";
                    }
                    case "Plaintext" -> {
                      before = "{\"KeyId\":\"" + keyId + "\",\"Plaintext\":\"AAAA";
                      after = "\"}";
                    }
                    default -> {
                      before =
                          "{\"KeyId\":\""
                              + keyId
                              + "\",\"Plaintext\":\""
                              + plaintext
                              + "\",\"EncryptionContext\":{\"k\":\"v";
                      after = "\"},\"Plaintext\":1}";
                    }
                  }
                  byte[] body =
                      concat(
                          before.getBytes(StandardCharsets.UTF_8),
                          bytes,
                          after.getBytes(StandardCharsets.UTF_8));
                  return signed(
                      "invalid-utf8", field + " with " + Arrays.toString(bytes), "Encrypt", body);
                });
    return Arbitraries.oneOf(badBase64, oddLength, badUtf8);
  }

  private static byte[] concat(byte[]... parts) {
    int length = 0;
    for (byte[] p : parts) {
      length += p.length;
    }
    byte[] out = new byte[length];
    int at = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, out, at, p.length);
      at += p.length;
    }
    return out;
  }

  // ---------------------------------------------------------------- oversized bodies and fields

  Arbitrary<Probe> oversized(long maxRequestBytes) {
    Arbitrary<Probe> declaredTooLarge =
        Arbitraries.integers()
            .between((int) maxRequestBytes + 1, 1_500_000)
            .map(
                size ->
                    WireRequest.of("TrentService.Encrypt", padded(size))
                        .withExpectContinue()
                        .probe("oversized-body", "declared " + size + " bytes", port));
    Arbitrary<Probe> chunkedTooLarge =
        Arbitraries.integers()
            .between((int) maxRequestBytes + 1, 1_000_000)
            .map(
                size ->
                    WireRequest.of("TrentService.Encrypt", padded(size))
                        .asChunked()
                        .probe("oversized-body", "chunked " + size + " bytes", port));
    Arbitrary<Probe> bigPlaintext =
        Arbitraries.integers()
            .between(4_097, 200_000)
            .map(
                n ->
                    signed(
                        "oversized-field",
                        "Plaintext " + n + " bytes",
                        "Encrypt",
                        "{\"KeyId\":\""
                            + keyId
                            + "\",\"Plaintext\":\""
                            + B64.encodeToString(new byte[n])
                            + "\"}"));
    Arbitrary<Probe> bigKeyId =
        Arbitraries.integers()
            .between(2_049, 250_000)
            .map(
                n ->
                    signed(
                        "oversized-field",
                        "KeyId " + n + " chars",
                        "DescribeKey",
                        "{\"KeyId\":\"" + "k".repeat(n) + "\"}"));
    Arbitrary<Probe> bigContext =
        Arbitraries.integers()
            .between(100, 8_000)
            .map(
                n -> {
                  StringBuilder context = new StringBuilder("{");
                  for (int i = 0; i < n; i++) {
                    context
                        .append(i == 0 ? "" : ",")
                        .append("\"k")
                        .append(i)
                        .append("\":\"")
                        .append("v".repeat(20))
                        .append('"');
                  }
                  // AWS bounds an encryption context only by the request size, so a large one may
                  // pass.
                  return signed(
                          "oversized-field",
                          "EncryptionContext " + n + " pairs",
                          "Encrypt",
                          "{\"KeyId\":\""
                              + keyId
                              + "\",\"Plaintext\":\"AAAA\",\"EncryptionContext\":"
                              + context
                              + "}}")
                      .acceptable();
                });
    Arbitrary<Probe> bigNumbers =
        Arbitraries.of(
                "{\"NumberOfBytes\":1025}",
                "{\"NumberOfBytes\":2147483647}",
                "{\"NumberOfBytes\":2147483648}",
                "{\"NumberOfBytes\":-1}",
                "{\"NumberOfBytes\":0}",
                "{\"NumberOfBytes\":" + "9".repeat(5000) + "}")
            .map(
                b ->
                    signed(
                        "oversized-field",
                        "GenerateRandom " + b.substring(0, Math.min(b.length(), 40)),
                        "GenerateRandom",
                        b));
    Arbitrary<Probe> bigLimit =
        Arbitraries.of(
                "{\"Limit\":1001}",
                "{\"Limit\":0}",
                "{\"Limit\":-5}",
                "{\"Marker\":\"" + "m".repeat(100_000) + "\"}")
            .map(b -> signed("oversized-field", "ListKeys", "ListKeys", b));
    return Arbitraries.frequencyOf(
        Tuple.of(2, declaredTooLarge),
        Tuple.of(2, chunkedTooLarge),
        Tuple.of(2, bigPlaintext),
        Tuple.of(2, bigKeyId),
        Tuple.of(1, bigContext),
        Tuple.of(1, bigNumbers),
        Tuple.of(1, bigLimit));
  }

  private byte[] padded(int size) {
    String start = "{\"KeyId\":\"" + keyId + "\",\"Plaintext\":\"AAAA\",\"Padding\":\"";
    String end = "\"}";
    return (start + "p".repeat(Math.max(0, size - start.length() - end.length())) + end)
        .getBytes(StandardCharsets.UTF_8);
  }

  // ---------------------------------------------------------------- X-Amz-Target

  Arbitrary<Probe> targets() {
    String body = encryptBody();
    Arbitrary<String> unknown =
        Arbitraries.oneOf(
            Arbitraries.strings()
                .ascii()
                .ofMaxLength(80)
                .filter(s -> s.chars().allMatch(c -> c >= 0x20 && c < 0x7f)),
            Arbitraries.strings()
                .alpha()
                .ofMinLength(1)
                .ofMaxLength(40)
                .map(s -> "TrentService." + s),
            Arbitraries.of(
                "trentservice.Encrypt",
                "TrentService.encrypt",
                "TrentService.",
                "TrentService",
                "TrentService.Encrypt ",
                " TrentService.Encrypt",
                "AWSKMS.Encrypt",
                "TrentService.Encrypt.Extra",
                "TrentService.\u00c9ncrypt",
                "TrentService.Encrypt\u0000",
                "TrentService.Enc\r\nrypt",
                "TrentService." + "Encrypt".repeat(2_000)));
    Arbitrary<Probe> wrong =
        unknown.map(
            target -> {
              Probe probe =
                  WireRequest.of(target.isEmpty() ? null : target, body)
                      .probe("target", "target '" + printable(target) + "'", port);
              // HTTP drops spaces around a header value, so ' TrentService.Encrypt ' is the real
              // name.
              return acceptedByProtocol(target.trim()) ? probe.acceptable() : probe;
            });
    Arbitrary<Probe> missing =
        Arbitraries.of("Encrypt", "ListKeys")
            .map(
                op ->
                    WireRequest.of("TrentService." + op, body)
                        .header("X-Amz-Target", null)
                        .probe("target", "missing (signed for " + op + ")", port));
    Arbitrary<Probe> unsignedMissing =
        Arbitraries.just(WireRequest.of(null, body).probe("target", "missing and unsigned", port));
    Arbitrary<Probe> twice =
        Arbitraries.of("TrentService.Decrypt", "TrentService.DeleteAlias", "x")
            .map(
                second ->
                    WireRequest.of("TrentService.Encrypt", body)
                        .header("x-amz-target", second)
                        .probe("target", "replaced after signing by " + second, port));
    return Arbitraries.frequencyOf(
        Tuple.of(6, wrong), Tuple.of(2, missing), Tuple.of(1, unsignedMissing), Tuple.of(1, twice));
  }

  private static boolean acceptedByProtocol(String target) {
    try {
      Operation.fromTarget(target);
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  private static String printable(String s) {
    String clean = s.replaceAll("[^\\x20-\\x7e]", "?");
    return clean.length() > 60 ? clean.substring(0, 60) + "..." : clean;
  }

  // ---------------------------------------------------------------- Content-Type

  Arbitrary<Probe> contentTypes() {
    String body = encryptBody();
    Arbitrary<String> types =
        Arbitraries.oneOf(
                Arbitraries.of(
                    "application/json",
                    "application/x-amz-json-1.0",
                    "text/plain",
                    "application/xml",
                    "application/x-www-form-urlencoded",
                    "multipart/form-data; boundary=x",
                    "application/octet-stream",
                    "application/x-amz-json-1.1x",
                    "application/x-amz-json",
                    "application/x-amz-cbor-1.1",
                    "application/json; charset=utf-8",
                    "text/html; charset=iso-8859-1",
                    "*/*",
                    "application/*",
                    ";",
                    "application/x-amz-json-1.1/extra",
                    "x-amz-json-1.1"),
                Arbitraries.strings()
                    .ascii()
                    .ofMinLength(1)
                    .ofMaxLength(60)
                    .filter(s -> s.chars().allMatch(c -> c > 0x20 && c < 0x7f)))
            .filter(
                t ->
                    !t.toLowerCase(Locale.ROOT)
                        .replaceAll(";.*", "")
                        .trim()
                        .equals(WireCodec.CONTENT_TYPE));
    Arbitrary<Probe> wrong =
        types.map(
            type ->
                WireRequest.of("TrentService.Encrypt", body)
                    .contentType(type)
                    .probe("content-type", "'" + type + "'", port));
    Arbitrary<Probe> missing =
        Arbitraries.just(
            WireRequest.of("TrentService.Encrypt", body)
                .header("Content-Type", null)
                .probe("content-type", "missing", port));
    return Arbitraries.frequencyOf(Tuple.of(9, wrong), Tuple.of(1, missing));
  }

  // ---------------------------------------------------------------- ciphertext blobs

  Arbitrary<Probe> ciphertexts() {
    Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(300);
    Arbitrary<byte[]> truncated =
        Arbitraries.integers()
            .between(0, ciphertext.length - 1)
            .map(n -> Arrays.copyOf(ciphertext, n));
    Arbitrary<byte[]> extended =
        Arbitraries.bytes()
            .array(byte[].class)
            .ofMinSize(1)
            .ofMaxSize(64)
            .map(extra -> concat(ciphertext, extra));
    Arbitrary<byte[]> tampered =
        Arbitraries.integers()
            .between(0, ciphertext.length * 8 - 1)
            .list()
            .ofMinSize(1)
            .ofMaxSize(3)
            .uniqueElements()
            .map(
                bits -> {
                  byte[] copy = ciphertext.clone();
                  for (int bit : bits) {
                    copy[bit / 8] ^= (byte) (1 << (bit % 8));
                  }
                  return copy;
                });
    Arbitrary<byte[]> spliced =
        Arbitraries.integers()
            .between(1, ciphertext.length - 1)
            .map(
                at -> {
                  byte[] copy = ciphertext.clone();
                  byte[] swapped = new byte[copy.length];
                  System.arraycopy(copy, at, swapped, 0, copy.length - at);
                  System.arraycopy(copy, 0, swapped, copy.length - at, at);
                  return swapped;
                });
    Arbitrary<Tuple.Tuple2<String, byte[]>> blobs =
        Arbitraries.oneOf(
            random.map(b -> Tuple.of("random", b)),
            truncated.map(b -> Tuple.of("truncated to " + b.length, b)),
            extended.map(b -> Tuple.of("extended by " + (b.length - ciphertext.length), b)),
            tampered.map(b -> Tuple.of("bit-flipped", b)),
            spliced.map(b -> Tuple.of("rotated", b)));
    return Combinators.combine(
            blobs, Arbitraries.of("Decrypt", "Decrypt+KeyId", "Decrypt+Context", "ReEncrypt"))
        .as(
            (blob, how) -> {
              String b64 = B64.encodeToString(blob.get2());
              String body =
                  switch (how) {
                    case "Decrypt" -> "{\"CiphertextBlob\":\"" + b64 + "\"}";
                    case "Decrypt+KeyId" ->
                        "{\"CiphertextBlob\":\"" + b64 + "\",\"KeyId\":\"" + keyId + "\"}";
                    case "Decrypt+Context" ->
                        "{\"CiphertextBlob\":\"" + b64 + "\",\"EncryptionContext\":{\"a\":\"b\"}}";
                    default ->
                        "{\"CiphertextBlob\":\""
                            + b64
                            + "\",\"DestinationKeyId\":\""
                            + keyId
                            + "\"}";
                  };
              String op = how.startsWith("Decrypt") ? "Decrypt" : "ReEncrypt";
              return signed("ciphertext", blob.get1() + " via " + how, op, body);
            });
  }

  // ---------------------------------------------------------------- signatures

  Arbitrary<Probe> misSigned() {
    String body = encryptBody();
    WireRequest good = WireRequest.of("TrentService.Encrypt", body);
    Arbitrary<Probe> flipped =
        Arbitraries.integers()
            .between(0, 63)
            .map(
                at ->
                    good.tamperAuthorization(
                            a -> {
                              int sig = a.indexOf("Signature=") + "Signature=".length() + at;
                              char c = a.charAt(sig);
                              return a.substring(0, sig)
                                  + (c == '0' ? '1' : '0')
                                  + a.substring(sig + 1);
                            })
                        .probe("signature", "signature hex digit " + at + " changed", port));
    Arbitrary<Probe> wrongSecret =
        Arbitraries.strings()
            .alpha()
            .ofMinLength(1)
            .ofMaxLength(40)
            .filter(s -> !s.equals("test"))
            .map(
                secret ->
                    good.auth(RawAuth.signedAs("test", secret))
                        .probe("signature", "wrong secret", port));
    Arbitrary<Probe> unknownKey =
        Arbitraries.strings()
            .alpha()
            .numeric()
            .ofMinLength(1)
            .ofMaxLength(30)
            .filter(s -> !s.equals("test"))
            .map(
                id ->
                    good.auth(RawAuth.signedAs(id, "test"))
                        .probe("signature", "unknown access key " + id, port));
    Arbitrary<Probe> stale =
        Arbitraries.longs()
            .between(16, 60 * 24 * 30)
            .map(
                minutes -> {
                  Duration offset = Duration.ofMinutes(minutes);
                  Clock clock =
                      Clock.offset(Clock.systemUTC(), minutes % 2 == 0 ? offset : offset.negated());
                  return good.auth(WireRequest.DEV.at(clock))
                      .probe(
                          "signature",
                          "signed " + (minutes % 2 == 0 ? "+" : "-") + minutes + " min off",
                          port);
                });
    Arbitrary<Probe> dropped =
        Arbitraries.of("Authorization", "X-Amz-Date", "Host")
            .map(h -> good.header(h, null).probe("signature", "without " + h, port));
    Arbitrary<Probe> otherBody =
        Arbitraries.strings()
            .alpha()
            .ofMinLength(1)
            .ofMaxLength(20)
            .map(
                s ->
                    good.sending(
                            ("{\"KeyId\":\""
                                    + keyId
                                    + "\",\"Plaintext\":\""
                                    + B64.encodeToString(s.getBytes(StandardCharsets.UTF_8))
                                    + "\"}")
                                .getBytes(StandardCharsets.UTF_8))
                        .probe("signature", "body replaced after signing", port));
    Arbitrary<Probe> otherScope =
        Arbitraries.of("us-east-1", "de-fra-1", "")
            .flatMap(
                region ->
                    Arbitraries.of("kms", "s3", "")
                        .map(
                            service ->
                                good.auth(
                                        WireRequest.DEV.scopedTo(
                                            region.isEmpty() ? WireRequest.ZONE : region,
                                            service.isEmpty() ? "kms" : service))
                                    .probe("signature", "scope " + region + "/" + service, port)))
            .filter(
                p -> !p.description().equals("scope /") && !p.description().equals("scope /kms"));
    Arbitrary<Probe> garbage =
        Arbitraries.oneOf(
                Arbitraries.strings()
                    .ascii()
                    .ofMaxLength(200)
                    .filter(s -> s.chars().allMatch(c -> c >= 0x20 && c < 0x7f)),
                Arbitraries.strings()
                    .ascii()
                    .ofMaxLength(200)
                    .filter(s -> s.chars().allMatch(c -> c >= 0x20 && c < 0x7f))
                    .map(s -> "AWS4-HMAC-SHA256 " + s),
                Arbitraries.of(
                    "AWS4-HMAC-SHA256",
                    "AWS4-HMAC-SHA256 Credential=",
                    "Bearer abc",
                    "AWS4-HMAC-SHA256 Credential=test/20200101/ch-gva-2/kms/aws4_request, SignedHeaders=host, Signature=00",
                    "AWS4-HMAC-SHA256 Credential=test, SignedHeaders=, Signature="))
            .map(
                value ->
                    good.header("Authorization", value)
                        .probe("signature", "Authorization '" + printable(value) + "'", port));
    Arbitrary<Probe> otherTarget =
        Arbitraries.of("TrentService.Decrypt", "TrentService.ListKeys")
            .map(
                t ->
                    good.header("X-Amz-Target", t)
                        .probe("signature", "target changed to " + t, port));
    return Arbitraries.oneOf(
        flipped,
        wrongSecret,
        unknownKey,
        stale,
        dropped,
        otherBody,
        otherScope,
        garbage,
        otherTarget);
  }

  // ---------------------------------------------------------------- raw malformed HTTP

  Arbitrary<Probe> rawHttp() {
    String body = encryptBody();
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    String signedHead =
        new String(
            WireRequest.of("TrentService.Encrypt", body).asChunked().head(port),
            StandardCharsets.UTF_8);
    String lengthHead =
        new String(WireRequest.of("TrentService.Encrypt", body).head(port), StandardCharsets.UTF_8);
    String host = "Host: 127.0.0.1:" + port + "\r\n";
    Arbitrary<Probe> badChunks =
        Arbitraries.of(
                "zz\r\n" + body + "\r\n0\r\n\r\n",
                Integer.toHexString(bytes.length + 7) + "\r\n" + body + "\r\n0\r\n\r\n",
                Integer.toHexString(bytes.length) + "\r\n" + body + "XX0\r\n\r\n",
                "-5\r\n" + body + "\r\n0\r\n\r\n",
                "ffffffffffffffffff\r\n" + body + "\r\n0\r\n\r\n",
                Integer.toHexString(bytes.length)
                    + ";"
                    + "e".repeat(300)
                    + "\r\n"
                    + body
                    + "\r\n0\r\n\r\n",
                Integer.toHexString(bytes.length) + "\r\n" + body + "\r\n0\r\nTrailer\r\n\r\n",
                "\r\n\r\n\r\n")
            .map(
                chunks ->
                    Probe.raw(
                        "raw-http",
                        "broken chunks",
                        signedHead,
                        chunks.getBytes(StandardCharsets.UTF_8)));
    Arbitrary<Probe> unfinishedChunks =
        Arbitraries.just(
            Probe.raw(
                "raw-http",
                "no last chunk",
                signedHead,
                (Integer.toHexString(bytes.length) + "\r\n" + body + "\r\n")
                    .getBytes(StandardCharsets.UTF_8)));
    Arbitrary<Probe> shortBody =
        Arbitraries.integers()
            .between(0, bytes.length - 1)
            .map(
                sent ->
                    Probe.raw(
                        "raw-http",
                        "Content-Length " + bytes.length + " but " + sent + " sent",
                        lengthHead,
                        Arrays.copyOf(bytes, sent)));
    Arbitrary<Probe> badLength =
        Arbitraries.of(
                "abc",
                "-1",
                "1e3",
                "0x10",
                "99999999999999999999",
                "",
                "12, 13",
                bytes.length + "\r\nContent-Length: " + (bytes.length + 1))
            .map(
                length ->
                    Probe.raw(
                        "raw-http",
                        "Content-Length '" + printable(length) + "'",
                        lengthHead.replace(
                            "Content-Length: " + bytes.length, "Content-Length: " + length),
                        bytes));
    Arbitrary<Probe> lengthAndChunked =
        Arbitraries.just(
            Probe.raw(
                "raw-http",
                "Content-Length and chunked",
                lengthHead.replace(
                    "Connection: close", "Transfer-Encoding: chunked\r\nConnection: close"),
                (Integer.toHexString(bytes.length) + "\r\n" + body + "\r\n0\r\n\r\n")
                    .getBytes(StandardCharsets.UTF_8)));
    Arbitrary<Probe> otherEncoding =
        Arbitraries.of("gzip", "chunked, gzip", "identity", "compress, chunked", "x")
            .map(
                te ->
                    Probe.raw(
                        "raw-http",
                        "Transfer-Encoding " + te,
                        signedHead.replace(
                            "Transfer-Encoding: chunked", "Transfer-Encoding: " + te),
                        (Integer.toHexString(bytes.length) + "\r\n" + body + "\r\n0\r\n\r\n")
                            .getBytes(StandardCharsets.UTF_8)));
    Arbitrary<Probe> badRequestLine =
        Arbitraries.oneOf(
                Arbitraries.of(
                    "POST / HTTP/9.9",
                    "POST / HTTP/1",
                    "POST /",
                    "POST  / HTTP/1.1",
                    "BREW / HTTP/1.1",
                    "POST /\u0000 HTTP/1.1",
                    "POST http://[::1 HTTP/1.1",
                    "POST /" + "a".repeat(20_000) + " HTTP/1.1",
                    "GET / HTTP/1.1",
                    "OPTIONS * HTTP/1.1",
                    "POST /?x=%zz HTTP/1.1",
                    "\u0016\u0003\u0001\u0000"),
                Arbitraries.strings()
                    .ascii()
                    .ofMinLength(1)
                    .ofMaxLength(100)
                    .filter(s -> s.chars().allMatch(c -> c >= 0x20 && c < 0x7f)))
            .map(
                line ->
                    Probe.raw(
                        "raw-http",
                        "request line '" + printable(line) + "'",
                        line
                            + "\r\n"
                            + host
                            + "Content-Length: "
                            + bytes.length
                            + "\r\nConnection: close\r\n\r\n",
                        bytes));
    Arbitrary<Probe> badHeaders =
        Arbitraries.of(
                "NoColonHere\r\n",
                "Bad Name: x\r\n",
                "X-Long: " + "v".repeat(70_000) + "\r\n",
                "X-Amz-Date: \u00ff\u00fe\r\n",
                "Host: other\r\n")
            .map(
                line ->
                    Probe.raw(
                        "raw-http",
                        "header '" + printable(line.trim()) + "'",
                        lengthHead.replace("Connection: close\r\n", line + "Connection: close\r\n"),
                        bytes));
    // Pekko HTTP skips these unsigned, unused header lines; the request itself is valid.
    Arbitrary<Probe> ignorableHeaders =
        Arbitraries.of(
                ": empty\r\n",
                "X-Nul: a\u0000b\r\n",
                " folded: continuation\r\n",
                "Content-Type: \r\n",
                "Expect: 200-ok\r\n")
            .map(
                line ->
                    Probe.raw(
                            "raw-http",
                            "header '" + printable(line.trim()) + "'",
                            lengthHead.replace(
                                "Connection: close\r\n", line + "Connection: close\r\n"),
                            bytes)
                        .acceptable());
    Arbitrary<Probe> manyHeaders =
        Arbitraries.integers()
            .between(70, 2_000)
            .map(
                n -> {
                  StringBuilder lines = new StringBuilder();
                  for (int i = 0; i < n; i++) {
                    lines.append("X-H").append(i).append(": ").append(i).append("\r\n");
                  }
                  return Probe.raw(
                      "raw-http",
                      n + " headers",
                      lengthHead.replace("Connection: close\r\n", lines + "Connection: close\r\n"),
                      bytes);
                });
    return Arbitraries.frequencyOf(
        Tuple.of(4, badChunks),
        Tuple.of(1, unfinishedChunks),
        Tuple.of(2, shortBody),
        Tuple.of(3, badLength),
        Tuple.of(1, lengthAndChunked),
        Tuple.of(2, otherEncoding),
        Tuple.of(4, badRequestLine),
        Tuple.of(4, badHeaders),
        Tuple.of(1, ignorableHeaders),
        Tuple.of(1, manyHeaders));
  }
}
