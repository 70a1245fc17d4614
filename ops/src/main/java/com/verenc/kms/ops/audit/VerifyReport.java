package com.verenc.kms.ops.audit;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What {@link ChainVerifier} found.
 *
 * @param signaturesChecked false when no master key was given (the chain only was checked)
 * @param signedUnder the ids of the master keys the valid signatures were made under, in the order
 *     first met
 * @param lastSigned the last signature's sequence number; 0 when there is none
 * @param problem the first record that breaks the chain, when one does
 */
public record VerifyReport(
    int files,
    long records,
    long requests,
    long signatures,
    boolean signaturesChecked,
    List<String> signedUnder,
    long firstSeq,
    long lastSeq,
    long lastSigned,
    List<String> notes,
    Optional<Problem> problem) {

  public boolean valid() {
    return problem.isEmpty();
  }

  /** Records after the last signature: protected by the chain only. */
  public long unsigned() {
    return lastSigned == 0 ? records : lastSeq - lastSigned;
  }

  /**
   * The first record that breaks the chain.
   *
   * @param line the line number in the file, from 1
   * @param seq its sequence number; 0 when it has none
   * @param requestId the request it records, when it says
   */
  public record Problem(Path file, long line, long seq, String requestId, String reason) {

    /** FILE:LINE (seq S, request R) REASON */
    public String describe() {
      StringBuilder what = new StringBuilder().append(file).append(':').append(line);
      if (seq > 0 || requestId != null) {
        what.append(" (");
        if (seq > 0) {
          what.append("seq ").append(seq);
        }
        if (requestId != null) {
          what.append(seq > 0 ? ", " : "").append("request ").append(requestId);
        }
        what.append(')');
      }
      return what.append(' ').append(reason).toString();
    }
  }
}
