package com.verenc.kms.node.audit;

import com.verenc.kms.crypto.audit.AuditSeal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;

/**
 * The head of a node's chain, on the writer thread: numbers each new line, links it to the line
 * before and seals it; counts the records no signature covers yet. A request's line is made in one
 * array, sealed where it lies (docs/performance.md, "The audit trail").
 */
final class ChainHead {
  private static final byte[] SEQ = ascii("{\"seq\":");
  private static final byte[] REQUEST = ascii(",\"type\":\"request\",");
  private static final byte[] START = ascii(",\"type\":\"start\",");
  private static final byte[] SIGNATURE = ascii(",\"type\":\"signature\",");
  private static final byte[] PREV = ascii(",\"prev\":\"");
  private static final int HASH_HEX = 64;

  private final AuditSeal seal;
  private final AuditJson json;
  private final String masterKey;
  private long nextSeq;

  /** The previous line's hash: 64 hex digits at {@code prevAt} in {@code prevLine}. */
  private byte[] prevLine;

  private int prevAt;
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
    this.prevLine = ascii(end.map(ChainEnd::hash).orElse(AuditSeal.GENESIS));
    this.prevAt = 0;
    this.unsignedFrom = nextSeq;
  }

  /** Where the head stands, to go back to when lines made after it could not be written. */
  record Mark(long nextSeq, byte[] prevLine, int prevAt, long unsignedFrom, int unsigned) {}

  Mark mark() {
    return new Mark(nextSeq, prevLine, prevAt, unsignedFrom, unsigned);
  }

  void reset(Mark mark) {
    nextSeq = mark.nextSeq();
    prevLine = mark.prevLine();
    prevAt = mark.prevAt();
    unsignedFrom = mark.unsignedFrom();
    unsigned = mark.unsigned();
  }

  /** How many records since the last signature. */
  int unsigned() {
    return unsigned;
  }

  AuditSink.Line request(Instant time, JsonBytes members) {
    return record(REQUEST, time, members);
  }

  AuditSink.Line start(Instant time, String previousRun, long discardedBytes) {
    return record(START, time, json.start(time, previousRun, discardedBytes));
  }

  /** A signature over the chain so far, which covers every record before it. */
  AuditSink.Line signature(Instant time) {
    long seq = nextSeq;
    JsonBytes members = json.signature(time, unsignedFrom, seq - 1, masterKey);
    byte[] prefix = new byte[prefixLength(seq, SIGNATURE, members)];
    writePrefix(prefix, seq, SIGNATURE, members);
    byte[] signed = seal.sign(prefix);
    AuditSeal.Sealed sealed = seal.seal(signed);
    prevLine = sealed.line();
    prevAt = AuditSeal.hashAt(signed.length);
    nextSeq = seq + 1;
    unsignedFrom = nextSeq;
    unsigned = 0;
    return new AuditSink.Line(seq, time, sealed.line());
  }

  private AuditSink.Line record(byte[] type, Instant time, JsonBytes members) {
    long seq = nextSeq;
    int prefixLength = prefixLength(seq, type, members);
    byte[] line = new byte[AuditSeal.sealedLength(prefixLength)];
    writePrefix(line, seq, type, members);
    seal.sealInPlace(line, prefixLength);
    prevLine = line;
    prevAt = AuditSeal.hashAt(prefixLength);
    nextSeq = seq + 1;
    unsigned++;
    return new AuditSink.Line(seq, time, line);
  }

  /** The length of {"seq":N,"type":"T",MEMBERS,"prev":"HASH" */
  private static int prefixLength(long seq, byte[] type, JsonBytes members) {
    return SEQ.length
        + JsonBytes.decimalLength(seq)
        + type.length
        + members.length()
        + PREV.length
        + HASH_HEX
        + 1;
  }

  /** Writes {"seq":N,"type":"T",MEMBERS,"prev":"HASH" at the start of {@code line}. */
  private void writePrefix(byte[] line, long seq, byte[] type, JsonBytes members) {
    int at = put(line, 0, SEQ);
    int digits = JsonBytes.decimalLength(seq);
    JsonBytes.putDecimal(line, at, digits, seq);
    at = put(line, at + digits, type);
    members.copyInto(line, at);
    at = put(line, at + members.length(), PREV);
    System.arraycopy(prevLine, prevAt, line, at, HASH_HEX);
    line[at + HASH_HEX] = '"';
  }

  private static int put(byte[] line, int at, byte[] part) {
    System.arraycopy(part, 0, line, at, part.length);
    return at + part.length;
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
