package com.verenc.kms.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.verenc.kms.protocol.model.DescribeKeyResponse;
import com.verenc.kms.protocol.model.KeyMetadata;
import com.verenc.kms.protocol.model.KeyState;
import com.verenc.kms.protocol.model.ScheduleKeyDeletionResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The same response and error rendered as the AWS SDKs expect and as the seed page shows. */
class WireCodecDialectTest {

  private static final WireCodec AWS = new WireCodec(Dialect.AWS);
  private static final WireCodec SEED = new WireCodec(Dialect.SEED);
  private static final String KEY_ID = "1234abcd-12ab-34cd-56ef-1234567890ab";

  private static final KeyMetadata METADATA =
      new KeyMetadata(
          "111122223333",
          KEY_ID,
          "arn:verenc:111122223333:key/" + KEY_ID,
          Instant.parse("2023-12-01T21:15:00Z"),
          true,
          "payments",
          "ENCRYPT_DECRYPT",
          KeyState.ENABLED,
          null,
          null,
          "AWS_KMS",
          "CUSTOMER",
          "SYMMETRIC_DEFAULT",
          "SYMMETRIC_DEFAULT",
          List.of("SYMMETRIC_DEFAULT"),
          false,
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          null);

  private static String json(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  private static String metadataJson(String creationDate, String keyState) {
    return "{\"KeyMetadata\":{\"AWSAccountId\":\"111122223333\",\"KeyId\":\""
        + KEY_ID
        + "\","
        + "\"Arn\":\"arn:verenc:111122223333:key/"
        + KEY_ID
        + "\",\"CreationDate\":"
        + creationDate
        + ","
        + "\"Enabled\":true,\"Description\":\"payments\",\"KeyUsage\":\"ENCRYPT_DECRYPT\","
        + "\"KeyState\":"
        + keyState
        + ",\"Origin\":\"AWS_KMS\",\"KeyManager\":\"CUSTOMER\","
        + "\"CustomerMasterKeySpec\":\"SYMMETRIC_DEFAULT\",\"KeySpec\":\"SYMMETRIC_DEFAULT\","
        + "\"EncryptionAlgorithms\":[\"SYMMETRIC_DEFAULT\"],\"MultiRegion\":false}}";
  }

  @Test
  void awsDialectSpellsKeyStateInPascalCaseAndDatesAsEpochSeconds() {
    assertEquals(
        metadataJson("1701465300.000", "\"Enabled\""),
        json(AWS.writeResponse(new DescribeKeyResponse(METADATA))));
  }

  @Test
  void seedDialectSpellsKeyStateInCapitalsAndDatesAsIso8601() {
    assertEquals(
        metadataJson("\"2023-12-01T21:15:00Z\"", "\"ENABLED\""),
        json(SEED.writeResponse(new DescribeKeyResponse(METADATA))));
  }

  @Test
  void importedKeysShowTheirExpirationModelAndCurrentKeyMaterial() {
    String materialId = "0123456789abcdef".repeat(4);
    KeyMetadata imported =
        new KeyMetadata(
            "111122223333",
            KEY_ID,
            "arn:verenc:111122223333:key/" + KEY_ID,
            Instant.parse("2023-12-01T21:15:00Z"),
            false,
            null,
            "ENCRYPT_DECRYPT",
            KeyState.PENDING_IMPORT,
            null,
            Instant.ofEpochMilli(1_700_000_000_123L),
            "EXTERNAL",
            "CUSTOMER",
            null,
            "SYMMETRIC_DEFAULT",
            null,
            false,
            null,
            null,
            null,
            null,
            null,
            null,
            "KEY_MATERIAL_EXPIRES",
            materialId);
    String body = json(AWS.writeResponse(new DescribeKeyResponse(imported)));
    assertTrue(body.contains("\"KeyState\":\"PendingImport\""), body);
    assertTrue(body.contains("\"ValidTo\":1700000000.123"), body);
    assertTrue(
        body.endsWith(
            ",\"ExpirationModel\":\"KEY_MATERIAL_EXPIRES\",\"CurrentKeyMaterialId\":\""
                + materialId
                + "\"}}"),
        body);
    assertTrue(
        json(SEED.writeResponse(new DescribeKeyResponse(imported)))
            .contains("\"KeyState\":\"PENDING_IMPORT\""));
    assertEquals(
        imported,
        WireTestSupport.readResponse(
                Dialect.AWS, body.getBytes(StandardCharsets.UTF_8), DescribeKeyResponse.class)
            .keyMetadata());
  }

  @Test
  void epochSecondsCarryMilliseconds() {
    ScheduleKeyDeletionResponse r =
        new ScheduleKeyDeletionResponse(
            KEY_ID, Instant.ofEpochMilli(1_700_000_000_123L), KeyState.PENDING_DELETION, 7);
    assertEquals(
        "{\"KeyId\":\""
            + KEY_ID
            + "\",\"DeletionDate\":1700000000.123,"
            + "\"KeyState\":\"PendingDeletion\",\"PendingWindowInDays\":7}",
        json(AWS.writeResponse(r)));
    assertEquals(
        "{\"KeyId\":\""
            + KEY_ID
            + "\",\"DeletionDate\":\"2023-11-14T22:13:20.123Z\","
            + "\"KeyState\":\"PENDING_DELETION\",\"PendingWindowInDays\":7}",
        json(SEED.writeResponse(r)));
  }

  @Test
  void eitherDialectReadsBothSpellings() {
    for (Dialect dialect : Dialect.values()) {
      for (String body :
          List.of(
              metadataJson("1701465300", "\"Enabled\""),
              metadataJson("1701465300.000", "\"ENABLED\""),
              metadataJson("\"2023-12-01T21:15:00Z\"", "\"Enabled\""),
              metadataJson("\"2023-12-01T22:15:00+01:00\"", "\"ENABLED\""))) {
        DescribeKeyResponse r =
            WireTestSupport.readResponse(
                dialect, body.getBytes(StandardCharsets.UTF_8), DescribeKeyResponse.class);
        assertEquals(METADATA, r.keyMetadata(), body);
      }
    }
  }

  @Test
  void errorBodiesUseTheDialectsName() {
    KmsException e = KmsException.notFound("Key '" + KEY_ID + "' does not exist");
    assertEquals(
        "{\"__type\":\"NotFoundException\",\"message\":\"Key '" + KEY_ID + "' does not exist\"}",
        json(AWS.writeError(e)));
    assertEquals(
        "{\"__type\":\"KMSNotFoundException\",\"message\":\"Key '" + KEY_ID + "' does not exist\"}",
        json(SEED.writeError(e)));
    assertEquals(
        "{\"__type\":\"KMSInvalidStateException\",\"message\":\"m\"}",
        json(SEED.writeError(KmsException.invalidState("m"))));
  }

  @Test
  void invalidCiphertextErrorHasNoMessageMember() {
    assertEquals(
        "{\"__type\":\"InvalidCiphertextException\"}",
        json(AWS.writeError(KmsException.invalidCiphertext())));
    assertEquals(
        "{\"__type\":\"InvalidCiphertextException\"}",
        json(SEED.writeError(KmsException.invalidCiphertext())));
  }

  @Test
  void messagesAreJsonEscaped() {
    byte[] body = AWS.writeError(KmsException.validation("quote \" and newline \n"));
    assertArrayEquals(
        "{\"__type\":\"ValidationException\",\"message\":\"quote \\\" and newline \\n\"}"
            .getBytes(StandardCharsets.UTF_8),
        body);
  }

  @Test
  void contentTypeIsJson11() {
    assertEquals("application/x-amz-json-1.1", WireCodec.CONTENT_TYPE);
  }
}
