package com.verenc.kms.crypto.audit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.verenc.kms.crypto.masterkey.FileMasterKey;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * The audit trail's seal: a line's hash covers everything before its hash member, a signature's MAC
 * everything before its mac member, under a key only the master key derives.
 */
class AuditSealTest {
  private static final byte[] PREFIX =
      "{\"seq\":1,\"type\":\"request\",\"requestId\":\"r-1\",\"prev\":\"00\""
          .getBytes(StandardCharsets.UTF_8);

  @Test
  void aSealedLineEndsWithTheSha256OfWhatPrecedesItsHashMember() throws Exception {
    AuditSeal.Sealed sealed = new AuditSeal(null).seal(PREFIX);

    String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(PREFIX));
    assertEquals(expected, sealed.hash());
    String line = new String(sealed.line(), StandardCharsets.UTF_8);
    assertEquals(
        new String(PREFIX, StandardCharsets.UTF_8) + ",\"hash\":\"" + expected + "\"}\n", line);
  }

  @Test
  void anEditedLineNoLongerMatchesItsHash() {
    AuditSeal seal = new AuditSeal(null);
    byte[] line = withoutNewline(seal.seal(PREFIX).line());
    assertTrue(seal.hashOf(line).orElseThrow().intact());

    byte[] edited = line.clone();
    edited[30] = (byte) (edited[30] == 'r' ? 's' : 'r');

    AuditSeal.LineHash hash = seal.hashOf(edited).orElseThrow();
    assertFalse(hash.intact());
    assertEquals(seal.hashOf(line).orElseThrow().declared(), hash.declared());
  }

  @Test
  void aLineWithoutAHashMemberWhereTheSealPutsItHasNoHash() {
    AuditSeal seal = new AuditSeal(null);
    byte[] line = withoutNewline(seal.seal(PREFIX).line());

    assertTrue(seal.hashOf(PREFIX).isEmpty());
    assertTrue(seal.hashOf(Arrays.copyOf(line, line.length - 1)).isEmpty());
    assertTrue(seal.hashOf("{}".getBytes(StandardCharsets.UTF_8)).isEmpty());
  }

  @Test
  void aSignatureVerifiesUnderTheSameMasterKeyOnly() {
    FileMasterKey master = FileMasterKey.generate();
    AuditSeal signer = new AuditSeal(AuditSeal.signingKey(master));
    byte[] line = withoutNewline(signer.seal(signer.sign(PREFIX)).line());

    assertTrue(new AuditSeal(AuditSeal.signingKey(master)).signatureValid(line));
    assertFalse(new AuditSeal(AuditSeal.signingKey(FileMasterKey.generate())).signatureValid(line));
    byte[] unsigned = withoutNewline(signer.seal(PREFIX).line());
    assertFalse(signer.signatureValid(unsigned));
  }

  @Test
  void aSignatureCoversEveryByteBeforeIt() {
    AuditSeal signer = new AuditSeal(AuditSeal.signingKey(FileMasterKey.generate()));
    byte[] signed = signer.sign(PREFIX);
    byte[] forged = signed.clone();
    forged[10] = (byte) (forged[10] + 1);

    assertFalse(signer.signatureValid(withoutNewline(signer.seal(forged).line())));
  }

  @Test
  void theSigningKeyIsDerivedNotTheMasterKeyItself() {
    FileMasterKey master = FileMasterKey.generate();

    byte[] signingKey = AuditSeal.signingKey(master);

    assertEquals(32, signingKey.length);
    assertArrayEquals(signingKey, AuditSeal.signingKey(master));
    assertNotEquals(
        HexFormat.of().formatHex(master.encoded()), HexFormat.of().formatHex(signingKey));
  }

  private static byte[] withoutNewline(byte[] line) {
    return Arrays.copyOf(line, line.length - 1);
  }
}
