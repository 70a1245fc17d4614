package com.verenc.kms.protocol;

import static com.verenc.kms.protocol.WireTestSupport.a;
import static com.verenc.kms.protocol.WireTestSupport.body;
import static com.verenc.kms.protocol.WireTestSupport.read;
import static com.verenc.kms.protocol.WireTestSupport.rejected;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.verenc.kms.protocol.model.CreateGrantRequest;
import com.verenc.kms.protocol.model.GrantConstraints;
import com.verenc.kms.protocol.model.GrantListEntry;
import com.verenc.kms.protocol.model.ListGrantsResponse;
import com.verenc.kms.protocol.model.WithGrantTokens;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * CreateGrant, ListGrants, ListRetirableGrants, RetireGrant and RevokeGrant are read and validated
 * as the AWS model says, and the rules across their members name what to send instead.
 */
class GrantRequestValidationTest {
  private static final String KEY = "1234abcd-12ab-34cd-56ef-1234567890ab";
  private static final String ROLE = "arn:aws:iam::111122223333:role/app";

  private static ObjectNode createGrant() {
    ObjectNode b = body().put("KeyId", KEY).put("GranteePrincipal", ROLE);
    b.putArray("Operations").add("Encrypt").add("Decrypt");
    return b;
  }

  private static String message(Operation op, ObjectNode body) {
    KmsException e = rejected(op, body);
    assertEquals(ErrorCode.VALIDATION, e.code(), e.getMessage());
    return e.getMessage();
  }

  @Test
  void createGrantReadsEveryMemberOfTheModel() {
    ObjectNode b = createGrant().put("RetiringPrincipal", ROLE).put("Name", "app/grant_1");
    b.putObject("Constraints").putObject("EncryptionContextEquals").put("tenant", "blue");
    b.putArray("GrantTokens").add("token");
    b.put("DryRun", true);
    CreateGrantRequest r =
        assertInstanceOf(CreateGrantRequest.class, read(Operation.CreateGrant, b));
    assertEquals(List.of("Encrypt", "Decrypt"), r.operations());
    assertEquals(new GrantConstraints(null, Map.of("tenant", "blue")), r.constraints());
    assertEquals("app/grant_1", r.name());
    assertEquals(List.of("token"), ((WithGrantTokens) r).grantTokens());
  }

  @Test
  void operationsAreRequiredNonEmptyAndFromTheModelsList() {
    ObjectNode none = createGrant();
    none.remove("Operations");
    assertTrue(message(Operation.CreateGrant, none).contains("Value null at 'operations'"));
    ObjectNode empty = createGrant();
    empty.putArray("Operations");
    assertTrue(message(Operation.CreateGrant, empty).contains("name at least one operation"));
    ObjectNode unknown = createGrant();
    unknown.putArray("Operations").add("Decrypt").add("ScheduleKeyDeletion");
    assertTrue(
        message(Operation.CreateGrant, unknown)
            .contains(
                "Value 'ScheduleKeyDeletion' at 'operations.2.member' failed to satisfy "
                    + "constraint: Member must satisfy enum value set: [Decrypt, Encrypt,"));
  }

  @Test
  void principalsAreOneTo256CharactersOfTheArnAlphabet() {
    assertDoesNotThrow(
        () -> read(Operation.CreateGrant, createGrant().put("GranteePrincipal", a(256))));
    assertTrue(
        message(Operation.CreateGrant, createGrant().put("GranteePrincipal", a(257)))
            .contains(
                "at 'granteePrincipal' failed to satisfy constraint: Member must have length"));
    assertTrue(
        message(Operation.CreateGrant, createGrant().put("RetiringPrincipal", "has space"))
            .contains(
                "Value 'has space' at 'retiringPrincipal' failed to satisfy constraint: Member "
                    + "must satisfy regular expression pattern"));
    assertTrue(
        message(Operation.ListRetirableGrants, body().put("RetiringPrincipal", ""))
            .contains("at 'retiringPrincipal' failed to satisfy constraint"));
  }

  @Test
  void namesAreUpTo256CharactersOfTheGrantNameAlphabet() {
    assertDoesNotThrow(() -> read(Operation.CreateGrant, createGrant().put("Name", a(256))));
    assertTrue(
        message(Operation.CreateGrant, createGrant().put("Name", a(257)))
            .contains("at 'name' failed to satisfy constraint"));
    assertTrue(
        message(Operation.CreateGrant, createGrant().put("Name", "my grant"))
            .contains("Value 'my grant' at 'name'"));
  }

  @Test
  void constraintsHoldOneKindOfAtMostEightPairsOfShortValues() {
    ObjectNode both = createGrant();
    ObjectNode constraints = both.putObject("Constraints");
    constraints.putObject("EncryptionContextSubset").put("a", "1");
    constraints.putObject("EncryptionContextEquals").put("a", "1");
    assertTrue(message(Operation.CreateGrant, both).contains("not both"));

    ObjectNode nine = createGrant();
    ObjectNode pairs = nine.putObject("Constraints").putObject("EncryptionContextSubset");
    for (int i = 0; i < 9; i++) {
      pairs.put("k" + i, "v");
    }
    assertTrue(
        message(Operation.CreateGrant, nine)
            .contains(
                "Value at 'constraints.encryptionContextSubset' failed to satisfy constraint: a "
                    + "grant constraint holds at most 8 encryption context pairs, got 9"));

    ObjectNode eight = createGrant();
    pairs = eight.putObject("Constraints").putObject("EncryptionContextEquals");
    for (int i = 0; i < 8; i++) {
      pairs.put("k" + i, a(384));
    }
    assertDoesNotThrow(() -> read(Operation.CreateGrant, eight));
    pairs.put("k0", a(385));
    assertTrue(message(Operation.CreateGrant, eight).contains("at most 384 characters"));
  }

  @Test
  void grantTokensAreAtMostTenOfOneTo8192Characters() {
    ObjectNode ten = createGrant();
    var tokens = ten.putArray("GrantTokens");
    for (int i = 0; i < 10; i++) {
      tokens.add(a(8192));
    }
    assertDoesNotThrow(() -> read(Operation.CreateGrant, ten));
    tokens.add("x");
    assertTrue(
        message(Operation.CreateGrant, ten)
            .contains("at 'grantTokens' failed to satisfy constraint: Member must have length"));
    ObjectNode longToken = body().put("KeyId", KEY);
    longToken.putArray("GrantTokens").add(a(8193));
    assertTrue(
        message(Operation.Encrypt, longToken.put("Plaintext", WireTestSupport.b64(1)))
            .contains("at 'grantTokens.1.member' failed to satisfy constraint"));
    assertTrue(
        message(Operation.RetireGrant, body().put("GrantToken", ""))
            .contains("at 'grantToken' failed to satisfy constraint"));
  }

  @Test
  void retireGrantNamesTheGrantByTokenOrByKeyAndId() {
    assertDoesNotThrow(() -> read(Operation.RetireGrant, body().put("GrantToken", "t")));
    assertDoesNotThrow(
        () -> read(Operation.RetireGrant, body().put("KeyId", KEY).put("GrantId", "g")));
    String neither = message(Operation.RetireGrant, body());
    assertTrue(neither.startsWith("2 validation errors detected: "), neither);
    assertTrue(neither.contains("name the grant by GrantToken, or by KeyId and GrantId"), neither);
    assertTrue(
        message(Operation.RetireGrant, body().put("KeyId", KEY))
            .contains("Value null at 'grantId'"));
  }

  @Test
  void grantIdsAreOneTo128Characters() {
    assertDoesNotThrow(
        () -> read(Operation.RevokeGrant, body().put("KeyId", KEY).put("GrantId", a(128))));
    assertTrue(
        message(Operation.RevokeGrant, body().put("KeyId", KEY).put("GrantId", a(129)))
            .contains("at 'grantId' failed to satisfy constraint"));
    assertTrue(
        message(Operation.RevokeGrant, body().put("KeyId", KEY))
            .contains("Value null at 'grantId'"));
    assertTrue(
        message(Operation.ListGrants, body().put("KeyId", KEY).put("GrantId", ""))
            .contains("at 'grantId' failed to satisfy constraint"));
  }

  @Test
  void grantListsPageUpTo100() {
    assertDoesNotThrow(
        () -> read(Operation.ListGrants, body().put("KeyId", KEY).put("Limit", 100)));
    assertTrue(
        message(Operation.ListGrants, body().put("KeyId", KEY).put("Limit", 101))
            .contains("Value '101' at 'limit'"));
    assertTrue(
        message(
                Operation.ListRetirableGrants,
                body().put("RetiringPrincipal", ROLE).put("Limit", 0))
            .contains("Value '0' at 'limit'"));
    assertTrue(message(Operation.ListGrants, body()).contains("Value null at 'keyId'"));
  }

  @Test
  void everyOperationWithGrantTokensExposesThem() {
    for (Operation op : Operation.values()) {
      boolean hasMember =
          java.util.Arrays.stream(op.requestType().getRecordComponents())
              .anyMatch(c -> c.getName().equals("grantTokens"));
      assertEquals(hasMember, WithGrantTokens.class.isAssignableFrom(op.requestType()), op.name());
    }
  }

  @Test
  void grantListEntriesRenderAsAwsDoes() {
    GrantListEntry entry =
        new GrantListEntry(
            "arn:aws:kms:ch-gva-2:111122223333:key/" + KEY,
            "g1",
            null,
            Instant.ofEpochMilli(1_700_000_000_123L),
            ROLE,
            null,
            "arn:aws:iam::111122223333:root",
            List.of("Decrypt"),
            new GrantConstraints(Map.of("tenant", "blue"), null));
    String json =
        new String(
            WireTestSupport.AWS.writeResponse(new ListGrantsResponse(List.of(entry), null, false)),
            StandardCharsets.UTF_8);
    assertEquals(
        "{\"Grants\":[{\"KeyId\":\"arn:aws:kms:ch-gva-2:111122223333:key/"
            + KEY
            + "\",\"GrantId\":\"g1\",\"CreationDate\":1700000000.123,\"GranteePrincipal\":\""
            + ROLE
            + "\",\"IssuingAccount\":\"arn:aws:iam::111122223333:root\",\"Operations\":"
            + "[\"Decrypt\"],\"Constraints\":{\"EncryptionContextSubset\":{\"tenant\":\"blue\"}}}],"
            + "\"Truncated\":false}",
        json);
  }
}
