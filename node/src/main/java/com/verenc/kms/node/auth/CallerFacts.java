package com.verenc.kms.node.auth;

import com.verenc.kms.node.auth.condition.ConditionKey;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * The condition keys every request has, whatever it asks: who the caller is (aws:PrincipalArn,
 * kms:CallerAccount, ...), where and when it asks (aws:SourceIp, aws:SecureTransport,
 * aws:RequestedRegion, aws:CurrentTime).
 *
 * @param sourceIp null when unknown
 * @param zone the zone the request is served in, which is its Region
 */
public record CallerFacts(
    Principal principal, String sourceIp, boolean secureTransport, String zone, Instant now) {

  /** The values of {@code key} if it is one of these facts; null for any other key. */
  public List<String> values(ConditionKey key) {
    return switch (key.name()) {
      case "aws:principalarn" -> List.of(principal.arn());
      case "aws:principalaccount", "kms:calleraccount" -> List.of(principal.accountId());
      case "aws:principaltype" -> List.of(principal.isRoot() ? "Account" : "User");
      case "aws:username" ->
          principal.kind() == Principal.Kind.USER ? List.of(principal.name()) : List.of();
      case "aws:requestedregion" -> List.of(zone);
      case "aws:sourceip" -> sourceIp == null ? List.of() : List.of(sourceIp);
      case "aws:securetransport" -> List.of(Boolean.toString(secureTransport));
      case "aws:currenttime" -> List.of(now.truncatedTo(ChronoUnit.SECONDS).toString());
      case "aws:epochtime" -> List.of(Long.toString(now.getEpochSecond()));
      default -> null;
    };
  }
}
