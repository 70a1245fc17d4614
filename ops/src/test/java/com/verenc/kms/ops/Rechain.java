package com.verenc.kms.ops;

import com.verenc.kms.crypto.audit.AuditSeal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * What someone who knows the chain's rule but not the master key can do after editing records: link
 * and hash every line again. Only the signatures then tell.
 */
final class Rechain {
  private static final String HASH_MEMBER = ",\"hash\":\"";

  private Rechain() {}

  /** The lines linked and sealed anew from the first on, signatures left as they were. */
  static List<String> rehash(List<String> lines) {
    AuditSeal seal = new AuditSeal(null);
    List<String> rebuilt = new ArrayList<>();
    String prev = AuditSeal.GENESIS;
    for (String line : lines) {
      String prefix = line.substring(0, line.lastIndexOf(HASH_MEMBER));
      prefix = prefix.replaceFirst("\"prev\":\"[0-9a-f]{64}\"", "\"prev\":\"" + prev + "\"");
      AuditSeal.Sealed sealed = seal.seal(prefix.getBytes(StandardCharsets.UTF_8));
      String resealed = new String(sealed.line(), StandardCharsets.UTF_8);
      rebuilt.add(resealed.substring(0, resealed.length() - 1));
      prev = sealed.hash();
    }
    return rebuilt;
  }
}
