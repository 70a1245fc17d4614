package com.verenc.kms.node.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.verenc.kms.crypto.audit.AuditSeal;
import com.verenc.kms.node.testkit.Eventually;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The records a node wrote to an audit directory, in chain order, each line checked as the node
 * seals it and linked to the one before (signatures are checked by the kms CLI's tests).
 */
public final class AuditFileRecords {
  private static final ObjectMapper JSON = new ObjectMapper();

  private AuditFileRecords() {}

  /** Every record, after checking each file ends with a whole line and the chain holds. */
  public static List<JsonNode> read(Path dir) {
    return chain(lines(dir));
  }

  /** The lines of the directory's files in chain order, after checking each file ends a line. */
  public static List<String> lines(Path dir) {
    List<String> lines = new ArrayList<>();
    try {
      for (Path file : FileSink.files(dir)) {
        byte[] content = content(file);
        assertTrue(
            content.length == 0 || content[content.length - 1] == '\n',
            file + " ends in the middle of a line");
        for (String line : new String(content, StandardCharsets.UTF_8).split("\n")) {
          if (!line.isEmpty()) {
            lines.add(line);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return lines;
  }

  /**
   * The records of a chain's lines (without newlines), after checking each is sealed, numbered from
   * 1 without gaps and linked to the one before.
   */
  public static List<JsonNode> chain(List<String> lines) {
    AuditSeal seal = new AuditSeal(null);
    List<JsonNode> records = new ArrayList<>();
    String prev = AuditSeal.GENESIS;
    try {
      for (String line : lines) {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        AuditSeal.LineHash hash =
            seal.hashOf(bytes).orElseThrow(() -> new AssertionError("not sealed: " + line));
        assertTrue(hash.intact(), "edited: " + line);
        JsonNode record = JSON.readTree(bytes);
        assertEquals(prev, record.path("prev").asText(), "not linked: " + line);
        assertEquals(records.size() + 1L, record.path("seq").asLong(), "out of sequence: " + line);
        prev = hash.declared();
        records.add(record);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return records;
  }

  /** The lines of a node's chain in the zone database (every node's when {@code node} is null). */
  public static List<String> rows(Connection c, String node) throws SQLException {
    List<String> lines = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT line FROM kms_audit_record"
                + (node == null ? "" : " WHERE node = ?")
                + " ORDER BY node, seq")) {
      if (node != null) {
        ps.setString(1, node);
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          lines.add(rs.getString(1));
        }
      }
    }
    return lines;
  }

  /**
   * The one request record of {@code requestId}, waited for: a running node's writer moves its
   * records from the ring into the file every few milliseconds after their answers.
   */
  public static JsonNode requestRecord(Path dir, String requestId) {
    List<JsonNode> found =
        Eventually.eventually(
            "the record of request " + requestId,
            () -> {
              List<JsonNode> records =
                  requests(dir).stream()
                      .filter(r -> r.path("requestId").asText().equals(requestId))
                      .toList();
              return records.isEmpty() ? null : records;
            });
    assertEquals(1, found.size(), "records of request " + requestId);
    return found.get(0);
  }

  /** The request records only. */
  public static List<JsonNode> requests(Path dir) {
    return ofType(read(dir), "request");
  }

  public static List<JsonNode> ofType(List<JsonNode> records, String... types) {
    List<String> wanted = Arrays.asList(types);
    return records.stream().filter(r -> wanted.contains(r.path("type").asText())).toList();
  }

  /** Everything in the directory's files, as text (to look for what must never be there). */
  public static String text(Path dir) {
    StringBuilder all = new StringBuilder();
    try {
      for (Path file : FileSink.files(dir)) {
        all.append(new String(content(file), StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return all.toString();
  }

  /**
   * A file's bytes without zeros after its last record (which files written through a map of the
   * growing file, by earlier versions, have after a kill).
   */
  public static byte[] content(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    int end = bytes.length;
    while (end > 0 && bytes[end - 1] == 0) {
      end--;
    }
    return Arrays.copyOf(bytes, end);
  }
}
