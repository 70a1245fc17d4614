package com.verenc.kms.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ErrorModelTest {

  @Test
  void everyClientErrorIs400LikeAws() {
    for (ErrorCode code : ErrorCode.values()) {
      int expected =
          code == ErrorCode.INTERNAL
                  || code == ErrorCode.DEPENDENCY_TIMEOUT
                  || code == ErrorCode.KEY_UNAVAILABLE
              ? 500
              : code == ErrorCode.REQUEST_TIMEOUT ? 408 : 400;
      assertEquals(expected, code.httpStatus(), code.name());
    }
  }

  @Test
  void onlyNotFoundIsSpelledDifferentlyInTheSeedDialect() {
    assertEquals("NotFoundException", ErrorCode.NOT_FOUND.wireName(Dialect.AWS));
    assertEquals("KMSNotFoundException", ErrorCode.NOT_FOUND.wireName(Dialect.SEED));
    for (ErrorCode code : ErrorCode.values()) {
      if (code != ErrorCode.NOT_FOUND) {
        assertEquals(code.awsName(), code.seedName(), code.name());
      }
    }
    assertEquals("KMSInvalidStateException", ErrorCode.INVALID_STATE.awsName());
    assertEquals("KMSInternalException", ErrorCode.INTERNAL.awsName());
    assertEquals("KMSInvalidSignatureException", ErrorCode.KMS_INVALID_SIGNATURE.awsName());
    assertEquals("KMSInvalidMacException", ErrorCode.INVALID_MAC.awsName());
    assertEquals("KeyUnavailableException", ErrorCode.KEY_UNAVAILABLE.awsName());
    assertEquals("IncorrectKeyMaterialException", ErrorCode.INCORRECT_KEY_MATERIAL.awsName());
    assertEquals("ExpiredImportTokenException", ErrorCode.EXPIRED_IMPORT_TOKEN.awsName());
    assertEquals("InvalidImportTokenException", ErrorCode.INVALID_IMPORT_TOKEN.awsName());
    // The SigV4 error and the Verify error are different errors with similar names.
    assertEquals("InvalidSignatureException", ErrorCode.INVALID_SIGNATURE.awsName());
  }

  @Test
  void wireNamesAreReadInEitherSpelling() {
    assertEquals(Optional.of(ErrorCode.NOT_FOUND), ErrorCode.fromWireName("NotFoundException"));
    assertEquals(Optional.of(ErrorCode.NOT_FOUND), ErrorCode.fromWireName("KMSNotFoundException"));
    assertEquals(
        Optional.of(ErrorCode.DISABLED),
        ErrorCode.fromWireName("com.amazonaws.kms#DisabledException"));
    assertEquals(Optional.empty(), ErrorCode.fromWireName("NoSuchThing"));
    assertEquals(Optional.empty(), ErrorCode.fromWireName(null));
    for (ErrorCode code : ErrorCode.values()) {
      assertEquals(Optional.of(code), ErrorCode.fromWireName(code.awsName()));
    }
  }

  @Test
  void exceptionsCaptureNoStackTrace() {
    KmsException e = KmsException.notFound("Key 'x' does not exist");
    assertEquals(0, e.getStackTrace().length);
    assertEquals(ErrorCode.NOT_FOUND, e.code());
    assertEquals("Key 'x' does not exist", e.getMessage());
  }

  @Test
  void factoriesCarryTheirCodes() {
    assertEquals(ErrorCode.VALIDATION, KmsException.validation("m").code());
    assertEquals(ErrorCode.INVALID_STATE, KmsException.invalidState("m").code());
    assertEquals(ErrorCode.DISABLED, KmsException.disabled("m").code());
    assertEquals(ErrorCode.UNSUPPORTED_OPERATION, KmsException.unsupported("m").code());
    assertEquals(ErrorCode.ALREADY_EXISTS, KmsException.alreadyExists("m").code());
    assertEquals(ErrorCode.INTERNAL, KmsException.internal("m").code());
  }

  @Test
  void invalidCiphertextCarriesNoDetail() {
    KmsException e = KmsException.invalidCiphertext();
    assertEquals(ErrorCode.INVALID_CIPHERTEXT, e.code());
    assertNull(e.getMessage());
    assertTrue(e.toString().startsWith("InvalidCiphertextException"));
  }
}
