package com.verenc.kms.node.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.verenc.kms.node.config.InvalidSettingException;
import java.io.IOException;

/** Reads where a chain stands from its last record, so that a restarted node continues it. */
final class LastRecord {
  private static final ObjectMapper JSON = new ObjectMapper();

  private LastRecord() {}

  /**
   * The chain's end as its last line says: its sequence number and declared hash. The declared
   * hash, not one computed anew: a last line edited while the node was down then breaks the chain
   * where it was edited, for {@code kms audit verify} to find.
   *
   * @param remedy what the operator can do when the line is not a record of the trail
   * @throws InvalidSettingException when the line is not a record of the trail
   */
  static ChainEnd read(byte[] line, String where, String remedy, long discardedBytes) {
    try {
      JsonNode record = JSON.readTree(line);
      JsonNode seq = record.path("seq");
      String hash = record.path("hash").asText("");
      if (seq.canConvertToLong() && seq.asLong() > 0 && hash.matches("[0-9a-f]{64}")) {
        return new ChainEnd(
            seq.asLong(), hash, "signature".equals(record.path("type").asText()), discardedBytes);
      }
    } catch (IOException e) {
      // Reported below without the line, which may hold anything.
    }
    throw new InvalidSettingException(
        "the last audit record in "
            + where
            + " is not a record of the trail, so the chain cannot go on from it: check it with "
            + "`kms audit verify`, then "
            + remedy);
  }
}
