package com.verenc.kms.ops;

import static com.verenc.kms.ops.CliNode.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.verenc.kms.ops.CliNode.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.GrantOperation;

/**
 * `kms audit search --grant-id` finds the requests a grant allowed, and only those: not the key
 * owner's requests on the same key, nor those of another grant.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuditGrantSearchCliTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ACCOUNT = "111122223333";

  private Path audit;
  private String usedGrant;
  private String unusedGrant;
  private final List<String> granted = new ArrayList<>();

  @BeforeAll
  void grantedRun(@TempDir Path dir) throws Exception {
    Path credentials = dir.resolve("credentials.json");
    Files.writeString(
        credentials,
        "{\"accounts\":[{\"accountId\":\""
            + ACCOUNT
            + "\",\"accessKeys\":[{\"accessKeyId\":\"test\",\"secretAccessKey\":\"test\"}],"
            + "\"principals\":[{\"type\":\"role\",\"name\":\"app\",\"accessKeys\":"
            + "[{\"accessKeyId\":\"app\",\"secretAccessKey\":\"secret-app\"}]}]}]}");
    Path data = dir.resolve("node");
    CliNode cli = CliNode.start(data, Map.of("kms.credentials-file", credentials.toString()));
    try (KmsClient root = cli.client("test", "test");
        KmsClient app = cli.client("app", "secret-app")) {
      String keyId = root.createKey(r -> r.description("granted")).keyMetadata().keyId();
      String role = "arn:aws:iam::" + ACCOUNT + ":role/app";
      usedGrant =
          root.createGrant(
                  r -> r.keyId(keyId).granteePrincipal(role).operations(GrantOperation.ENCRYPT))
              .grantId();
      unusedGrant =
          root.createGrant(
                  r -> r.keyId(keyId).granteePrincipal(role).operations(GrantOperation.DECRYPT))
              .grantId();
      for (int i = 0; i < 2; i++) {
        granted.add(
            app.encrypt(r -> r.keyId(keyId).plaintext(SdkBytes.fromUtf8String("g")))
                .responseMetadata()
                .requestId());
      }
      root.encrypt(r -> r.keyId(keyId).plaintext(SdkBytes.fromUtf8String("p")));
    } finally {
      cli.close();
    }
    audit = data.resolve("audit");
  }

  private Set<String> requestIdsFound(String grantId) throws Exception {
    Run found =
        run(
            new byte[0],
            "--output",
            "json",
            "audit",
            "search",
            audit.toString(),
            "--grant-id",
            grantId);
    assertEquals(0, found.exit(), found.err());
    Set<String> ids =
        found
            .out()
            .lines()
            .filter(line -> !line.isBlank())
            .map(
                line -> {
                  try {
                    return JSON.readTree(line).path("requestId").asText();
                  } catch (Exception e) {
                    throw new AssertionError(line, e);
                  }
                })
            .collect(Collectors.toSet());
    return ids;
  }

  @Test
  void findsExactlyTheRequestsTheGrantAllowed() throws Exception {
    assertEquals(Set.copyOf(granted), requestIdsFound(usedGrant));
  }

  @Test
  void aGrantNoRequestUsedFindsNothing() throws Exception {
    assertEquals(Set.of(), requestIdsFound(unusedGrant));
  }

  @Test
  void theTableCountsTheRequestsFound() {
    Run table = run(new byte[0], "audit", "search", audit.toString(), "--grant-id", usedGrant);

    assertEquals(0, table.exit(), table.err());
    assertTrue(table.out().contains("2 request(s)"), table.out());
  }
}
