package com.verenc.kms.node.audit;

import com.verenc.kms.crypto.audit.AuditSeal;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;

/**
 * The head of a node's chain, on the writer thread: numbers each new line, links it to the line
 * before and seals it; counts the records no signature covers yet.
 */
final class ChainHead {
  private final AuditSeal seal;
  private final AuditJson json;
  private final String masterKey;
  private long nextSeq;
  private String prev;
  private long unsignedFrom;
  private int unsigned;

  /**
   * @param masterKey the master key's id, named in signature records
   * @param end where the chain stood; empty for a new chain
   */
  ChainHead(AuditSeal seal, AuditJson json, String masterKey, Optional<ChainEnd> end) {
    this.seal = seal;
    this.json = json;
    this.masterKey = masterKey;
    this.nextSeq = end.map(e -> e.seq() + 1).orElse(1L);
    this.prev = end.map(ChainEnd::hash).orElse(AuditSeal.GENESIS);
    this.unsignedFrom = nextSeq;
  }

  /** Where the head stands, to go back to when lines made after it could not be written. */
  record Mark(long nextSeq, String prev, long unsignedFrom, int unsigned) {}

  Mark mark() {
    return new Mark(nextSeq, prev, unsignedFrom, unsigned);
  }

  void reset(Mark mark) {
    nextSeq = mark.nextSeq();
    prev = mark.prev();
    unsignedFrom = mark.unsignedFrom();
    unsigned = mark.unsigned();
  }

  /** How many records since the last signature. */
  int unsigned() {
    return unsigned;
  }

  AuditSink.Line request(Instant time, byte[] members) {
    return record("request", time, members);
  }

  AuditSink.Line start(Instant time, String previousRun, long discardedBytes) {
    return record("start", time, json.start(time, previousRun, discardedBytes));
  }

  /** A signature over the chain so far, which covers every record before it. */
  AuditSink.Line signature(Instant time) {
    long seq = nextSeq;
    byte[] members = json.signature(time, unsignedFrom, seq - 1, masterKey);
    AuditSink.Line line = link(seq, time, seal.sign(prefix(seq, "signature", members)));
    unsignedFrom = nextSeq;
    unsigned = 0;
    return line;
  }

  private AuditSink.Line record(String type, Instant time, byte[] members) {
    long seq = nextSeq;
    AuditSink.Line line = link(seq, time, prefix(seq, type, members));
    unsigned++;
    return line;
  }

  /** {"seq":N,"type":"T",MEMBERS,"prev":"HASH" */
  private byte[] prefix(long seq, String type, byte[] members) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(members.length + 128);
    out.writeBytes(
        ("{\"seq\":" + seq + ",\"type\":\"" + type + "\",").getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(members);
    out.writeBytes((",\"prev\":\"" + prev + "\"").getBytes(StandardCharsets.US_ASCII));
    return out.toByteArray();
  }

  private AuditSink.Line link(long seq, Instant time, byte[] prefix) {
    AuditSeal.Sealed sealed = seal.seal(prefix);
    prev = sealed.hash();
    nextSeq = seq + 1;
    return new AuditSink.Line(seq, time, sealed.line());
  }
}
