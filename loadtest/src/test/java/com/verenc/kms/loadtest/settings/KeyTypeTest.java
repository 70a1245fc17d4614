package com.verenc.kms.loadtest.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class KeyTypeTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void signingSpecsSignWithTheirCurvesHashOrPssSha256() {
    assertEquals("ECDSA_SHA_256", new KeyType("ECC_NIST_P256").signingAlgorithm());
    assertEquals("ECDSA_SHA_384", new KeyType("ECC_NIST_P384").signingAlgorithm());
    assertEquals("ECDSA_SHA_512", new KeyType("ECC_NIST_P521").signingAlgorithm());
    assertEquals("ECDSA_SHA_256", new KeyType("ECC_SECG_P256K1").signingAlgorithm());
    for (String rsa : new String[] {"RSA_2048", "RSA_3072", "RSA_4096"}) {
      assertEquals("RSASSA_PSS_SHA_256", new KeyType(rsa).signingAlgorithm());
      assertEquals("SIGN_VERIFY", new KeyType(rsa).keyUsage());
    }
  }

  @Test
  void hmacSpecsUseTheirSizesSha() {
    assertEquals("HMAC_SHA_224", new KeyType("HMAC_224").macAlgorithm());
    assertEquals("HMAC_SHA_512", new KeyType("HMAC_512").macAlgorithm());
    assertEquals("GENERATE_VERIFY_MAC", new KeyType("HMAC_256").keyUsage());
    assertThrows(IllegalStateException.class, () -> new KeyType("HMAC_256").signingAlgorithm());
    assertThrows(IllegalStateException.class, () -> new KeyType("RSA_2048").macAlgorithm());
  }

  @Test
  void createKeyBodyNamesSpecAndUsageExceptForTheSymmetricDefault() throws Exception {
    assertEquals(
        "{\"Description\":\"loadtest\"}",
        new KeyType(KeyType.SYMMETRIC_DEFAULT).createKeyBody("loadtest"));
    JsonNode body = JSON.readTree(new KeyType("ECC_NIST_P256").createKeyBody("loadtest"));
    assertEquals("ECC_NIST_P256", body.get("KeySpec").asText());
    assertEquals("SIGN_VERIFY", body.get("KeyUsage").asText());
  }

  @Test
  void bodiesAreJsonWithA32ByteRawMessage() throws Exception {
    KeyType p256 = new KeyType("ECC_NIST_P256");
    JsonNode verify = JSON.readTree(p256.verifyBody("#{keyId}", "#{signature}"));
    assertEquals("#{keyId}", verify.get("KeyId").asText());
    assertEquals("#{signature}", verify.get("Signature").asText());
    assertEquals("ECDSA_SHA_256", verify.get("SigningAlgorithm").asText());
    assertEquals("RAW", verify.get("MessageType").asText());
    assertEquals(32, Base64.getDecoder().decode(verify.get("Message").asText()).length);
    JsonNode mac = JSON.readTree(new KeyType("HMAC_384").verifyMacBody("k", "m"));
    assertEquals("HMAC_SHA_384", mac.get("MacAlgorithm").asText());
    assertEquals("m", mac.get("Mac").asText());
  }

  @Test
  void sampleOperationIsTheLoadsFirstCall() {
    assertEquals("Encrypt", new KeyType(KeyType.SYMMETRIC_DEFAULT).sampleOperation());
    assertEquals("Sign", new KeyType("RSA_2048").sampleOperation());
    assertEquals("GenerateMac", new KeyType("HMAC_256").sampleOperation());
  }

  @Test
  void unknownSpecIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> new KeyType("ECC_NIST_EDWARDS25519"));
  }
}
