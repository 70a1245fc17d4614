package com.verenc.kms.node.config;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * The audit trail's settings (the {@code kms.audit} block): where records go, when files rotate,
 * how often the chain is signed and how durable a record is before its request is answered.
 *
 * @param dir the directory of the file sink
 * @param maxFileSize a file that reached this many bytes is closed and the next record starts a new
 *     one
 * @param signEvery a signature record follows at the latest after this many records
 * @param signInterval and at the latest this long after the first record it does not cover yet
 * @param fsyncInterval with {@link Durability#WRITE}, how often written records are forced to disk
 */
public record AuditSettings(
    Sink sink,
    Path dir,
    long maxFileSize,
    int signEvery,
    Duration signInterval,
    Durability durability,
    Duration fsyncInterval) {

  /** Where the records go. */
  public enum Sink {
    /** Files in {@link #dir}, rotated daily and by size. */
    FILE,
    /** The zone database's table kms_audit_record. */
    DATABASE,
    /** Nowhere: a node without an audit trail (benchmarks). */
    OFF
  }

  /** What "written" means before a request is answered. */
  public enum Durability {
    /**
     * Handed to the operating system (the file sink) or committed (the database sink): a killed
     * node process loses no answered request's record; a power loss may lose the records of the
     * last fsync interval.
     */
    WRITE,
    /** Forced to disk too (fdatasync of every batch), so a power loss loses none. */
    FSYNC
  }

  /** Reads {@code kms.audit} from the {@code kms} block. */
  /**
   * {@code <data-dir>/audit/<remote host>-<remote port>}: one directory per node even when the
   * nodes of a zone share a data directory (as local-cluster's nodes on PostgreSQL do); a node on a
   * random remote port (0) has {@code <data-dir>/audit}.
   */
  private static Path defaultDirectory(Config kms, Path dataDir) {
    int port = kms.getInt("remote.port");
    Path audit = dataDir.resolve("audit");
    if (port == 0) {
      return audit;
    }
    String host = kms.getString("remote.host").trim().replaceAll("[^A-Za-z0-9.-]", "_");
    return audit.resolve((host.isEmpty() ? "node" : host) + "-" + port);
  }

  static AuditSettings from(Config kms, Path dataDir) {
    Config audit = kms.getConfig("audit");
    String dir = audit.getString("dir").trim();
    int signEvery = audit.getInt("sign-every");
    if (signEvery < 1) {
      throw new InvalidSettingException(
          "kms.audit.sign-every must be at least 1 record, got " + signEvery);
    }
    long maxFileSize = audit.getBytes("max-file-size");
    if (maxFileSize < 4096) {
      throw new InvalidSettingException(
          "kms.audit.max-file-size (KMS_AUDIT_MAX_FILE_SIZE) must be at least 4k, got '"
              + audit.getString("max-file-size")
              + "'");
    }
    return new AuditSettings(
        choice(Sink.class, audit, "sink", "KMS_AUDIT_SINK", "file, database or off"),
        dir.isEmpty() ? defaultDirectory(kms, dataDir) : Path.of(dir).toAbsolutePath().normalize(),
        maxFileSize,
        signEvery,
        NodeSettings.positiveDuration(kms, "audit.sign-interval"),
        choice(Durability.class, audit, "durability", "KMS_AUDIT_DURABILITY", "write or fsync"),
        NodeSettings.positiveDuration(kms, "audit.fsync-interval"));
  }

  private static <E extends Enum<E>> E choice(
      Class<E> type, Config audit, String path, String variable, String allowed) {
    String value = audit.getString(path).trim();
    try {
      return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new InvalidSettingException(
          "kms.audit." + path + " (" + variable + ") must be " + allowed + ", got '" + value + "'");
    }
  }
}
