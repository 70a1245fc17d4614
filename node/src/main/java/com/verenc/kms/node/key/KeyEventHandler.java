package com.verenc.kms.node.key;

import com.verenc.kms.node.key.KeyEntityState.Absent;
import com.verenc.kms.node.key.KeyEntityState.Destroyed;
import com.verenc.kms.node.key.KeyEntityState.Live;
import com.verenc.kms.node.key.model.DeletionSchedule;
import com.verenc.kms.node.key.model.MaterialHistory;
import com.verenc.kms.node.replication.Replication;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventHandlerBuilder;

/** How each event changes a key's state in one zone; pure, so recovery replays it exactly. */
final class KeyEventHandler {
  /**
   * One handler per zone, shared by the zone's entities: built per entity, its cases cost every
   * resident key about 1.7 KB (docs/performance.md, "Memory per key"). Pure, so sharing is safe.
   */
  private static final Map<String, EventHandler<KeyEntityState, KeyEvent>> BY_ZONE =
      new ConcurrentHashMap<>();

  private final String zone;

  KeyEventHandler(String zone) {
    this.zone = zone;
  }

  /** The zone's handler, built on first use. */
  static EventHandler<KeyEntityState, KeyEvent> forZone(String zone) {
    return BY_ZONE.computeIfAbsent(
        zone, z -> new KeyEventHandler(z).build(EventHandlerBuilder.builder()));
  }

  EventHandler<KeyEntityState, KeyEvent> build(
      EventHandlerBuilder<KeyEntityState, KeyEvent> builder) {
    builder
        .forStateType(Absent.class)
        .onEvent(
            KeyEvent.KeyCreated.class, (state, event) -> new Live(KeyRecord.created(event, zone)))
        .onEvent(
            KeyEvent.ReplicaCreated.class,
            (state, event) -> new Live(KeyRecord.replicaOf(event.state(), event.settings(), zone)));
    builder
        .forStateType(Live.class)
        .onEvent(
            KeyEvent.Enabled.class, (state, event) -> settings(state, s -> s.withEnabled(true)))
        .onEvent(
            KeyEvent.MaterialImported.class,
            (state, event) ->
                new Live(
                    state
                        .key()
                        .withMaterials(
                            state.key().materials().importing(event.material(), event.imported()))
                        // The primary's replicas learn which material it is.
                        .sharedChange()))
        .onEvent(
            KeyEvent.RotationMaterialImported.class,
            (state, event) ->
                new Live(
                    state
                        .key()
                        .withMaterials(
                            state
                                .key()
                                .materials()
                                .awaitingRotation(event.material(), event.imported()))))
        .onEvent(
            KeyEvent.ImportedMaterialRotated.class,
            (state, event) ->
                new Live(
                    state
                        .key()
                        .withMaterials(state.key().materials().rotatedToImported(event.at()))))
        .onEvent(
            KeyEvent.ImportedMaterialDeleted.class,
            (state, event) -> {
              MaterialHistory materials = state.key().materials();
              int version =
                  event.version() != null ? event.version() : materials.imported().version();
              return new Live(state.key().withMaterials(materials.withoutImport(version)));
            })
        .onEvent(
            KeyEvent.Disabled.class, (state, event) -> settings(state, s -> s.withEnabled(false)))
        .onEvent(
            KeyEvent.DescriptionUpdated.class,
            (state, event) -> settings(state, s -> s.withDescription(event.description())))
        .onEvent(
            KeyEvent.TagsSet.class,
            (state, event) -> settings(state, s -> s.withTags(event.tags())))
        .onEvent(
            KeyEvent.TagsRemoved.class,
            (state, event) -> settings(state, s -> s.withoutTags(event.tagKeys())))
        .onEvent(
            KeyEvent.PolicyPut.class,
            (state, event) -> settings(state, s -> s.withPolicy(event.policy())))
        .onEvent(
            KeyEvent.DeletionScheduled.class,
            (state, event) ->
                new Live(
                    state
                        .key()
                        .withDeletion(
                            new DeletionSchedule(event.deletionDate(), event.pendingWindowInDays()))
                        .sharedChange()))
        .onEvent(
            KeyEvent.DeletionCancelled.class,
            (state, event) ->
                new Live(
                    state
                        .key()
                        .withDeletion(null)
                        .withSettings(state.key().settings().withEnabled(false))
                        .sharedChange()))
        .onEvent(
            KeyEvent.RotationEnabled.class,
            (state, event) ->
                new Live(
                    state
                        .key()
                        .withRotation(
                            state
                                .key()
                                .rotation()
                                .enabledAt(event.at(), event.rotationPeriodInDays()))
                        .sharedChange()))
        .onEvent(
            KeyEvent.RotationDisabled.class,
            (state, event) ->
                new Live(
                    state.key().withRotation(state.key().rotation().disabled()).sharedChange()))
        .onEvent(
            KeyEvent.Rotated.class,
            (state, event) -> new Live(state.key().withMaterial(event.material()).sharedChange()))
        .onEvent(
            KeyEvent.ReplicaAdded.class,
            (state, event) -> replication(state, r -> r.withReplica(event.zone(), event.seed())))
        .onEvent(
            KeyEvent.ReplicaAcknowledged.class,
            (state, event) ->
                replication(
                    state, r -> r.acknowledgedBy(event.zone(), event.version()).settled(zone)))
        .onEvent(
            KeyEvent.ReplicaVersionReported.class,
            (state, event) -> replication(state, r -> r.reportedBy(event.zone(), event.version())))
        .onEvent(
            KeyEvent.SharedStateApplied.class,
            (state, event) -> new Live(state.key().applying(event.state(), zone)))
        .onEvent(
            KeyEvent.PrimaryMoved.class,
            (state, event) -> replication(state, r -> r.movedTo(event.newPrimaryZone(), zone)))
        .onEvent(
            KeyEvent.ZoneRetired.class,
            (state, event) -> replication(state, r -> r.withoutZone(event.zone())))
        .onEvent(
            KeyEvent.GrantCreated.class,
            (state, event) ->
                new Live(state.key().withGrants(state.key().grants().with(event.grant()))))
        .onEvent(
            KeyEvent.GrantRetired.class,
            (state, event) ->
                new Live(state.key().withGrants(state.key().grants().without(event.grantId()))))
        .onEvent(
            KeyEvent.GrantRevoked.class,
            (state, event) ->
                new Live(state.key().withGrants(state.key().grants().without(event.grantId()))))
        .onEvent(
            KeyEvent.Destroyed.class, (state, event) -> new Destroyed(state.key().accountId()));
    return builder.build();
  }

  private static Live settings(Live state, UnaryOperator<KeySettings> change) {
    return new Live(state.key().withSettings(change.apply(state.key().settings())));
  }

  private static Live replication(Live state, UnaryOperator<Replication> change) {
    return new Live(state.key().withReplication(change.apply(state.key().replication())));
  }
}
