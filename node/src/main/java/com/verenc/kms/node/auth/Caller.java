package com.verenc.kms.node.auth;

/**
 * Who a request comes from: the principal whose access key signed it, and where it came from.
 *
 * @param origin the connection's facts that policy conditions read (aws:SourceIp,
 *     aws:SecureTransport)
 * @param grantUse told which grant allowed the request on a key, when one did
 */
public record Caller(
    Principal principal, String accessKeyId, RequestOrigin origin, GrantUse grantUse) {

  public Caller(Principal principal, String accessKeyId, RequestOrigin origin) {
    this(principal, accessKeyId, origin, GrantUse.IGNORED);
  }

  /** The root of an account, over a connection of unknown origin. */
  public Caller(String accountId, String accessKeyId) {
    this(Principal.root(accountId), accessKeyId, RequestOrigin.UNKNOWN);
  }

  public String accountId() {
    return principal.accountId();
  }

  /** The same caller, its request having arrived from {@code origin}. */
  public Caller from(RequestOrigin origin) {
    return new Caller(principal, accessKeyId, origin, grantUse);
  }

  /**
   * The same caller, its request having arrived from {@code origin}, the grant that allows it told
   * to {@code grantUse}.
   */
  public Caller from(RequestOrigin origin, GrantUse grantUse) {
    return new Caller(principal, accessKeyId, origin, grantUse);
  }
}
