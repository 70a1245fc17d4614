package com.verenc.kms.node.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.verenc.kms.crypto.audit.AuditSeal;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Arrays;
import java.util.Optional;

/**
 * Appends to the audit file the records a stopped node left in its ring ({@link AuditRing}): those
 * after the file's last line, up to the end the ring recorded, each one whole and the next of the
 * chain. After a power loss the ring's pages on disk may be older than its header, or the other way
 * round: a line that does not continue the chain, and every line after it, is left out.
 */
final class RingRecovery {
  private static final ObjectMapper JSON = new ObjectMapper();

  private RingRecovery() {}

  /**
   * @param file ending with a whole line (or empty), the file the ring holds the records of
   * @param before the chain's end before the ring's first record: the file's last record, or when
   *     the file is empty the previous file's; a null hash when that file is gone (the first record
   *     is then checked by its sequence number only)
   * @return the bytes appended to the file
   */
  static long recover(AuditRing ring, FileChannel file, ChainEnd before) throws IOException {
    long from = file.size();
    long end = ring.end();
    if (end <= from || end - from > ring.capacity()) {
      return 0;
    }
    byte[] staged = ring.read(from, end);
    int kept = continuingLines(staged, before);
    if (kept == 0) {
      return 0;
    }
    ByteBuffer bytes = ByteBuffer.wrap(staged, 0, kept);
    while (bytes.hasRemaining()) {
      file.write(bytes, from + bytes.position());
    }
    file.force(true);
    return kept;
  }

  /** How many bytes of whole lines at the start of {@code staged} continue the chain. */
  private static int continuingLines(byte[] staged, ChainEnd before) {
    AuditSeal seal = new AuditSeal(null);
    long seq = before.seq();
    String hash = before.hash();
    int start = 0;
    for (int i = 0; i < staged.length; i++) {
      if (staged[i] == 0) {
        break;
      }
      if (staged[i] != '\n') {
        continue;
      }
      byte[] line = Arrays.copyOfRange(staged, start, i);
      Optional<AuditSeal.LineHash> lineHash = seal.hashOf(line);
      if (lineHash.isEmpty() || !lineHash.get().intact() || !continues(line, seq + 1, hash)) {
        break;
      }
      seq++;
      hash = lineHash.get().declared();
      start = i + 1;
    }
    return start;
  }

  private static boolean continues(byte[] line, long seq, String prev) {
    try {
      JsonNode record = JSON.readTree(line);
      return record.path("seq").asLong() == seq
          && (prev == null || prev.equals(record.path("prev").asText()));
    } catch (IOException notJson) {
      return false;
    }
  }
}
