package com.verenc.kms.ops.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.verenc.kms.crypto.audit.AuditSeal;
import com.verenc.kms.crypto.masterkey.MasterKey;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks an audit trail: every line a record as the node seals it, sequence numbers without gaps,
 * each record naming the hash of the one before it, across files, and every signature valid under
 * the key derived from the master key it names (the current one, or one before a master key
 * rotation). Stops at the first record that breaks one of these, and names it.
 */
public final class ChainVerifier {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final AuditSeal seal = new AuditSeal(null);

  /** A seal per master key id, for the signature records that name it; empty: chain only. */
  private final Map<String, AuditSeal> signers = new LinkedHashMap<>();

  /**
   * @param masterKey the installation's master key; empty checks the chain but not the signatures
   */
  public ChainVerifier(Optional<MasterKey> masterKey) {
    this(masterKey.map(List::of).orElse(List.of()));
  }

  /**
   * @param masterKeys the master keys the trail's signatures may be made under (the current one and
   *     those before a master key rotation); none checks the chain but not the signatures
   */
  public ChainVerifier(List<MasterKey> masterKeys) {
    for (MasterKey key : masterKeys) {
      signers.putIfAbsent(key.id().toString(), new AuditSeal(AuditSeal.signingKey(key)));
    }
  }

  /** Checks files, in the order given (see {@link AuditFiles#inChainOrder}). */
  public VerifyReport verify(List<Path> files) {
    Walk walk = new Walk(files);
    for (int i = 0; i < files.size() && walk.problem == null; i++) {
      boolean lastFile = i == files.size() - 1;
      AuditFiles.forEachLine(files.get(i), line -> walk.check(line, lastFile));
    }
    if (walk.problem == null && walk.records == 0) {
      walk.problem = new VerifyReport.Problem(files.get(0), 0, 0, null, "holds no record");
    }
    return walk.report();
  }

  /** The walk along the chain: where it stands, what it counted. */
  private final class Walk {
    private final List<Path> files;
    private final List<String> notes = new ArrayList<>();
    private VerifyReport.Problem problem;
    private long records;
    private long requests;
    private long signatures;
    private long firstSeq;
    private long lastSeq;
    private long lastSigned;
    private String lastHash;
    private String lastWhere;
    private final Set<String> signedWith = new LinkedHashSet<>();

    Walk(List<Path> files) {
      this.files = files;
    }

    boolean check(AuditFiles.Line line, boolean lastFile) {
      if (!line.complete()) {
        if (lastFile) {
          notes.add(
              line.file()
                  + " ends with an incomplete line "
                  + line.number()
                  + " (a write cut short when the node stopped; the node cuts it off when it "
                  + "restarts): not checked");
          return false;
        }
        return fail(line, 0, null, "is incomplete, yet more of the trail follows it");
      }
      JsonNode record;
      try {
        record = JSON.readTree(line.bytes());
      } catch (IOException e) {
        record = null;
      }
      if (record == null || !record.isObject()) {
        return fail(line, 0, null, "is not a JSON record: it was edited or inserted");
      }
      long seq = record.path("seq").asLong(0);
      String requestId = record.path("requestId").asText(null);
      Optional<AuditSeal.LineHash> hash = seal.hashOf(line.bytes());
      if (hash.isEmpty() || seq <= 0) {
        return fail(line, seq, requestId, "is not a record as the node seals it: it was inserted");
      }
      if (!hash.get().intact()) {
        return fail(line, seq, requestId, "was edited: its content does not match its hash");
      }
      String prev = record.path("prev").asText("");
      if (lastHash == null) {
        firstSeq = seq;
        if (seq == 1 && !prev.equals(AuditSeal.GENESIS)) {
          return fail(
              line, seq, requestId, "is the chain's first record but names a record before it");
        }
        if (seq > 1) {
          notes.add(
              "The chain starts at seq "
                  + seq
                  + " ("
                  + where(line)
                  + "): its earlier records are in files not given here");
        }
      } else if (seq > lastSeq + 1) {
        return fail(
            line,
            seq,
            requestId,
            follows()
                + (seq - lastSeq - 1)
                + " record(s), seq "
                + (lastSeq + 1)
                + (seq - lastSeq - 1 > 1 ? " to " + (seq - 1) : "")
                + ", are missing: deleted, or moved elsewhere");
      } else if (seq <= lastSeq) {
        return fail(
            line, seq, requestId, follows() + "records are out of order (moved or copied here)");
      } else if (!prev.equals(lastHash)) {
        return fail(
            line,
            seq,
            requestId,
            "does not name the hash of the record before it (seq "
                + lastSeq
                + ", "
                + lastWhere
                + "): one of the two was replaced");
      }
      String type = record.path("type").asText("");
      switch (type) {
        case "request" -> requests++;
        case "start" -> {}
        case "signature" -> {
          if (!signatureHolds(line, record, seq)) {
            return false;
          }
          signatures++;
          lastSigned = seq;
        }
        default -> {
          return fail(line, seq, requestId, "has an unknown type '" + type + "'");
        }
      }
      records++;
      lastSeq = seq;
      lastHash = hash.get().declared();
      lastWhere = where(line);
      return true;
    }

    private boolean signatureHolds(AuditFiles.Line line, JsonNode record, long seq) {
      if (signers.isEmpty()) {
        return true;
      }
      String signedUnder = record.path("masterKey").asText("");
      AuditSeal signer = signers.get(signedUnder);
      if (signer == null) {
        return fail(
            line,
            seq,
            null,
            "is signed with the key of master key "
                + signedUnder
                + ", but the master key"
                + (signers.size() == 1 ? " given is " : "s given are ")
                + String.join(", ", signers.keySet())
                + ": give the master key the node had (one it had before a master key rotation "
                + "as a previous master key: --previous-master-key-file or "
                + "KMS_PREVIOUS_MASTER_KEY_*)");
      }
      if (!signer.signatureValid(line.bytes())) {
        return fail(
            line,
            seq,
            null,
            "is a signature that does not verify: a record from seq "
                + (lastSigned > 0 ? lastSigned + 1 : firstSeq)
                + " to "
                + (seq - 1)
                + " was changed and the chain rebuilt after it, or the signature was forged");
      }
      signedWith.add(signedUnder);
      return true;
    }

    /** "follows seq N (FILE:LINE): " of the record before. */
    private String follows() {
      return "follows seq " + lastSeq + " (" + lastWhere + "): ";
    }

    private boolean fail(AuditFiles.Line line, long seq, String requestId, String reason) {
      problem = new VerifyReport.Problem(line.file(), line.number(), seq, requestId, reason);
      return false;
    }

    private String where(AuditFiles.Line line) {
      return line.file().getFileName() + ":" + line.number();
    }

    VerifyReport report() {
      return new VerifyReport(
          files.size(),
          records,
          requests,
          signatures,
          !signers.isEmpty(),
          List.copyOf(signedWith),
          firstSeq,
          lastSeq,
          lastSigned,
          List.copyOf(notes),
          Optional.ofNullable(problem));
    }
  }
}
