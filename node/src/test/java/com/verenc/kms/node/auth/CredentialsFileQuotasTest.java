package com.verenc.kms.node.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.verenc.kms.node.config.InvalidSettingException;
import com.verenc.kms.node.quota.Quotas;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An account's quotas in the credentials file override the installation's defaults member by
 * member.
 */
class CredentialsFileQuotasTest {
  private static final Quotas DEFAULTS = new Quotas(50000, 10, 500, 100000, 50000);

  @TempDir Path dir;

  private List<Account> parse(String accounts) throws IOException {
    Path file = dir.resolve("credentials.json");
    Files.writeString(file, "{\"accounts\":[" + accounts + "]}");
    return CredentialsFile.parse(file, DEFAULTS);
  }

  private static String account(String id, String quotas) {
    return "{\"accountId\":\""
        + id
        + "\",\"accessKeys\":[{\"accessKeyId\":\"k"
        + id
        + "\",\"secretAccessKey\":\"s\"}]"
        + (quotas == null ? "" : ",\"quotas\":" + quotas)
        + "}";
  }

  @Test
  void givenMembersOverrideTheDefaults() throws IOException {
    List<Account> accounts =
        parse(
            account("111122223333", null)
                + ","
                + account(
                    "444455556666", "{\"cryptographicRequestsPerSecond\":20.5,\"keysPerZone\":3}"));
    assertEquals(Optional.empty(), accounts.get(0).quotas());
    assertEquals(new Quotas(20.5, 10, 500, 3, 50000), accounts.get(1).quotas().orElseThrow());
  }

  @Test
  void unknownOrNonPositiveQuotasAreRefusedWithTheirName() {
    InvalidSettingException unknown =
        assertThrows(
            InvalidSettingException.class,
            () -> parse(account("111122223333", "{\"keysPerRegion\":3}")));
    assertTrue(
        unknown.getMessage().contains("unknown quota 'keysPerRegion'"), unknown.getMessage());
    assertTrue(unknown.getMessage().contains("account 111122223333"), unknown.getMessage());
    for (String bad :
        List.of(
            "{\"keysPerZone\":0}",
            "{\"keysPerZone\":2.5}",
            "{\"managementRequestsPerSecond\":\"9\"}",
            "{\"createKeyRequestsPerSecond\":-1}",
            "[]")) {
      assertThrows(InvalidSettingException.class, () -> parse(account("111122223333", bad)), bad);
    }
  }
}
