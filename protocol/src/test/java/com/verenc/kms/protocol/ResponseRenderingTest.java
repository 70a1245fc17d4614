package com.verenc.kms.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.verenc.kms.protocol.model.DeleteImportedKeyMaterialResponse;
import com.verenc.kms.protocol.model.DeriveSharedSecretResponse;
import com.verenc.kms.protocol.model.EmptyResponse;
import com.verenc.kms.protocol.model.EncryptResponse;
import com.verenc.kms.protocol.model.GenerateDataKeyPairResponse;
import com.verenc.kms.protocol.model.GenerateDataKeyPairWithoutPlaintextResponse;
import com.verenc.kms.protocol.model.GenerateDataKeyResponse;
import com.verenc.kms.protocol.model.GenerateMacResponse;
import com.verenc.kms.protocol.model.GetKeyLastUsageResponse;
import com.verenc.kms.protocol.model.GetParametersForImportResponse;
import com.verenc.kms.protocol.model.GetPublicKeyResponse;
import com.verenc.kms.protocol.model.ImportKeyMaterialResponse;
import com.verenc.kms.protocol.model.KeyLastUsageData;
import com.verenc.kms.protocol.model.KeyListEntry;
import com.verenc.kms.protocol.model.ListKeysResponse;
import com.verenc.kms.protocol.model.SignResponse;
import com.verenc.kms.protocol.model.VerifyMacResponse;
import com.verenc.kms.protocol.model.VerifyResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Blobs are base64, absent members are omitted, empty answers are {}. */
class ResponseRenderingTest {

  private static final WireCodec AWS = new WireCodec(Dialect.AWS);

  private static String json(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  @Test
  void operationsWithoutAnswerRenderAnEmptyObject() {
    assertEquals("{}", json(AWS.writeResponse(EmptyResponse.INSTANCE)));
    assertEquals("{}", json(AWS.writeResponse(new EmptyResponse())));
  }

  @Test
  void blobsAreStandardBase64AndNullMembersAreOmitted() {
    byte[] blob = {(byte) 0xfb, (byte) 0xff, 0x00, 0x01};
    assertEquals(
        "{\"CiphertextBlob\":\"+/8AAQ==\",\"KeyId\":\"arn:verenc:111122223333:key/k\"}",
        json(AWS.writeResponse(new EncryptResponse(blob, "arn:verenc:111122223333:key/k", null))));
  }

  @Test
  void blobsSurviveARoundTrip() {
    byte[] plaintext = new byte[32];
    for (int i = 0; i < plaintext.length; i++) {
      plaintext[i] = (byte) (i * 37);
    }
    GenerateDataKeyResponse r = new GenerateDataKeyResponse(new byte[] {9, 8, 7}, plaintext, "k");
    GenerateDataKeyResponse back =
        WireTestSupport.readResponse(
            Dialect.AWS, AWS.writeResponse(r), GenerateDataKeyResponse.class);
    assertArrayEquals(plaintext, back.plaintext());
    assertArrayEquals(new byte[] {9, 8, 7}, back.ciphertextBlob());
  }

  @Test
  void listPagesNameTheirMembersAsAws() {
    ListKeysResponse page =
        new ListKeysResponse(List.of(new KeyListEntry("k", "arn:verenc:1:key/k")), "m2", true);
    assertEquals(
        "{\"Keys\":[{\"KeyId\":\"k\",\"KeyArn\":\"arn:verenc:1:key/k\"}],\"NextMarker\":\"m2\",\"Truncated\":true}",
        json(AWS.writeResponse(page)));
  }

  private static final byte[] BLOB = {(byte) 0xfb, (byte) 0xff, 0x00, 0x01};
  private static final String BLOB64 = "+/8AAQ==";
  private static final String ARN = "arn:verenc:111122223333:key/k";

  @Test
  void macsAndSignaturesAreBase64() {
    assertEquals(
        "{\"Mac\":\"" + BLOB64 + "\",\"MacAlgorithm\":\"HMAC_SHA_256\",\"KeyId\":\"" + ARN + "\"}",
        json(AWS.writeResponse(new GenerateMacResponse(BLOB, "HMAC_SHA_256", ARN))));
    assertEquals(
        "{\"KeyId\":\""
            + ARN
            + "\",\"Signature\":\""
            + BLOB64
            + "\",\"SigningAlgorithm\":\"ECDSA_SHA_256\"}",
        json(AWS.writeResponse(new SignResponse(ARN, BLOB, "ECDSA_SHA_256"))));
  }

  @Test
  void verificationsAnswerWithABoolean() {
    assertEquals(
        "{\"KeyId\":\"" + ARN + "\",\"MacValid\":true,\"MacAlgorithm\":\"HMAC_SHA_512\"}",
        json(AWS.writeResponse(new VerifyMacResponse(ARN, true, "HMAC_SHA_512"))));
    assertEquals(
        "{\"KeyId\":\""
            + ARN
            + "\",\"SignatureValid\":true,\"SigningAlgorithm\":\"RSASSA_PSS_SHA_256\"}",
        json(AWS.writeResponse(new VerifyResponse(ARN, true, "RSASSA_PSS_SHA_256"))));
  }

  @Test
  void publicKeysAreBase64WithTheirAlgorithmLists() {
    GetPublicKeyResponse r =
        new GetPublicKeyResponse(
            ARN,
            BLOB,
            "RSA_2048",
            "RSA_2048",
            "SIGN_VERIFY",
            null,
            List.of("RSASSA_PSS_SHA_256", "RSASSA_PKCS1_V1_5_SHA_256"),
            null);
    assertEquals(
        "{\"KeyId\":\""
            + ARN
            + "\",\"PublicKey\":\""
            + BLOB64
            + "\",\"CustomerMasterKeySpec\":\"RSA_2048\",\"KeySpec\":\"RSA_2048\","
            + "\"KeyUsage\":\"SIGN_VERIFY\","
            + "\"SigningAlgorithms\":[\"RSASSA_PSS_SHA_256\",\"RSASSA_PKCS1_V1_5_SHA_256\"]}",
        json(AWS.writeResponse(r)));
  }

  @Test
  void dataKeyPairsRenderEveryKeyAsBase64() {
    byte[] priv = {1, 2, 3};
    byte[] pub = {(byte) 0xff, (byte) 0xfe};
    assertEquals(
        "{\"PrivateKeyCiphertextBlob\":\""
            + BLOB64
            + "\",\"PrivateKeyPlaintext\":\"AQID\",\"PublicKey\":\"//4=\",\"KeyId\":\""
            + ARN
            + "\",\"KeyPairSpec\":\"ECC_NIST_P256\"}",
        json(
            AWS.writeResponse(
                new GenerateDataKeyPairResponse(
                    BLOB, priv, pub, ARN, "ECC_NIST_P256", null, null))));
    assertEquals(
        "{\"PrivateKeyCiphertextBlob\":\""
            + BLOB64
            + "\",\"PublicKey\":\"//4=\",\"KeyId\":\""
            + ARN
            + "\",\"KeyPairSpec\":\"RSA_2048\"}",
        json(
            AWS.writeResponse(
                new GenerateDataKeyPairWithoutPlaintextResponse(
                    BLOB, pub, ARN, "RSA_2048", null))));
    GenerateDataKeyPairResponse back =
        WireTestSupport.readResponse(
            Dialect.AWS,
            AWS.writeResponse(
                new GenerateDataKeyPairResponse(BLOB, priv, pub, ARN, "SM2", null, null)),
            GenerateDataKeyPairResponse.class);
    assertArrayEquals(priv, back.privateKeyPlaintext());
    assertArrayEquals(pub, back.publicKey());
    assertArrayEquals(BLOB, back.privateKeyCiphertextBlob());
  }

  @Test
  void sharedSecretsAreBase64() {
    assertEquals(
        "{\"KeyId\":\""
            + ARN
            + "\",\"SharedSecret\":\""
            + BLOB64
            + "\",\"KeyAgreementAlgorithm\":\"ECDH\",\"KeyOrigin\":\"AWS_KMS\"}",
        json(
            AWS.writeResponse(new DeriveSharedSecretResponse(ARN, BLOB, null, "ECDH", "AWS_KMS"))));
  }

  private static final String MATERIAL_ID = "0123456789abcdef".repeat(4);

  @Test
  void importParametersAreBase64WithTheirExpiryInEpochSeconds() {
    byte[] pub = {(byte) 0xff, (byte) 0xfe};
    GetParametersForImportResponse r =
        new GetParametersForImportResponse(
            ARN, BLOB, pub, Instant.ofEpochMilli(1_700_000_000_123L));
    assertEquals(
        "{\"KeyId\":\""
            + ARN
            + "\",\"ImportToken\":\""
            + BLOB64
            + "\",\"PublicKey\":\"//4=\",\"ParametersValidTo\":1700000000.123}",
        json(AWS.writeResponse(r)));
    GetParametersForImportResponse back =
        WireTestSupport.readResponse(
            Dialect.AWS, AWS.writeResponse(r), GetParametersForImportResponse.class);
    assertArrayEquals(BLOB, back.importToken());
    assertArrayEquals(pub, back.publicKey());
    assertEquals(r.parametersValidTo(), back.parametersValidTo());
  }

  @Test
  void importAndDeletionOfKeyMaterialNameTheMaterial() {
    assertEquals(
        "{\"KeyId\":\"" + ARN + "\",\"KeyMaterialId\":\"" + MATERIAL_ID + "\"}",
        json(AWS.writeResponse(new ImportKeyMaterialResponse(ARN, MATERIAL_ID))));
    assertEquals(
        "{\"KeyId\":\"" + ARN + "\",\"KeyMaterialId\":\"" + MATERIAL_ID + "\"}",
        json(AWS.writeResponse(new DeleteImportedKeyMaterialResponse(ARN, MATERIAL_ID))));
    assertEquals(
        "{\"KeyId\":\"" + ARN + "\"}",
        json(AWS.writeResponse(new DeleteImportedKeyMaterialResponse(ARN, null))));
  }

  @Test
  void keyLastUsageIsANestedStructureWithEpochSecondDates() {
    GetKeyLastUsageResponse used =
        new GetKeyLastUsageResponse(
            ARN,
            new KeyLastUsageData(
                "Encrypt",
                Instant.ofEpochMilli(1_700_000_000_123L),
                "a1b2c3d4-5678-90ab-cdef-EXAMPLE11111",
                "req-1"),
            Instant.parse("2023-11-01T00:00:00Z"),
            Instant.parse("2023-10-01T12:00:00Z"));
    assertEquals(
        "{\"KeyId\":\""
            + ARN
            + "\",\"KeyLastUsage\":{\"Operation\":\"Encrypt\",\"Timestamp\":1700000000.123,"
            + "\"CloudTrailEventId\":\"a1b2c3d4-5678-90ab-cdef-EXAMPLE11111\","
            + "\"KmsRequestId\":\"req-1\"},"
            + "\"TrackingStartDate\":1698796800.000,\"KeyCreationDate\":1696161600.000}",
        json(AWS.writeResponse(used)));
    assertEquals(
        used,
        WireTestSupport.readResponse(
            Dialect.AWS, AWS.writeResponse(used), GetKeyLastUsageResponse.class));
    // Not used since tracking began: no KeyLastUsage at all.
    assertEquals(
        "{\"KeyId\":\""
            + ARN
            + "\",\"TrackingStartDate\":1698796800.000,\"KeyCreationDate\":1696161600.000}",
        json(
            AWS.writeResponse(
                new GetKeyLastUsageResponse(
                    ARN,
                    null,
                    Instant.parse("2023-11-01T00:00:00Z"),
                    Instant.parse("2023-10-01T12:00:00Z")))));
  }
}
