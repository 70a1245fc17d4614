package com.verenc.kms.node.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The previous master key of a rotation, and the re-wrap job's pace. */
class MasterKeyRotationSettingsTest {
  private static final String LIBRARY = "/usr/lib/softhsm/libsofthsm2.so";

  private static MasterKeyRotationSettings settings(Map<String, Object> values) {
    return NodeSettings.from(
            ConfigFactory.parseMap(values).withFallback(ConfigFactory.defaultReference()).resolve())
        .masterKeyRotation();
  }

  private static String refusal(Map<String, Object> values) {
    return assertThrows(InvalidSettingException.class, () -> settings(values)).getMessage();
  }

  @Test
  void noPreviousKeyByDefaultAndAPacedJob() {
    MasterKeyRotationSettings defaults = settings(Map.of());
    assertEquals(Optional.empty(), defaults.previous());
    assertEquals(50, defaults.batchSize());
    assertEquals(200, defaults.maxRate());
  }

  @Test
  void aPreviousKeyFile() {
    assertEquals(
        Optional.of(new MasterKeySource.KeyFile(Path.of("/etc/kms/old.key"))),
        settings(Map.of("kms.previous-master-key.file", "/etc/kms/old.key")).previous());
  }

  @Test
  void aPreviousKeyInTheCurrentKeysTokenOrInAnotherOne() {
    Map<String, Object> sameToken =
        Map.of(
            "kms.master-key-pkcs11.library", LIBRARY,
            "kms.master-key-pkcs11.token", "kms",
            "kms.master-key-pkcs11.pin-file", "/etc/kms/pin",
            "kms.master-key-pkcs11.label", "master-2",
            "kms.previous-master-key.pkcs11.label", "master-1");
    assertEquals(
        Optional.of(
            new MasterKeySource.Pkcs11Token(
                Path.of(LIBRARY), "kms", Path.of("/etc/kms/pin"), "master-1")),
        settings(sameToken).previous());

    // A key file now, a token before (a migration back from PKCS #11).
    Map<String, Object> otherToken =
        Map.of(
            "kms.previous-master-key.pkcs11.label", "master-1",
            "kms.previous-master-key.pkcs11.library", LIBRARY,
            "kms.previous-master-key.pkcs11.token", "old-hsm",
            "kms.previous-master-key.pkcs11.pin-file", "/etc/kms/old-pin");
    assertEquals(
        Optional.of(
            new MasterKeySource.Pkcs11Token(
                Path.of(LIBRARY), "old-hsm", Path.of("/etc/kms/old-pin"), "master-1")),
        settings(otherToken).previous());
  }

  @Test
  void contradictoryOrIncompleteSettingsAreNamed() {
    assertEquals(
        "KMS_PREVIOUS_MASTER_KEY_FILE and KMS_PREVIOUS_MASTER_KEY_PKCS11_LABEL are both set: the "
            + "previous master key is either a file or a key in a PKCS #11 token; unset one",
        refusal(
            Map.of(
                "kms.previous-master-key.file", "/etc/kms/old.key",
                "kms.previous-master-key.pkcs11.label", "old")));
    assertEquals(
        "the previous master key in a PKCS #11 token (KMS_PREVIOUS_MASTER_KEY_PKCS11_LABEL) needs "
            + "its token: set KMS_PREVIOUS_MASTER_KEY_PKCS11_LIBRARY and "
            + "KMS_PREVIOUS_MASTER_KEY_PKCS11_TOKEN and KMS_PREVIOUS_MASTER_KEY_PKCS11_PIN_FILE, or "
            + "keep the current master key in the same token (KMS_MASTER_KEY_PKCS11_*)",
        refusal(Map.of("kms.previous-master-key.pkcs11.label", "old")));
    assertEquals(
        "kms.master-key-rotation.batch-size and max-rate (KMS_MASTER_KEY_ROTATION_MAX_RATE) must "
            + "be at least 1, got 50 and 0",
        refusal(Map.of("kms.master-key-rotation.max-rate", 0)));
  }
}
