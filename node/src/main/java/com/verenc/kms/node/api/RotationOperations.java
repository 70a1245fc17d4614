package com.verenc.kms.node.api;

import com.verenc.kms.node.auth.Caller;
import com.verenc.kms.node.key.KeyAnswer;
import com.verenc.kms.node.key.KeyCommand;
import com.verenc.kms.node.key.model.ImportedMaterial;
import com.verenc.kms.node.paging.Page;
import com.verenc.kms.protocol.model.DisableKeyRotationRequest;
import com.verenc.kms.protocol.model.EmptyResponse;
import com.verenc.kms.protocol.model.EnableKeyRotationRequest;
import com.verenc.kms.protocol.model.GetKeyRotationStatusRequest;
import com.verenc.kms.protocol.model.GetKeyRotationStatusResponse;
import com.verenc.kms.protocol.model.KmsResponse;
import com.verenc.kms.protocol.model.ListKeyRotationsRequest;
import com.verenc.kms.protocol.model.ListKeyRotationsResponse;
import com.verenc.kms.protocol.model.RotateKeyOnDemandRequest;
import com.verenc.kms.protocol.model.RotateKeyOnDemandResponse;
import com.verenc.kms.protocol.model.RotationsListEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * EnableKeyRotation, DisableKeyRotation, GetKeyRotationStatus, RotateKeyOnDemand, ListKeyRotations.
 */
final class RotationOperations {
  private static final int DEFAULT_LIST_LIMIT = 100;

  private final KeyRequests requests;

  RotationOperations(KeyRequests requests) {
    this.requests = requests;
  }

  CompletionStage<KmsResponse> enableKeyRotation(Caller caller, EnableKeyRotationRequest r) {
    return requests
        .<KeyAnswer.Done>ask(
            caller,
            r.keyId(),
            replyTo ->
                new KeyCommand.EnableRotation(
                    caller.accountId(), r.rotationPeriodInDays(), replyTo))
        .thenApply(done -> EmptyResponse.INSTANCE);
  }

  CompletionStage<KmsResponse> disableKeyRotation(Caller caller, DisableKeyRotationRequest r) {
    return requests
        .<KeyAnswer.Done>ask(
            caller,
            r.keyId(),
            replyTo -> new KeyCommand.DisableRotation(caller.accountId(), replyTo))
        .thenApply(done -> EmptyResponse.INSTANCE);
  }

  CompletionStage<KmsResponse> getKeyRotationStatus(Caller caller, GetKeyRotationStatusRequest r) {
    return requests
        .<KeyAnswer.RotationStatus>ask(
            caller,
            r.keyId(),
            replyTo -> new KeyCommand.GetRotationStatus(caller.accountId(), replyTo))
        // Rotations complete before the call returns, so none is ever "in progress"
        // (OnDemandRotationStartDate).
        .thenApply(
            s ->
                new GetKeyRotationStatusResponse(
                    s.enabled(), s.keyArn(), s.periodInDays(), s.nextRotationDate(), null));
  }

  CompletionStage<KmsResponse> rotateKeyOnDemand(Caller caller, RotateKeyOnDemandRequest r) {
    return requests
        .<KeyAnswer.Done>ask(
            caller,
            r.keyId(),
            replyTo -> new KeyCommand.RotateOnDemand(caller.accountId(), replyTo))
        .thenApply(done -> new RotateKeyOnDemandResponse(done.keyArn()));
  }

  CompletionStage<KmsResponse> listKeyRotations(Caller caller, ListKeyRotationsRequest r) {
    int limit = r.limit() == null ? DEFAULT_LIST_LIMIT : r.limit();
    return requests
        .<KeyAnswer.Rotations>ask(
            caller, r.keyId(), replyTo -> new KeyCommand.ListRotations(caller.accountId(), replyTo))
        .thenApply(
            reply -> {
              List<Numbered> all = new ArrayList<>();
              for (int i = 0; i < reply.rotations().size(); i++) {
                all.add(
                    new Numbered(
                        Integer.toString(i + 1), entry(reply.keyArn(), reply.rotations().get(i))));
              }
              Page<Numbered> page = Page.of(all, limit, r.marker(), Numbered::marker);
              return new ListKeyRotationsResponse(
                  page.items().stream().map(Numbered::entry).toList(),
                  page.nextMarker(),
                  page.truncated());
            });
  }

  private static RotationsListEntry entry(String keyArn, KeyAnswer.Rotation rotation) {
    String type = rotation.rotationType() == null ? null : rotation.rotationType().name();
    ImportedMaterial m = rotation.material();
    if (m == null) {
      return RotationsListEntry.rotation(keyArn, rotation.rotationDate(), type);
    }
    return new RotationsListEntry(
        keyArn,
        m.keyMaterialId(),
        m.description(),
        m.present() ? "IMPORTED" : "PENDING_IMPORT",
        rotation.materialState(),
        m.present() ? m.expirationModel() : null,
        m.validTo(),
        rotation.rotationDate(),
        type);
  }

  /** A rotation and its position, which serves as its paging marker. */
  private record Numbered(String marker, RotationsListEntry entry) {}
}
