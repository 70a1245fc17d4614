package com.verenc.kms.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.verenc.kms.protocol.model.EmptyResponse;
import com.verenc.kms.protocol.model.EncryptRequest;
import com.verenc.kms.protocol.model.GetKeyLastUsageResponse;
import com.verenc.kms.protocol.model.ImportKeyMaterialRequest;
import com.verenc.kms.protocol.model.SignRequest;
import com.verenc.kms.protocol.model.VerifyMacResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class OperationTargetTest {

  @ParameterizedTest
  @EnumSource(Operation.class)
  void everyOperationIsSelectedByItsTarget(Operation op) {
    assertEquals(op, Operation.fromTarget("TrentService." + op.name()));
    assertEquals("TrentService." + op.name(), op.target());
    assertEquals(op.name() + "Request", op.requestType().getSimpleName());
  }

  @Test
  void operationsKnowTheirRecords() {
    assertEquals(EncryptRequest.class, Operation.Encrypt.requestType());
    assertEquals(EmptyResponse.class, Operation.EnableKey.responseType());
    assertEquals(SignRequest.class, Operation.Sign.requestType());
    assertEquals(VerifyMacResponse.class, Operation.VerifyMac.responseType());
    assertEquals(ImportKeyMaterialRequest.class, Operation.ImportKeyMaterial.requestType());
    assertEquals(GetKeyLastUsageResponse.class, Operation.GetKeyLastUsage.responseType());
    assertEquals(
        com.verenc.kms.protocol.model.ListGrantsResponse.class,
        Operation.ListRetirableGrants.responseType());
    assertEquals(48, Operation.values().length);
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(
      strings = {
        "  ",
        "Encrypt",
        "KmsService.Encrypt",
        "trentservice.Encrypt",
        "TrentService.",
        "TrentService.encrypt",
        "TrentService.CreateCustomKeyStore",
        "TrentService.Encrypt "
      })
  void anythingElseIsAnUnknownOperation(String target) {
    KmsException e = assertThrows(KmsException.class, () -> Operation.fromTarget(target));
    assertEquals(ErrorCode.UNKNOWN_OPERATION, e.code());
    assertTrue(e.getMessage().contains("TrentService.<Operation>"), e.getMessage());
    if (target != null && !target.isBlank()) {
      assertTrue(
          e.getMessage().contains(target), "message names what was received: " + e.getMessage());
    }
  }
}
