package com.verenc.kms.ops;

import static com.verenc.kms.ops.CliNode.json;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.verenc.kms.ops.CliNode.Run;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * kms import-key does the whole BYOK exchange against a real node (parameters, local wrapping,
 * import), and delete-imported-material takes the material away until it is imported again.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ImportCliTest {
  private static final byte[] MESSAGE = "imported".getBytes(StandardCharsets.UTF_8);

  CliNode cli;
  @TempDir Path dir;

  @BeforeAll
  void start(@TempDir Path data) {
    cli = CliNode.start(data);
  }

  @AfterAll
  void stop() {
    if (cli != null) {
      cli.close();
    }
  }

  @Test
  void importKeyBringsTheMaterialAndDeleteTakesItAway() throws Exception {
    String key = cli.newKey("--origin", "EXTERNAL");
    JsonNode before = json(cli.kms("--output", "json", "describe", key));
    assertEquals("PendingImport", before.get("KeyState").asText(), before.toString());

    byte[] material = new byte[32];
    new SecureRandom().nextBytes(material);
    Path file = Files.write(dir.resolve("material.bin"), material);
    JsonNode imported =
        json(
            cli.kms(
                "--output",
                "json",
                "import-key",
                key,
                "--material",
                file.toString(),
                "--wrapping-key-spec",
                "RSA_2048",
                "--valid-to",
                Instant.now().plus(30, ChronoUnit.DAYS).toString()));
    assertEquals(64, imported.get("KeyMaterialId").asText().length(), imported.toString());

    Run encrypted = cli.kms(MESSAGE, "encrypt", key);
    assertEquals(0, encrypted.exit(), encrypted.err());
    assertArrayEquals(MESSAGE, cli.kms(encrypted.bytes(), "decrypt").bytes());

    json(cli.kms("--output", "json", "delete-imported-material", key));
    Run refused = cli.kms(encrypted.bytes(), "decrypt");
    assertEquals(KmsCli.REFUSED, refused.exit());
    assertTrue(refused.err().startsWith("kms: KMSInvalidStateException"), refused.err());

    json(cli.kms("--output", "json", "import-key", key, "--material", file.toString()));
    assertArrayEquals(MESSAGE, cli.kms(encrypted.bytes(), "decrypt").bytes());
  }
}
