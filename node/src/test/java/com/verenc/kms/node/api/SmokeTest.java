package com.verenc.kms.node.api;

import static org.junit.jupiter.api.Assertions.*;

import com.verenc.kms.node.testkit.TestDatabase;
import com.verenc.kms.node.testkit.TestNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.*;

class SmokeTest {
  @TempDir Path dir;

  @Test
  void createEncryptDecrypt() {
    try (TestNode node = TestNode.start(TestDatabase.h2(dir));
        KmsClient kms = node.client()) {
      CreateKeyResponse created = kms.createKey(b -> b.description("smoke"));
      System.out.println(created);
      String keyId = created.keyMetadata().keyId();
      EncryptResponse enc =
          kms.encrypt(b -> b.keyId(keyId).plaintext(SdkBytes.fromUtf8String("hello")));
      DecryptResponse dec = kms.decrypt(b -> b.ciphertextBlob(enc.ciphertextBlob()));
      assertEquals("hello", dec.plaintext().asUtf8String());
      System.out.println(kms.listKeys());
      assertThrows(NotFoundException.class, () -> kms.describeKey(b -> b.keyId("alias/nope")));
    }
  }
}
