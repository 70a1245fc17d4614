package com.verenc.kms.node.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The master key is in a key file by default, in a PKCS #11 token once its library is set. */
class MasterKeySourceTest {
  private static final String LIBRARY = "/usr/lib/softhsm/libsofthsm2.so";

  private static MasterKeySource source(Map<String, String> settings) {
    return NodeSettings.from(
            ConfigFactory.parseMap(settings)
                .withFallback(ConfigFactory.defaultReference())
                .resolve())
        .masterKey();
  }

  private static String refusal(Map<String, String> settings) {
    return assertThrows(InvalidSettingException.class, () -> source(settings)).getMessage();
  }

  @Test
  void theKeyFileIsTheDefault() {
    assertEquals(
        new MasterKeySource.KeyFile(Path.of("/srv/kms/master.key")),
        source(Map.of("kms.data-dir", "/srv/kms")));
    assertEquals(
        new MasterKeySource.KeyFile(Path.of("/etc/kms/master.key")),
        source(Map.of("kms.master-key-file", "/etc/kms/master.key")));
  }

  @Test
  void aLibraryWithTokenAndPinFileMeansTheTokenWithTheDefaultLabel() {
    assertEquals(
        new MasterKeySource.Pkcs11Token(
            Path.of(LIBRARY), "kms", Path.of("/etc/kms/pin"), "verenc-kms-master-key"),
        source(
            Map.of(
                "kms.master-key-pkcs11.library", LIBRARY,
                "kms.master-key-pkcs11.token", "kms",
                "kms.master-key-pkcs11.pin-file", "/etc/kms/pin")));
    assertEquals(
        "zone-master",
        ((MasterKeySource.Pkcs11Token)
                source(
                    Map.of(
                        "kms.master-key-pkcs11.library", LIBRARY,
                        "kms.master-key-pkcs11.token", "kms",
                        "kms.master-key-pkcs11.pin-file", "/etc/kms/pin",
                        "kms.master-key-pkcs11.label", "zone-master")))
            .keyLabel());
  }

  @Test
  void missingOrContradictorySettingsAreNamed() {
    assertEquals(
        "the master key in a PKCS #11 token (KMS_MASTER_KEY_PKCS11_LIBRARY is set) also needs "
            + "KMS_MASTER_KEY_PKCS11_TOKEN (the token's label) and KMS_MASTER_KEY_PKCS11_PIN_FILE "
            + "(a file holding the user PIN)",
        refusal(Map.of("kms.master-key-pkcs11.library", LIBRARY)));
    assertEquals(
        "KMS_MASTER_KEY_FILE and KMS_MASTER_KEY_PKCS11_LIBRARY are both set: the master key is "
            + "either in a file or in a PKCS #11 token; unset one",
        refusal(
            Map.of(
                "kms.master-key-file", "/etc/kms/master.key",
                "kms.master-key-pkcs11.library", LIBRARY,
                "kms.master-key-pkcs11.token", "kms",
                "kms.master-key-pkcs11.pin-file", "/etc/kms/pin")));
    assertEquals(
        "KMS_MASTER_KEY_PKCS11_TOKEN and KMS_MASTER_KEY_PKCS11_PIN_FILE are set but "
            + "KMS_MASTER_KEY_PKCS11_LIBRARY is not: set the token's PKCS #11 library (e.g. "
            + "/usr/lib/softhsm/libsofthsm2.so) to keep the master key in the token, or unset "
            + "them to use a key file",
        refusal(Map.of("kms.master-key-pkcs11.token", "kms")));
    refusal(
        Map.of(
            "kms.master-key-pkcs11.library",
            LIBRARY,
            "kms.master-key-pkcs11.token",
            "kms",
            "kms.master-key-pkcs11.pin-file",
            "/etc/kms/pin",
            "kms.master-key-pkcs11.label",
            "x".repeat(256)));
  }
}
