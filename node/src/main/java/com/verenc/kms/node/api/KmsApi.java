package com.verenc.kms.node.api;

import com.verenc.kms.node.auth.Caller;
import com.verenc.kms.node.auth.IdentityPolicy;
import com.verenc.kms.node.auth.Principal;
import com.verenc.kms.node.defaultkey.DefaultKeyProvisioner;
import com.verenc.kms.node.directory.Directories;
import com.verenc.kms.node.grant.GrantIndex;
import com.verenc.kms.node.grant.GrantTokens;
import com.verenc.kms.node.quota.RequestThrottle;
import com.verenc.kms.node.usage.UsageLedger;
import com.verenc.kms.protocol.Arns;
import com.verenc.kms.protocol.KmsException;
import com.verenc.kms.protocol.Operation;
import com.verenc.kms.protocol.model.CancelKeyDeletionRequest;
import com.verenc.kms.protocol.model.CreateAliasRequest;
import com.verenc.kms.protocol.model.CreateGrantRequest;
import com.verenc.kms.protocol.model.CreateKeyRequest;
import com.verenc.kms.protocol.model.DecryptRequest;
import com.verenc.kms.protocol.model.DeleteAliasRequest;
import com.verenc.kms.protocol.model.DeleteImportedKeyMaterialRequest;
import com.verenc.kms.protocol.model.DeriveSharedSecretRequest;
import com.verenc.kms.protocol.model.DescribeKeyRequest;
import com.verenc.kms.protocol.model.DisableKeyRequest;
import com.verenc.kms.protocol.model.DisableKeyRotationRequest;
import com.verenc.kms.protocol.model.EnableKeyRequest;
import com.verenc.kms.protocol.model.EnableKeyRotationRequest;
import com.verenc.kms.protocol.model.EncryptRequest;
import com.verenc.kms.protocol.model.GenerateDataKeyPairRequest;
import com.verenc.kms.protocol.model.GenerateDataKeyPairWithoutPlaintextRequest;
import com.verenc.kms.protocol.model.GenerateDataKeyRequest;
import com.verenc.kms.protocol.model.GenerateDataKeyWithoutPlaintextRequest;
import com.verenc.kms.protocol.model.GenerateMacRequest;
import com.verenc.kms.protocol.model.GenerateRandomRequest;
import com.verenc.kms.protocol.model.GetKeyLastUsageRequest;
import com.verenc.kms.protocol.model.GetKeyPolicyRequest;
import com.verenc.kms.protocol.model.GetKeyRotationStatusRequest;
import com.verenc.kms.protocol.model.GetParametersForImportRequest;
import com.verenc.kms.protocol.model.GetPublicKeyRequest;
import com.verenc.kms.protocol.model.ImportKeyMaterialRequest;
import com.verenc.kms.protocol.model.KmsRequest;
import com.verenc.kms.protocol.model.KmsResponse;
import com.verenc.kms.protocol.model.ListAliasesRequest;
import com.verenc.kms.protocol.model.ListGrantsRequest;
import com.verenc.kms.protocol.model.ListKeyPoliciesRequest;
import com.verenc.kms.protocol.model.ListKeyRotationsRequest;
import com.verenc.kms.protocol.model.ListKeysRequest;
import com.verenc.kms.protocol.model.ListResourceTagsRequest;
import com.verenc.kms.protocol.model.ListRetirableGrantsRequest;
import com.verenc.kms.protocol.model.PutKeyPolicyRequest;
import com.verenc.kms.protocol.model.ReEncryptRequest;
import com.verenc.kms.protocol.model.ReplicateKeyRequest;
import com.verenc.kms.protocol.model.RetireGrantRequest;
import com.verenc.kms.protocol.model.RevokeGrantRequest;
import com.verenc.kms.protocol.model.RotateKeyOnDemandRequest;
import com.verenc.kms.protocol.model.ScheduleKeyDeletionRequest;
import com.verenc.kms.protocol.model.SignRequest;
import com.verenc.kms.protocol.model.TagResourceRequest;
import com.verenc.kms.protocol.model.UntagResourceRequest;
import com.verenc.kms.protocol.model.UpdateAliasRequest;
import com.verenc.kms.protocol.model.UpdateKeyDescriptionRequest;
import com.verenc.kms.protocol.model.UpdatePrimaryRegionRequest;
import com.verenc.kms.protocol.model.VerifyMacRequest;
import com.verenc.kms.protocol.model.VerifyRequest;
import com.verenc.kms.protocol.model.WithGrantTokens;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Function;

/** Routes each TrentService operation of an authenticated caller to the code that serves it. */
public final class KmsApi {
  private final KeyLifecycleOperations lifecycle;
  private final CryptoOperations crypto;
  private final SignatureOperations signatures;
  private final KeyPairOperations keyPairs;
  private final ImportOperations imports;
  private final UsageOperations usageOperations;
  private final UsageLedger ledger;
  private final AliasOperations aliases;
  private final TagAndPolicyOperations tagsAndPolicies;
  private final RotationOperations rotations;
  private final ReplicationOperations replication;
  private final DefaultKeyProvisioner defaultKeys;
  private final RequestThrottle throttle;
  private final IdentityGate gate;
  private final GrantOperations grants;
  private final RetirableGrantListing retirableGrants;
  private final GrantTokens grantTokens;

  /**
   * @param arns how this node, in its zone, names keys and aliases
   * @param zones every zone of the installation
   * @param retired whether a zone was retired (kms zone retire): no key goes there any more
   * @param clock the node's business clock, which request rules about dates are judged by
   * @param ledger where successful cryptographic uses are noted, for GetKeyLastUsage
   * @param grantTokens issues CreateGrant's tokens and checks every token a request carries
   * @param grantIndex the zone's index of grants by retiring principal, read on {@code blockingIo}
   */
  public KmsApi(
      KeyEntities keys,
      Directories directories,
      DefaultKeyProvisioner defaultKeys,
      RequestThrottle throttle,
      Arns arns,
      java.util.Set<String> zones,
      java.util.function.Predicate<String> retired,
      java.time.Clock clock,
      UsageLedger ledger,
      Function<Principal, IdentityPolicy> identityPolicies,
      GrantTokens grantTokens,
      GrantIndex grantIndex,
      Executor blockingIo) {
    this.gate = new IdentityGate(identityPolicies, arns.zone(), clock);
    this.defaultKeys = defaultKeys;
    this.ledger = ledger;
    this.throttle = throttle;
    KeyResolver resolver = new KeyResolver(directories, arns);
    KeyRequests requests = new KeyRequests(resolver, keys);
    Authorizations authorizations = new Authorizations(requests);
    UsageQuotas usage = new UsageQuotas(directories, throttle::quotasOf, arns.zone());
    this.lifecycle = new KeyLifecycleOperations(keys, requests, directories, usage, arns, gate);
    DryRuns dryRuns = new DryRuns(authorizations);
    this.crypto = new CryptoOperations(keys, requests, resolver, dryRuns);
    this.signatures = new SignatureOperations(requests, dryRuns);
    this.keyPairs = new KeyPairOperations(requests, dryRuns);
    this.imports = new ImportOperations(requests, clock);
    this.usageOperations = new UsageOperations(resolver, authorizations, ledger);
    this.aliases = new AliasOperations(directories, resolver, authorizations, usage, arns, gate);
    this.tagsAndPolicies = new TagAndPolicyOperations(requests, authorizations);
    this.rotations = new RotationOperations(requests);
    this.replication = new ReplicationOperations(requests, arns.zone(), zones, retired, gate);
    this.grantTokens = grantTokens;
    this.grants = new GrantOperations(requests, resolver, grantTokens);
    this.retirableGrants = new RetirableGrantListing(keys, grantIndex, blockingIo, gate);
  }

  /**
   * Admits a request of the caller within its request-rate quota, before its body is even parsed.
   *
   * @throws KmsException ThrottlingException beyond the quota
   */
  public void admit(Caller caller, Operation op) {
    throttle.admit(caller.accountId(), op);
  }

  /**
   * Serves an admitted request, once the caller's Default Organization Key is usable in this zone.
   *
   * @param requestId the id the response carries (x-amzn-RequestId)
   */
  public CompletionStage<KmsResponse> handle(
      Operation op, KmsRequest request, Caller caller, String requestId) {
    return defaultKeys
        .ensure(caller.accountId())
        .thenCompose(ready -> dispatch(op, request, caller))
        .thenApply(
            response -> {
              ledger.record(op, response, requestId);
              return response;
            });
  }

  /** The operations that name no key (CreateKey, which reads its request, aside). */
  private void authorizeWithoutKey(Operation op, Caller caller) {
    switch (op) {
      case ListKeys, ListAliases, GenerateRandom -> gate.require(caller, "kms:" + op.name());
      default -> {}
    }
  }

  private CompletionStage<KmsResponse> dispatch(Operation op, KmsRequest request, Caller caller) {
    authorizeWithoutKey(op, caller);
    // Grants are in their key's state as soon as CreateGrant returns: a token needs no
    // propagation, only to be one this installation issued for this zone.
    if (request instanceof WithGrantTokens withTokens) {
      grantTokens.check(withTokens.grantTokens());
    }
    switch (op) {
      case CreateKey:
        return lifecycle.createKey(caller, (CreateKeyRequest) request);
      case DescribeKey:
        return lifecycle.describeKey(caller, (DescribeKeyRequest) request);
      case ListKeys:
        return lifecycle.listKeys(caller, (ListKeysRequest) request);
      case EnableKey:
        return lifecycle.enableKey(caller, (EnableKeyRequest) request);
      case DisableKey:
        return lifecycle.disableKey(caller, (DisableKeyRequest) request);
      case ScheduleKeyDeletion:
        return lifecycle.scheduleKeyDeletion(caller, (ScheduleKeyDeletionRequest) request);
      case CancelKeyDeletion:
        return lifecycle.cancelKeyDeletion(caller, (CancelKeyDeletionRequest) request);
      case UpdateKeyDescription:
        return lifecycle.updateKeyDescription(caller, (UpdateKeyDescriptionRequest) request);
      case Encrypt:
        return crypto.encrypt(caller, (EncryptRequest) request);
      case Decrypt:
        return crypto.decrypt(caller, (DecryptRequest) request);
      case ReEncrypt:
        return crypto.reEncrypt(caller, (ReEncryptRequest) request);
      case GenerateDataKey:
        return crypto.generateDataKey(caller, (GenerateDataKeyRequest) request);
      case GenerateDataKeyWithoutPlaintext:
        return crypto.generateDataKeyWithoutPlaintext(
            caller, (GenerateDataKeyWithoutPlaintextRequest) request);
      case GenerateMac:
        return signatures.generateMac(caller, (GenerateMacRequest) request);
      case VerifyMac:
        return signatures.verifyMac(caller, (VerifyMacRequest) request);
      case Sign:
        return signatures.sign(caller, (SignRequest) request);
      case Verify:
        return signatures.verify(caller, (VerifyRequest) request);
      case GetPublicKey:
        return keyPairs.getPublicKey(caller, (GetPublicKeyRequest) request);
      case DeriveSharedSecret:
        return keyPairs.deriveSharedSecret(caller, (DeriveSharedSecretRequest) request);
      case GenerateDataKeyPair:
        return keyPairs.generateDataKeyPair(caller, (GenerateDataKeyPairRequest) request);
      case GenerateDataKeyPairWithoutPlaintext:
        return keyPairs.generateDataKeyPairWithoutPlaintext(
            caller, (GenerateDataKeyPairWithoutPlaintextRequest) request);
      case GetKeyLastUsage:
        return usageOperations.getKeyLastUsage(caller, (GetKeyLastUsageRequest) request);
      case GetParametersForImport:
        return imports.getParametersForImport(caller, (GetParametersForImportRequest) request);
      case ImportKeyMaterial:
        return imports.importKeyMaterial(caller, (ImportKeyMaterialRequest) request);
      case DeleteImportedKeyMaterial:
        return imports.deleteImportedKeyMaterial(
            caller, (DeleteImportedKeyMaterialRequest) request);
      case GenerateRandom:
        return crypto.generateRandom(caller, (GenerateRandomRequest) request);
      case CreateAlias:
        return aliases.createAlias(caller, (CreateAliasRequest) request);
      case UpdateAlias:
        return aliases.updateAlias(caller, (UpdateAliasRequest) request);
      case DeleteAlias:
        return aliases.deleteAlias(caller, (DeleteAliasRequest) request);
      case ListAliases:
        return aliases.listAliases(caller, (ListAliasesRequest) request);
      case TagResource:
        return tagsAndPolicies.tagResource(caller, (TagResourceRequest) request);
      case UntagResource:
        return tagsAndPolicies.untagResource(caller, (UntagResourceRequest) request);
      case ListResourceTags:
        return tagsAndPolicies.listResourceTags(caller, (ListResourceTagsRequest) request);
      case GetKeyPolicy:
        return tagsAndPolicies.getKeyPolicy(caller, (GetKeyPolicyRequest) request);
      case PutKeyPolicy:
        return tagsAndPolicies.putKeyPolicy(caller, (PutKeyPolicyRequest) request);
      case ListKeyPolicies:
        return tagsAndPolicies.listKeyPolicies(caller, (ListKeyPoliciesRequest) request);
      case EnableKeyRotation:
        return rotations.enableKeyRotation(caller, (EnableKeyRotationRequest) request);
      case DisableKeyRotation:
        return rotations.disableKeyRotation(caller, (DisableKeyRotationRequest) request);
      case GetKeyRotationStatus:
        return rotations.getKeyRotationStatus(caller, (GetKeyRotationStatusRequest) request);
      case RotateKeyOnDemand:
        return rotations.rotateKeyOnDemand(caller, (RotateKeyOnDemandRequest) request);
      case ListKeyRotations:
        return rotations.listKeyRotations(caller, (ListKeyRotationsRequest) request);
      case ReplicateKey:
        return replication.replicateKey(caller, (ReplicateKeyRequest) request);
      case UpdatePrimaryRegion:
        return replication.updatePrimaryRegion(caller, (UpdatePrimaryRegionRequest) request);
      case CreateGrant:
        return grants.createGrant(caller, (CreateGrantRequest) request);
      case ListGrants:
        return grants.listGrants(caller, (ListGrantsRequest) request);
      case ListRetirableGrants:
        return retirableGrants.list(caller, (ListRetirableGrantsRequest) request);
      case RetireGrant:
        return grants.retireGrant(caller, (RetireGrantRequest) request);
      case RevokeGrant:
        return grants.revokeGrant(caller, (RevokeGrantRequest) request);
      default:
        throw KmsException.unsupported(op.name() + " is not available on this node.");
    }
  }
}
