package com.verenc.kms.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.verenc.kms.protocol.model.EncryptRequest;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Request bodies must be well-formed UTF-8: what the parser would have decoded leniently is
 * refused.
 */
class StrictUtf8Test {

  /** {@code {"AliasName":"alias/x<bytes>y","TargetKeyId":"k"}} with the given bytes in the name. */
  private static byte[] aliasBody(String hex) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes("{\"AliasName\":\"alias/x".getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(HexFormat.of().parseHex(hex));
    out.writeBytes("y\",\"TargetKeyId\":\"k\"}".getBytes(StandardCharsets.US_ASCII));
    return out.toByteArray();
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource({
    "C0AF, an overlong encoding",
    "C180, an overlong encoding",
    "E080AF, an overlong encoding",
    "F08080AF, an overlong encoding",
    "EDA080, an encoded surrogate",
    "EDBFBF, an encoded surrogate",
    "F4908080, a code point above U+10FFFF",
    "F5808080, a byte that never occurs in UTF-8",
    "FF, a byte that never occurs in UTF-8",
    "80, a continuation byte without a lead byte",
    "C2, a truncated character",
    "E282, a truncated character",
    "E2822F, a truncated character",
  })
  void malformedSequencesAreSerializationErrors(String hex, String problem) {
    KmsException e =
        assertThrows(
            KmsException.class,
            () -> WireTestSupport.AWS.readRequest(Operation.CreateAlias, aliasBody(hex)));
    assertEquals(ErrorCode.SERIALIZATION, e.code());
    assertTrue(
        e.getMessage().startsWith("The request body is not valid UTF-8: " + problem),
        e.getMessage());
    assertTrue(e.getMessage().contains(" at byte 21."), e.getMessage());
  }

  @Test
  void overlongSlashNeverBecomesASlash() {
    KmsException e =
        assertThrows(
            KmsException.class,
            () -> WireTestSupport.AWS.readRequest(Operation.CreateAlias, aliasBody("C0AF")));
    assertEquals(ErrorCode.SERIALIZATION, e.code());
  }

  @Test
  void wellFormedCharactersOfEveryLengthPass() {
    // é (2 bytes), € (3 bytes), U+10FFFF and an emoji (4 bytes), and the largest 3-byte character.
    String text = "é€\uDBFF\uDFFF\uD83D\uDE00\uFFFD";
    byte[] body =
        ("{\"KeyId\":\"k\",\"Plaintext\":\"AA==\",\"EncryptionContext\":{\"t\":\"" + text + "\"}}")
            .getBytes(StandardCharsets.UTF_8);
    EncryptRequest r = (EncryptRequest) WireTestSupport.AWS.readRequest(Operation.Encrypt, body);
    assertEquals(Map.of("t", text), r.encryptionContext());
  }
}
