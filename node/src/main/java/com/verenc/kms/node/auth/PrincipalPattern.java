package com.verenc.kms.node.auth;

/**
 * One principal a key policy statement names, compiled: everyone ("*"), an account (its id or its
 * root ARN, in AWS or Verenc form), or one user or role by ARN.
 */
record PrincipalPattern(Kind kind, String value) {
  enum Kind {
    ANYONE,
    ACCOUNT,
    EXACT
  }

  static PrincipalPattern of(String written) {
    if (written.equals("*")) {
      return new PrincipalPattern(Kind.ANYONE, "*");
    }
    String account = KeyPolicyParser.accountNamedBy(written);
    if (account != null && (written.equals(account) || written.endsWith(":root"))) {
      return new PrincipalPattern(Kind.ACCOUNT, account);
    }
    String verenc = "arn:verenc:iam::";
    return new PrincipalPattern(
        Kind.EXACT,
        written.startsWith(verenc)
            ? "arn:aws:iam::" + written.substring(verenc.length())
            : written);
  }

  /** The account this pattern names, or null for "*". */
  String account() {
    return switch (kind) {
      case ANYONE -> null;
      case ACCOUNT -> value;
      case EXACT -> KeyPolicyParser.accountNamedBy(value);
    };
  }

  /** How this pattern covers a principal: itself, its account only, or not at all (NO_ALLOW). */
  PolicyOutcome covers(Principal principal, String principalArn) {
    return switch (kind) {
      case ANYONE -> PolicyOutcome.ALLOWS_PRINCIPAL;
      case ACCOUNT ->
          !value.equals(principal.accountId())
              ? PolicyOutcome.NO_ALLOW
              : principal.isRoot() ? PolicyOutcome.ALLOWS_PRINCIPAL : PolicyOutcome.ALLOWS_ACCOUNT;
      case EXACT ->
          value.equals(principalArn) ? PolicyOutcome.ALLOWS_PRINCIPAL : PolicyOutcome.NO_ALLOW;
    };
  }
}
