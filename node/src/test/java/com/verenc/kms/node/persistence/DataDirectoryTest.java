package com.verenc.kms.node.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The data directory holds every tenant's metadata: the node's own user only may read it. */
class DataDirectoryTest {
  @TempDir Path parent;

  private static String permissions(Path path) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
  }

  @Test
  void aNewDirectoryIsOwnerOnly() throws IOException {
    Path dir = parent.resolve("a/b/data");
    DataDirectory.prepare(dir);
    assertEquals("rwx------", permissions(dir));
  }

  @Test
  void aLooserDirectoryAndItsFilesAreTightenedAtStart() throws IOException {
    Path dir = Files.createDirectory(parent.resolve("data"));
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path database = Files.writeString(dir.resolve("kms.mv.db"), "x");
    Files.setPosixFilePermissions(database, PosixFilePermissions.fromString("rw-r--r--"));
    DataDirectory.prepare(dir);
    assertEquals("rwx------", permissions(dir));
    assertEquals("rw-------", permissions(database));
    Path created = Files.writeString(dir.resolve("kms.trace.db"), "y");
    Files.setPosixFilePermissions(created, PosixFilePermissions.fromString("rw-rw-r--"));
    DataDirectory.restrictNewFiles(dir);
    assertEquals("rw-------", permissions(created));
  }
}
