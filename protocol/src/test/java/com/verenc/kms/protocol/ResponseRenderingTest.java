package com.verenc.kms.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.verenc.kms.protocol.model.EmptyResponse;
import com.verenc.kms.protocol.model.EncryptResponse;
import com.verenc.kms.protocol.model.GenerateDataKeyResponse;
import com.verenc.kms.protocol.model.KeyListEntry;
import com.verenc.kms.protocol.model.ListKeysResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Blobs are base64, absent members are omitted, empty answers are {}. */
class ResponseRenderingTest {

  private static final WireCodec AWS = new WireCodec(Dialect.AWS);

  private static String json(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  @Test
  void operationsWithoutAnswerRenderAnEmptyObject() {
    assertEquals("{}", json(AWS.writeResponse(EmptyResponse.INSTANCE)));
    assertEquals("{}", json(AWS.writeResponse(new EmptyResponse())));
  }

  @Test
  void blobsAreStandardBase64AndNullMembersAreOmitted() {
    byte[] blob = {(byte) 0xfb, (byte) 0xff, 0x00, 0x01};
    assertEquals(
        "{\"CiphertextBlob\":\"+/8AAQ==\",\"KeyId\":\"arn:verenc:111122223333:key/k\"}",
        json(AWS.writeResponse(new EncryptResponse(blob, "arn:verenc:111122223333:key/k", null))));
  }

  @Test
  void blobsSurviveARoundTrip() {
    byte[] plaintext = new byte[32];
    for (int i = 0; i < plaintext.length; i++) {
      plaintext[i] = (byte) (i * 37);
    }
    GenerateDataKeyResponse r = new GenerateDataKeyResponse(new byte[] {9, 8, 7}, plaintext, "k");
    GenerateDataKeyResponse back =
        WireTestSupport.readResponse(
            Dialect.AWS, AWS.writeResponse(r), GenerateDataKeyResponse.class);
    assertArrayEquals(plaintext, back.plaintext());
    assertArrayEquals(new byte[] {9, 8, 7}, back.ciphertextBlob());
  }

  @Test
  void listPagesNameTheirMembersAsAws() {
    ListKeysResponse page =
        new ListKeysResponse(List.of(new KeyListEntry("k", "arn:verenc:1:key/k")), "m2", true);
    assertEquals(
        "{\"Keys\":[{\"KeyId\":\"k\",\"KeyArn\":\"arn:verenc:1:key/k\"}],\"NextMarker\":\"m2\",\"Truncated\":true}",
        json(AWS.writeResponse(page)));
  }
}
