package com.verenc.kms.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.verenc.kms.protocol.model.CryptoResponse;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The responses that are CryptoResponses (whose key GetKeyLastUsage records) are exactly those of
 * the operations the model's KeyLastUsageTrackingOperation names.
 */
class CryptoResponseTest {

  @Test
  void theTrackedOperationsAreTheCryptoResponses() {
    List<String> tracked =
        ServiceModel.load().shape("KeyLastUsageTrackingOperation").enumValues().stream()
            .sorted()
            .toList();
    List<String> crypto =
        Arrays.stream(Operation.values())
            .filter(op -> CryptoResponse.class.isAssignableFrom(op.responseType()))
            .map(Operation::name)
            .sorted()
            .toList();
    assertEquals(tracked, crypto);
  }
}
