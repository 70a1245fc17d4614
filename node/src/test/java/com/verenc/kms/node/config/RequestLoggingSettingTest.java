package com.verenc.kms.node.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** kms.request-log: errors unless told otherwise, and a wrong value says what is allowed. */
class RequestLoggingSettingTest {
  private static NodeSettings settings(Map<String, Object> values) {
    return NodeSettings.from(
        ConfigFactory.parseMap(values).withFallback(ConfigFactory.defaultReference()).resolve());
  }

  @Test
  void errorsByDefault() {
    assertEquals(RequestLogging.ERRORS, settings(Map.of()).requestLog());
  }

  @Test
  void anyCaseOfOffErrorsOrAll() {
    assertEquals(RequestLogging.ALL, settings(Map.of("kms.request-log", "ALL")).requestLog());
    assertEquals(RequestLogging.OFF, settings(Map.of("kms.request-log", "off")).requestLog());
  }

  @Test
  void anythingElseIsRefusedNamingTheVariable() {
    InvalidSettingException e =
        assertThrows(
            InvalidSettingException.class, () -> settings(Map.of("kms.request-log", "verbose")));
    assertTrue(e.getMessage().contains("KMS_REQUEST_LOG"), e.getMessage());
    assertTrue(e.getMessage().contains("'verbose'"), e.getMessage());
  }
}
