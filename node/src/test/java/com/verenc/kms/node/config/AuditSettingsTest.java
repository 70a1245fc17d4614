package com.verenc.kms.node.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The audit trail's settings: files under the data directory unless KMS_AUDIT_LOG says where, and
 * values that cannot work refused with what to set.
 */
class AuditSettingsTest {
  private static AuditSettings audit(Map<String, Object> values) {
    Map<String, Object> all = new HashMap<>(values);
    all.putIfAbsent("kms.data-dir", "/var/lib/kms");
    return NodeSettings.from(
            ConfigFactory.parseMap(all).withFallback(ConfigFactory.defaultReference()).resolve())
        .audit();
  }

  @Test
  void byDefaultEveryRequestGoesToFilesInTheDataDirectory() {
    AuditSettings audit = audit(Map.of());

    assertEquals(AuditSettings.Sink.FILE, audit.sink());
    // One directory per node under the data directory, named by its remote address.
    assertEquals(Path.of("/var/lib/kms/audit/127.0.0.1-25520"), audit.dir());
    assertEquals(
        Path.of("/var/lib/kms/audit"), audit(Map.of("kms.remote.port", 0)).dir(), "a random port");
    assertEquals(AuditSettings.Durability.WRITE, audit.durability());
    assertEquals(256L * 1024 * 1024, audit.maxFileSize());
    assertEquals(1000, audit.signEvery());
    assertEquals(Duration.ofSeconds(10), audit.signInterval());
  }

  @Test
  void theOperatorChoosesTheDirectoryTheSinkAndTheDurability() {
    AuditSettings audit =
        audit(
            Map.of(
                "kms.audit.dir", "/srv/audit",
                "kms.audit.sink", "Database",
                "kms.audit.durability", "fsync",
                "kms.audit.max-file-size", "64m"));

    assertEquals(Path.of("/srv/audit"), audit.dir());
    assertEquals(AuditSettings.Sink.DATABASE, audit.sink());
    assertEquals(AuditSettings.Durability.FSYNC, audit.durability());
    assertEquals(64L * 1024 * 1024, audit.maxFileSize());
  }

  @Test
  void valuesThatCannotWorkAreRefusedNamingTheSetting() {
    assertRefused(Map.of("kms.audit.sink", "syslog"), "KMS_AUDIT_SINK", "file, database or off");
    assertRefused(
        Map.of("kms.audit.durability", "maybe"), "KMS_AUDIT_DURABILITY", "write or fsync");
    assertRefused(Map.of("kms.audit.max-file-size", "1k"), "KMS_AUDIT_MAX_FILE_SIZE", "4k");
    assertRefused(Map.of("kms.audit.sign-every", 0), "kms.audit.sign-every", "at least 1");
    assertRefused(Map.of("kms.audit.sign-interval", "0s"), "kms.audit.sign-interval", "positive");
  }

  private static void assertRefused(Map<String, Object> values, String... words) {
    InvalidSettingException refused =
        assertThrows(InvalidSettingException.class, () -> audit(values));
    for (String word : words) {
      assertTrue(refused.getMessage().contains(word), refused.getMessage());
    }
  }
}
