package com.verenc.kms.crypto.masterkey;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.verenc.kms.crypto.CryptoException;
import com.verenc.kms.crypto.RandomBytes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileMasterKeyFileTest {

  @TempDir Path dir;

  @Test
  void writeThenReadRoundTrips() {
    FileMasterKey key = FileMasterKey.generate();
    Path file = dir.resolve("nested/deeper/master.key");
    key.writeTo(file);
    assertArrayEquals(key.encoded(), FileMasterKey.readFrom(file).encoded());
  }

  @Test
  void writesOneBase64Line() throws IOException {
    FileMasterKey key = FileMasterKey.generate();
    Path file = dir.resolve("master.key");
    key.writeTo(file);
    String content = Files.readString(file, StandardCharsets.US_ASCII);
    assertEquals(Base64.getEncoder().encodeToString(key.encoded()) + "\n", content);
  }

  @Test
  void fileIsOwnerReadWriteOnly() throws IOException {
    assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"));
    Path file = dir.resolve("master.key");
    FileMasterKey.generate().writeTo(file);
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
  }

  @Test
  void refusesToOverwrite() throws IOException {
    Path file = dir.resolve("master.key");
    Files.writeString(file, "existing");
    CryptoException e =
        assertThrows(CryptoException.class, () -> FileMasterKey.generate().writeTo(file));
    assertTrue(e.getMessage().contains("already exists"));
    assertEquals("existing", Files.readString(file));
  }

  @Test
  void acceptsWithOrWithoutTrailingNewline() throws IOException {
    byte[] raw = RandomBytes.next(32);
    String b64 = Base64.getEncoder().encodeToString(raw);
    for (String content : new String[] {b64, b64 + "\n", b64 + "\r\n"}) {
      Path file = Files.createTempFile(dir, "key", null);
      Files.writeString(file, content);
      assertArrayEquals(raw, FileMasterKey.readFrom(file).encoded());
    }
  }

  @Test
  void missingFileIsExplained() {
    Path file = dir.resolve("absent.key");
    CryptoException e = assertThrows(CryptoException.class, () -> FileMasterKey.readFrom(file));
    assertEquals(
        "master key file "
            + file
            + " does not exist; it must contain one base64-encoded 32-byte key",
        e.getMessage());
  }

  @Test
  void pathThatCannotBeReadIsExplained() throws IOException {
    // A directory cannot be read as a file by anyone, root included (unlike a chmod 000 file).
    Path notAFile = Files.createDirectory(dir.resolve("a-directory.key"));
    CryptoException e = assertThrows(CryptoException.class, () -> FileMasterKey.readFrom(notAFile));
    assertTrue(
        e.getMessage().startsWith("master key file " + notAFile + " could not be read"),
        e.getMessage());
  }

  @Test
  void invalidContentIsExplained() throws IOException {
    String twoLines = Base64.getEncoder().encodeToString(new byte[32]) + "\n\n";
    String[] contents = {
      "",
      "\n",
      "not base64!",
      Base64.getEncoder().encodeToString(new byte[31]),
      Base64.getEncoder().encodeToString(new byte[33]),
      twoLines,
      " " + Base64.getEncoder().encodeToString(new byte[32])
    };
    for (String content : contents) {
      Path file = Files.createTempFile(dir, "key", null);
      Files.writeString(file, content);
      CryptoException e = assertThrows(CryptoException.class, () -> FileMasterKey.readFrom(file));
      assertEquals(
          "master key file " + file + " must contain one base64-encoded 32-byte key",
          e.getMessage());
    }
  }
}
