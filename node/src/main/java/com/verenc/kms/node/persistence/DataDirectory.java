package com.verenc.kms.node.persistence;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's data directory (the embedded database, a generated master key): readable by the node's
 * own user only, since the database holds every tenant's policies, tags and aliases. Created
 * owner-only; a directory or file found looser at start is tightened, with a warning.
 */
public final class DataDirectory {
  private static final Logger log = LoggerFactory.getLogger(DataDirectory.class);
  private static final Set<PosixFilePermission> DIRECTORY =
      PosixFilePermissions.fromString("rwx------");
  private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

  private DataDirectory() {}

  /** Creates the directory owner-only, or tightens it and the files in it when they are looser. */
  public static void prepare(Path dir) {
    boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    try {
      if (!Files.isDirectory(dir)) {
        if (posix) {
          Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(DIRECTORY));
        } else {
          Files.createDirectories(dir);
        }
        return;
      }
      if (posix) {
        tighten(dir, DIRECTORY, true);
        restrictFiles(dir, true);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create or secure the data directory " + dir, e);
    }
  }

  /** Makes the files the node has just created in the directory (database files) owner-only. */
  public static void restrictNewFiles(Path dir) {
    if (!FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      return;
    }
    try {
      restrictFiles(dir, false);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot secure the files of the data directory " + dir, e);
    }
  }

  private static void restrictFiles(Path dir, boolean warn) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        if (Files.isRegularFile(file)) {
          tighten(file, FILE, warn);
        }
      }
    }
  }

  private static void tighten(Path path, Set<PosixFilePermission> wanted, boolean warn)
      throws IOException {
    Set<PosixFilePermission> actual = Files.getPosixFilePermissions(path);
    if (actual.equals(wanted)) {
      return;
    }
    Files.setPosixFilePermissions(path, wanted);
    if (warn) {
      log.warn(
          "{} was {}, readable beyond the node's own user; it is now {}.",
          path,
          PosixFilePermissions.toString(actual),
          PosixFilePermissions.toString(wanted));
    }
  }
}
