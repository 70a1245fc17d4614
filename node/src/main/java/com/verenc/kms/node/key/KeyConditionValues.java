package com.verenc.kms.node.key;

import com.verenc.kms.node.auth.CallerFacts;
import com.verenc.kms.node.auth.condition.ConditionContext;
import com.verenc.kms.node.auth.condition.ConditionKey;
import com.verenc.kms.node.grant.GrantOperation;
import com.verenc.kms.node.grant.GrantSpec;
import com.verenc.kms.node.key.CryptoRequest.DataKeyPairRequest;
import com.verenc.kms.node.key.CryptoRequest.DataKeyRequest;
import com.verenc.kms.node.key.CryptoRequest.DecryptRequest;
import com.verenc.kms.node.key.CryptoRequest.EncryptRequest;
import com.verenc.kms.node.key.KeyCommand.CryptoCommand;
import com.verenc.kms.node.key.KeyCommand.FromCaller;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The condition keys a request to a key has, for the policies evaluated where the key is: the
 * caller's (aws:PrincipalArn, kms:CallerAccount, aws:SourceIp, ...), the request's
 * (kms:EncryptionContext:..., kms:EncryptionAlgorithm, aws:RequestTag/..., CreateGrant's
 * kms:GrantOperations, kms:GranteePrincipal, ...) and the key's (kms:KeySpec, kms:MultiRegion,
 * aws:ResourceTag/..., kms:ResourceAliases). Values are computed when a condition asks for them, so
 * a policy without conditions costs nothing.
 */
final class KeyConditionValues implements ConditionContext {
  private final Requester requester;
  private final CallerFacts caller;
  private final FromCaller<?> command;
  private final KeyRecord key;

  KeyConditionValues(
      Requester requester, FromCaller<?> command, KeyRecord key, String zone, Instant now) {
    this.requester = requester;
    this.caller =
        new CallerFacts(
            requester.principal(), requester.sourceIp(), requester.secureTransport(), zone, now);
    this.command = command;
    this.key = key;
  }

  @Override
  public List<String> values(ConditionKey conditionKey) {
    List<String> callerValues = caller.values(conditionKey);
    if (callerValues != null) {
      return callerValues;
    }
    String variable = conditionKey.variable();
    return switch (conditionKey.name()) {
      case "kms:requestalias" -> optional(requester.requestedAlias());
      case "kms:resourcealiases" -> resourceAliases();
      case "kms:keyspec" -> List.of(key.identity().keySpec().name());
      case "kms:keyusage" -> List.of(key.identity().keyUsage().name());
      case "kms:keyorigin" -> List.of(key.identity().origin().name());
      case "kms:multiregion" -> List.of(Boolean.toString(key.identity().multiRegion()));
      case "kms:multiregionkeytype" ->
          key.replication() == null ? List.of() : List.of(key.replication().role().name());
      case "kms:replicaregion" ->
          command instanceof KeyCommand.Replicate r ? List.of(r.zone()) : List.of();
      case "kms:primaryregion" ->
          command instanceof KeyCommand.UpdatePrimary u ? List.of(u.zone()) : List.of();
      case "kms:rotationperiodindays" ->
          command instanceof KeyCommand.EnableRotation r && r.periodInDays() != null
              ? List.of(r.periodInDays().toString())
              : List.of();
      case "kms:encryptioncontext:" -> optional(context().get(variable));
      case "kms:encryptioncontextkeys" -> List.copyOf(context().keySet());
      case "kms:encryptionalgorithm" -> optional(encryptionAlgorithm());
      case "aws:resourcetag/" -> optional(key.settings().tags().get(variable));
      case "aws:requesttag/" -> optional(requestTags().get(variable));
      case "kms:grantoperations" ->
          grantSpec() == null
              ? List.of()
              : grantSpec().operations().stream().map(GrantOperation::wireName).toList();
      case "kms:granteeprincipal" ->
          grantSpec() == null ? List.of() : List.of(grantSpec().granteePrincipal());
      case "kms:retiringprincipal" ->
          grantSpec() == null ? List.of() : optional(grantSpec().retiringPrincipal());
      case "kms:grantconstrainttype" ->
          grantSpec() == null || grantSpec().constraint() == null
              ? List.of()
              : List.of(grantSpec().constraint().kind().wireName());
      case "kms:grantisforawsresource" ->
          command instanceof KeyCommand.CreateGrant
                  || command instanceof KeyCommand.ListGrants
                  || command instanceof KeyCommand.RevokeGrant
              ? List.of("false")
              : List.of();
      case "aws:tagkeys" ->
          command instanceof KeyCommand.Untag u
              ? List.copyOf(u.tagKeys())
              : List.copyOf(requestTags().keySet());
      default -> List.of();
    };
  }

  /**
   * The key's aliases, which live in the account directory, not with the key: a request carries
   * them only once a policy has asked for them, so only policies that read them cost the look-up.
   */
  private List<String> resourceAliases() {
    List<String> aliases = requester.resourceAliases();
    if (aliases == null) {
      throw ResourceAliasesUnknown.INSTANCE;
    }
    return aliases;
  }

  private Map<String, String> context() {
    if (command instanceof KeyCommand.Authorize dryRun) {
      return dryRun.encryptionContext();
    }
    CryptoRequest<?> request = cryptoRequest();
    Map<String, String> context = request == null ? null : request.context();
    return context == null ? Map.of() : context;
  }

  /**
   * The algorithm of an encryption or decryption (SYMMETRIC_DEFAULT when the request names none);
   * null for other requests.
   */
  private String encryptionAlgorithm() {
    CryptoRequest<?> request = cryptoRequest();
    String algorithm;
    if (request instanceof EncryptRequest r) {
      algorithm = r.algorithm();
    } else if (request instanceof DecryptRequest r) {
      algorithm = r.algorithm();
    } else if (request instanceof DataKeyRequest || request instanceof DataKeyPairRequest) {
      algorithm = null;
    } else {
      return null;
    }
    return algorithm == null ? "SYMMETRIC_DEFAULT" : algorithm;
  }

  private CryptoRequest<?> cryptoRequest() {
    return command instanceof CryptoCommand<?> crypto ? crypto.request() : null;
  }

  /** The grant a CreateGrant asks for; null for other commands. */
  private GrantSpec grantSpec() {
    return command instanceof KeyCommand.CreateGrant create ? create.spec() : null;
  }

  private Map<String, String> requestTags() {
    return command instanceof KeyCommand.Tag t ? t.tags() : Map.of();
  }

  private static List<String> optional(String value) {
    return value == null ? List.of() : List.of(value);
  }
}
