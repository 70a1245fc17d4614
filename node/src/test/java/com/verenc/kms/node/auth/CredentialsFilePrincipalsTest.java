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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Users and roles in the credentials file: their ARNs, access keys and identity policies, and the
 * refusal of anything the node would not read as its author meant.
 */
class CredentialsFilePrincipalsTest {
  private static final Quotas DEFAULTS = new Quotas(50000, 10, 500, 100000, 50000);
  private static final String ACCOUNT = "111122223333";
  private static final String ALLOW_ENCRYPT =
      "{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"kms:Encrypt\",\"Resource\":\"*\"}]}";

  @TempDir Path dir;

  private List<Account> parse(String principals) throws IOException {
    Path file = dir.resolve("credentials.json");
    Files.writeString(
        file,
        "{\"accounts\":[{\"accountId\":\""
            + ACCOUNT
            + "\",\"accessKeys\":[{\"accessKeyId\":\"root\",\"secretAccessKey\":\"s\"}],"
            + "\"principals\":"
            + principals
            + "}]}");
    return CredentialsFile.parse(file, DEFAULTS);
  }

  private String refusal(String principals) {
    return assertThrows(InvalidSettingException.class, () -> parse(principals)).getMessage();
  }

  @Test
  void usersAndRolesHaveTheirOwnKeysAndPolicies() throws IOException {
    List<Account> accounts =
        parse(
            "[{\"type\":\"user\",\"name\":\"alice\",\"accessKeys\":[{\"accessKeyId\":\"a1\","
                + "\"secretAccessKey\":\"s1\"}],\"policies\":["
                + ALLOW_ENCRYPT
                + "]},{\"type\":\"role\",\"name\":\"app.worker@eu\"}]");
    Identities identities = Identities.of(accounts);
    Principal alice = identities.accessKey("a1").principal();
    assertEquals("arn:aws:iam::" + ACCOUNT + ":user/alice", alice.arn());
    assertEquals(
        "arn:aws:iam::" + ACCOUNT + ":root", identities.accessKey("root").principal().arn());
    Principal worker = new Principal(ACCOUNT, Principal.Kind.ROLE, "app.worker@eu");
    assertEquals(
        PolicyOutcome.ALLOWS_PRINCIPAL,
        identities.policyOf(alice).evaluate(alice, "kms:Encrypt", List.of("*"), key -> List.of()));
    assertEquals(
        PolicyOutcome.NO_ALLOW,
        identities.policyOf(alice).evaluate(alice, "kms:Decrypt", List.of("*"), key -> List.of()));
    assertEquals(0, identities.policyOf(worker).statementCount());
    Principal unknown = new Principal(ACCOUNT, Principal.Kind.USER, "mallory");
    assertEquals(0, identities.policyOf(unknown).statementCount());
  }

  @Test
  void malformedPrincipalsAreRefusedWithTheirPlace() {
    String where = "account " + ACCOUNT;
    assertTrue(refusal("{}").contains(where + ": principals must be a list"));
    assertTrue(
        refusal("[{\"type\":\"group\",\"name\":\"x\"}]")
            .contains("a principal's type must be \"user\" or \"role\", got 'group'"));
    assertTrue(
        refusal("[{\"type\":\"user\",\"name\":\"bad name\"}]")
            .contains("a user's name must be 1 to 64 letters"));
    assertTrue(
        refusal("[{\"type\":\"user\",\"name\":\"a\"},{\"type\":\"user\",\"name\":\"a\"}]")
            .contains("user a is listed twice"));
    assertTrue(
        refusal(
                "[{\"type\":\"user\",\"name\":\"a\",\"accessKeys\":[{\"accessKeyId\":\"root\","
                    + "\"secretAccessKey\":\"s\"}]}]")
            .contains("access key root is listed twice"));
  }

  @Test
  void identityPoliciesFollowThePolicyRulesAndHaveNoPrincipal() {
    String withPrincipal =
        refusal(
            "[{\"type\":\"user\",\"name\":\"a\",\"policies\":[{\"Statement\":[{\"Effect\":"
                + "\"Allow\",\"Principal\":\"*\",\"Action\":\"kms:*\",\"Resource\":\"*\"}]}]}]");
    assertTrue(
        withPrincipal.contains(
            "user a, policies[0]: Statement[0] has a Principal, which an identity policy does not "
                + "have"),
        withPrincipal);
    String withoutResource =
        refusal(
            "[{\"type\":\"user\",\"name\":\"a\",\"policies\":["
                + ALLOW_ENCRYPT
                + ",{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"kms:*\"}}]}]");
    assertTrue(
        withoutResource.contains("policies[1]: Statement needs a Resource"), withoutResource);
    String badCondition =
        refusal(
            "[{\"type\":\"role\",\"name\":\"r\",\"policies\":[{\"Statement\":[{\"Effect\":"
                + "\"Allow\",\"Action\":\"kms:*\",\"Resource\":\"*\",\"Condition\":"
                + "{\"StringEqualz\":{\"kms:CallerAccount\":\"1\"}}}]}]}]");
    assertTrue(badCondition.contains("role r, policies[0]: Statement[0].Condition"), badCondition);
  }
}
