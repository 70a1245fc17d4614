package com.verenc.kms.node.grant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.verenc.kms.crypto.masterkey.FileMasterKey;
import com.verenc.kms.protocol.ErrorCode;
import com.verenc.kms.protocol.KmsException;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Grant tokens open on every node of the installation and zone that issued them, and nowhere else;
 * a changed or made-up token is InvalidGrantTokenException.
 */
class GrantTokensTest {
  private static final FileMasterKey MASTER = FileMasterKey.generate();
  private static final String GRANT = "a".repeat(64);
  private final GrantTokens gva = GrantTokens.of(MASTER, "ch-gva-2");

  private static KmsException invalid(GrantTokens tokens, String token) {
    KmsException e = assertThrows(KmsException.class, () -> tokens.open(token));
    assertEquals(ErrorCode.INVALID_GRANT_TOKEN, e.code());
    assertTrue(e.getMessage().startsWith("The grant token is not valid: "), e.getMessage());
    return e;
  }

  @Test
  void aTokenNamesItsGrantOnEveryNodeOfTheZone() {
    String token = gva.issue("111122223333", "key-1", GRANT);
    GrantTokens otherNode = GrantTokens.of(FileMasterKey.of(MASTER.encoded()), "ch-gva-2");
    assertEquals(new GrantToken("ch-gva-2", "111122223333", "key-1", GRANT), otherNode.open(token));
    assertTrue(token.length() <= 8192 && token.matches("[A-Za-z0-9_-]+"), token);
  }

  @Test
  void everyIssueIsANewToken() {
    assertNotEquals(
        gva.issue("111122223333", "key-1", GRANT), gva.issue("111122223333", "key-1", GRANT));
  }

  @Test
  void tokensOfAnotherZoneOrInstallationOrChangedOnTheWayAreRefused() {
    String token = gva.issue("111122223333", "key-1", GRANT);
    assertTrue(
        invalid(GrantTokens.of(MASTER, "de-fra-1"), token)
            .getMessage()
            .contains("issued in zone ch-gva-2"));
    invalid(GrantTokens.of(FileMasterKey.generate(), "ch-gva-2"), token);
    byte[] bytes = Base64.getUrlDecoder().decode(token);
    bytes[5] ^= 1;
    invalid(gva, Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    invalid(gva, "not a token!");
    invalid(gva, "AAAA");
    invalid(gva, Base64.getUrlEncoder().encodeToString(new byte[100]));
  }

  @Test
  void checkRefusesTheFirstBadTokenOfARequest() {
    String good = gva.issue("111122223333", "key-1", GRANT);
    gva.check(null);
    gva.check(List.of(good, good));
    KmsException e = assertThrows(KmsException.class, () -> gva.check(List.of(good, "bad")));
    assertEquals(ErrorCode.INVALID_GRANT_TOKEN, e.code());
  }
}
