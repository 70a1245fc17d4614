package com.verenc.kms.node.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.ConfigFactory;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * /metrics and /kms/cluster describe the whole installation: they stay on loopback unless told
 * otherwise.
 */
class ManagementHostTest {
  @Test
  void managementIsOnLoopbackWhereverTheApiBinds() {
    NodeSettings settings =
        NodeSettings.from(
            ConfigFactory.parseMap(Map.of("kms.http.host", "10.1.2.3"))
                .withFallback(ConfigFactory.defaultReference())
                .resolve());
    assertEquals("127.0.0.1", settings.managementHost());
    // As the node loads its configuration (KmsNode.start).
    assertEquals(
        "127.0.0.1",
        ConfigFactory.load(
                ConfigFactory.parseMap(Map.of("kms.http.host", "10.1.2.3"))
                    .withFallback(ConfigFactory.parseResourcesAnySyntax("application")))
            .getString("pekko.management.http.hostname"));
  }

  @Test
  void anOperatorMayMoveIt() {
    NodeSettings settings =
        NodeSettings.from(
            ConfigFactory.parseMap(Map.of("kms.management.host", "10.9.8.7"))
                .withFallback(ConfigFactory.defaultReference())
                .resolve());
    assertEquals("10.9.8.7", settings.managementHost());
  }
}
