package com.verenc.kms.node.key;

import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.persistence.typed.PersistenceId;

/** STUB (being rewritten): the public surface of the key entity. */
public final class KeyEntity {
  public static final EntityTypeKey<KeyMessage> TYPE_KEY = EntityTypeKey.create(KeyMessage.class, "Key");

  private KeyEntity() {}

  public static void init(ActorSystem<?> system, KeyEntityContext ctx) {
    ClusterSharding.get(system).init(Entity.of(TYPE_KEY, entity -> create(entity.getEntityId(), ctx)));
  }

  /** A proxy-only region for the key shards of another zone (data centre). */
  public static void initProxy(ActorSystem<?> system, String zone) {
    ClusterSharding.get(system).init(Entity.of(TYPE_KEY, entity -> Behaviors.<KeyMessage>empty()).withDataCenter(zone));
  }

  /** Zone-qualified, so zones sharing a database by mistake never write the same stream. */
  public static PersistenceId persistenceId(String zone, String keyId) {
    return PersistenceId.ofUniqueId("key|" + zone + "|" + keyId);
  }

  public static Behavior<KeyMessage> create(String keyId, KeyEntityContext ctx) {
    return Behaviors.empty();
  }
}
