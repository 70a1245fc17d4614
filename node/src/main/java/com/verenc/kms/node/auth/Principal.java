package com.verenc.kms.node.auth;

/**
 * Who signed a request: an account's root (its account access keys) or one of its named IAM
 * principals, a user or a role, with its own access keys and identity policies.
 *
 * @param name the user's or role's name; empty for the root
 */
public record Principal(String accountId, Kind kind, String name) {

  /** The kinds of principal a credentials file names. */
  public enum Kind {
    ROOT("root"),
    USER("user"),
    ROLE("role");

    private final String arnWord;

    Kind(String arnWord) {
      this.arnWord = arnWord;
    }

    /** The word of the ARN: root, user or role. */
    public String arnWord() {
      return arnWord;
    }
  }

  public static Principal root(String accountId) {
    return new Principal(accountId, Kind.ROOT, "");
  }

  public boolean isRoot() {
    return kind == Kind.ROOT;
  }

  /** How AWS names the principal: arn:aws:iam::111122223333:root, ...:user/alice, ...:role/app. */
  public String arn() {
    return "arn:aws:iam::" + accountId + ":" + (isRoot() ? "root" : kind.arnWord() + "/" + name);
  }
}
