package com.verenc.kms.node.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * kms.replication.anti-entropy as a node reads it: the documented defaults, an operator's values,
 * and a refusal that names the setting for values that cannot work.
 */
class AntiEntropySettingsTest {
  private static NodeSettings.AntiEntropy read(Map<String, Object> overrides) {
    return NodeSettings.from(
            ConfigFactory.parseMap(overrides)
                .withFallback(ConfigFactory.defaultReference())
                .resolve())
        .antiEntropy();
  }

  @Test
  void theDefaultsAreTheDocumentedOnes() {
    assertEquals(
        new NodeSettings.AntiEntropy(
            true, Duration.ofSeconds(30), Duration.ofSeconds(5), 1024, 2000, Duration.ofSeconds(1)),
        read(Map.of()));
  }

  @Test
  void anOperatorSetsTheIntervalAndTurnsTheZonesOwnComparisonsOff() {
    NodeSettings.AntiEntropy settings =
        read(
            Map.of(
                "kms.replication.anti-entropy.interval", "2m",
                "kms.replication.anti-entropy.enabled", "false",
                "kms.replication.anti-entropy.max-keys-per-round", 500));

    assertEquals(Duration.ofMinutes(2), settings.interval());
    assertEquals(false, settings.enabled());
    assertEquals(500, settings.maxKeysPerRound());
  }

  @Test
  void anIntervalOfZeroIsRefusedNamingTheSetting() {
    InvalidSettingException refused =
        assertThrows(
            InvalidSettingException.class,
            () -> read(Map.of("kms.replication.anti-entropy.interval", "0s")));

    assertEquals(
        "kms.replication.anti-entropy.interval must be positive, got '0s'", refused.getMessage());
  }
}
