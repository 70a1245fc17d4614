package com.verenc.kms.ops;

import static com.verenc.kms.ops.CliNode.json;
import static com.verenc.kms.ops.CliNode.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.verenc.kms.ops.CliNode.Run;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** kms grant create|list|retire|revoke against a real node, with --help on each. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GrantCliTest {
  private static final String APP = "arn:aws:iam::111122223333:role/app";
  private static final String OPS = "arn:aws:iam::111122223333:user/ops";

  CliNode cli;

  @BeforeAll
  void start(@TempDir Path dir) {
    cli = CliNode.start(dir);
  }

  @AfterAll
  void stop() {
    if (cli != null) {
      cli.close();
    }
  }

  @Test
  void grantsAreCreatedListedRetiredAndRevoked() throws Exception {
    String keyId = cli.newKey();
    JsonNode created =
        json(
            cli.kms(
                "--output",
                "json",
                "grant",
                "create",
                keyId,
                "--grantee",
                APP,
                "--retiring",
                OPS,
                "--operations",
                "Encrypt,Decrypt",
                "--context-equals",
                "tenant=blue",
                "--name",
                "cli-grant"));
    String grantId = created.get("GrantId").asText();
    String token = created.get("GrantToken").asText();
    assertTrue(grantId.matches("[0-9a-f]{64}"), created.toString());

    Run list = cli.kms("grant", "list", keyId);
    assertEquals(0, list.exit(), list.err());
    assertTrue(list.out().startsWith("GrantId"), list.out());
    assertTrue(
        list.out().contains(grantId)
            && list.out().contains("Decrypt,Encrypt")
            && list.out().contains("equals {tenant=blue}"),
        list.out());
    JsonNode retirable = json(cli.kms("--output", "json", "grant", "list", "--retiring", OPS));
    assertEquals(grantId, retirable.get(0).get("GrantId").asText());
    assertEquals("cli-grant", retirable.get(0).get("Name").asText());

    Run retired = cli.kms("grant", "retire", "--token", token);
    assertEquals(0, retired.exit(), retired.err());
    assertEquals(0, json(cli.kms("--output", "json", "grant", "list", keyId)).size());

    String other =
        json(cli.kms(
                "--output",
                "json",
                "grant",
                "create",
                keyId,
                "--grantee",
                APP,
                "--operations",
                "DescribeKey"))
            .get("GrantId")
            .asText();
    assertEquals(0, cli.kms("grant", "revoke", keyId, other).exit());
    Run again = cli.kms("grant", "revoke", keyId, other);
    assertEquals(KmsCli.REFUSED, again.exit());
    assertTrue(again.err().startsWith("kms: NotFoundException: "), again.err());
  }

  @Test
  void usageErrorsAndRefusalsHaveTheirExitCodes() throws Exception {
    String keyId = cli.newKey();
    assertEquals(2, cli.kms("grant", "list").exit(), "neither KEY nor --retiring");
    assertEquals(2, cli.kms("grant", "retire", keyId).exit(), "KEY without GRANT_ID");
    Run badToken = cli.kms("grant", "retire", "--token", "nope");
    assertEquals(KmsCli.REFUSED, badToken.exit());
    assertTrue(badToken.err().startsWith("kms: InvalidGrantTokenException: "), badToken.err());
    Run badPrincipal =
        cli.kms("grant", "create", keyId, "--grantee", "app", "--operations", "Encrypt");
    assertEquals(KmsCli.REFUSED, badPrincipal.exit());
    assertTrue(badPrincipal.err().contains("InvalidArnException"), badPrincipal.err());
  }

  @Test
  void everyGrantCommandTakesHelp() {
    for (String sub : new String[] {"create", "list", "retire", "revoke"}) {
      Run help = run(new byte[0], "grant", sub, "--help");
      assertEquals(0, help.exit(), sub + ": " + help.err());
      assertTrue(
          help.out().startsWith("Usage: kms grant " + sub) && help.out().contains("Exit codes:"),
          help.out());
    }
  }
}
