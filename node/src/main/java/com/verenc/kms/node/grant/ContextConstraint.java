package com.verenc.kms.node.grant;

import com.verenc.kms.node.CborSerializable;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A grant's encryption context constraint: the request's context must include every pair ({@link
 * Kind#SUBSET}) or be exactly the pairs ({@link Kind#EQUALS}). As in AWS, keys are compared without
 * regard to case and values exactly.
 */
public record ContextConstraint(Kind kind, Map<String, String> pairs) implements CborSerializable {

  /** The two constraints AWS offers, named as kms:GrantConstraintType names them. */
  public enum Kind {
    SUBSET("EncryptionContextSubset"),
    EQUALS("EncryptionContextEquals");

    private final String wireName;

    Kind(String wireName) {
      this.wireName = wireName;
    }

    public String wireName() {
      return wireName;
    }
  }

  public ContextConstraint {
    pairs = new TreeMap<>(pairs);
  }

  /** Whether a request with this encryption context meets the constraint. */
  public boolean holdsFor(Map<String, String> context) {
    Map<String, String> request = folded(context);
    Map<String, String> required = folded(pairs);
    boolean included =
        required.entrySet().stream().allMatch(e -> e.getValue().equals(request.get(e.getKey())));
    return kind == Kind.SUBSET ? included : included && request.size() == required.size();
  }

  /**
   * Whether a grant with this constraint allows no more than one with {@code parent} (null: none)
   * would: what a grantee may create under a grant that allows CreateGrant.
   */
  public boolean atLeastAsStrictAs(ContextConstraint parent) {
    if (parent == null) {
      return true;
    }
    Map<String, String> own = folded(pairs);
    Map<String, String> theirs = folded(parent.pairs);
    if (parent.kind == Kind.EQUALS) {
      return kind == Kind.EQUALS && own.equals(theirs);
    }
    return own.entrySet().containsAll(theirs.entrySet());
  }

  /** Whether two constraints say the same (keys compared without regard to case). */
  public boolean sameAs(ContextConstraint other) {
    return other != null && kind == other.kind && folded(pairs).equals(folded(other.pairs));
  }

  private static Map<String, String> folded(Map<String, String> context) {
    Map<String, String> folded = new TreeMap<>();
    if (context != null) {
      context.forEach((k, v) -> folded.put(k.toLowerCase(Locale.ROOT), v));
    }
    return folded;
  }
}
