package com.verenc.kms.ops.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.verenc.kms.crypto.masterkey.FileMasterKey;
import com.verenc.kms.crypto.masterkey.MasterKey;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which master keys `kms audit verify` takes from its options and the KMS_MASTER_KEY_* and
 * KMS_PREVIOUS_MASTER_KEY_* variables, and what it says when a token's settings are incomplete.
 */
class AuditMasterKeyTest {
  @TempDir Path dir;

  private Path keyFile(String name) {
    Path file = dir.resolve(name);
    FileMasterKey.generate().writeTo(file);
    return file;
  }

  @Test
  void aTokenWithoutItsTokenLabelAndPinFileNamesTheVariablesToSet() {
    IllegalArgumentException refused =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                AuditMasterKey.find(
                    null, Map.of("KMS_MASTER_KEY_PKCS11_LIBRARY", "/usr/lib/libsofthsm2.so")));

    assertTrue(
        refused.getMessage().contains("KMS_MASTER_KEY_PKCS11_TOKEN")
            && refused.getMessage().contains("KMS_MASTER_KEY_PKCS11_PIN_FILE"),
        refused.getMessage());
  }

  @Test
  void theKeyFileGivenWinsOverTheEnvironment() {
    Path given = keyFile("given.key");

    MasterKey key =
        AuditMasterKey.find(
            given.toString(),
            Map.of(
                "KMS_MASTER_KEY_PKCS11_LIBRARY",
                "/nowhere/libsofthsm2.so",
                "KMS_MASTER_KEY_FILE",
                keyFile("other.key").toString()));

    assertEquals(FileMasterKey.readFrom(given).id(), key.id());
  }

  @Test
  void previousKeysComeFromTheOptionsAndThePreviousKeyFileVariable() {
    Path option = keyFile("option.key");
    Path variable = keyFile("variable.key");

    List<MasterKey> previous =
        AuditMasterKey.previous(
            List.of(option.toString()),
            Map.of("KMS_PREVIOUS_MASTER_KEY_FILE", variable.toString()));

    assertEquals(
        List.of(FileMasterKey.readFrom(option).id(), FileMasterKey.readFrom(variable).id()),
        previous.stream().map(MasterKey::id).toList());
    assertEquals(List.of(), AuditMasterKey.previous(List.of(), Map.of()));
  }

  @Test
  void aPreviousKeyInATokenNeedsTheTokenOfTheCurrentKeyOrItsOwn() {
    IllegalArgumentException both =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                AuditMasterKey.previous(
                    List.of(),
                    Map.of(
                        "KMS_PREVIOUS_MASTER_KEY_FILE", "/secure/old.key",
                        "KMS_PREVIOUS_MASTER_KEY_PKCS11_LABEL", "old")));
    IllegalArgumentException noToken =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                AuditMasterKey.previous(
                    List.of(), Map.of("KMS_PREVIOUS_MASTER_KEY_PKCS11_LABEL", "old")));

    assertTrue(both.getMessage().contains("unset one"), both.getMessage());
    assertTrue(
        noToken.getMessage().contains("KMS_PREVIOUS_MASTER_KEY_PKCS11_LIBRARY"),
        noToken.getMessage());
  }
}
