package com.verenc.kms.node.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.verenc.kms.node.key.KeyAnswer;
import com.verenc.kms.node.key.KeyReply;
import com.verenc.kms.protocol.ErrorCode;
import com.verenc.kms.protocol.KmsException;
import org.junit.jupiter.api.Test;

/**
 * A key entity's reply becomes the caller's answer, or the KMS error the key gave, word for word.
 */
class KeyEntityAnswersTest {

  @Test
  void anOkReplyIsItsAnswer() {
    KeyAnswer.Done done = new KeyAnswer.Done("arn:aws:kms:ch-gva-2:111122223333:key/k1");
    assertSame(done, KeyEntities.answer(KeyReply.ok(done)));
  }

  @Test
  void aRejectionIsTheKmsErrorWithTheKeysMessage() {
    KmsException e =
        assertThrows(
            KmsException.class,
            () ->
                KeyEntities.answer(
                    new KeyReply.Rejected<KeyAnswer.Done>(
                        ErrorCode.DISABLED,
                        "arn:aws:kms:ch-gva-2:111122223333:key/k1 is " + "disabled.")));
    assertEquals(ErrorCode.DISABLED, e.code());
    assertEquals("arn:aws:kms:ch-gva-2:111122223333:key/k1 is disabled.", e.getMessage());
  }

  @Test
  void aRejectionWithoutMessageStaysWithout() {
    KmsException e =
        assertThrows(
            KmsException.class,
            () ->
                KeyEntities.answer(
                    new KeyReply.Rejected<KeyAnswer.Plaintext>(
                        ErrorCode.INVALID_CIPHERTEXT, null)));
    assertEquals(ErrorCode.INVALID_CIPHERTEXT, e.code());
    assertNull(e.getMessage());
  }
}
