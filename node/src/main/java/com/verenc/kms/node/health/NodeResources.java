package com.verenc.kms.node.health;

import com.verenc.kms.node.persistence.ZoneDatabase;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Extension;
import org.apache.pekko.actor.typed.ExtensionId;

/** Gives health checks, which Pekko instantiates itself, the node's zone database. */
public final class NodeResources implements Extension {
  private volatile ZoneDatabase database;

  public static final ExtensionId<NodeResources> ID =
      new ExtensionId<>() {
        @Override
        public NodeResources createExtension(ActorSystem<?> system) {
          return new NodeResources();
        }
      };

  public static NodeResources get(ActorSystem<?> system) {
    return system.registerExtension(ID);
  }

  public void register(ZoneDatabase zoneDatabase) {
    this.database = zoneDatabase;
  }

  /** Null until the node has registered it. */
  public ZoneDatabase database() {
    return database;
  }
}
