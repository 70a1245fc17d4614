package com.verenc.kms.node.formation;

import com.verenc.kms.node.config.InvalidSettingException;
import java.util.Arrays;
import java.util.List;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.cluster.typed.JoinSeedNodes;

/**
 * The nodes this node was told about (KMS_SEED_NODES, host:port) and how it joins through them.
 * Pekko's seed-node rule makes formation safe when every node has the same list: the node listed
 * first joins itself only when none of the others answers within {@code
 * pekko.cluster.seed-node-timeout}; any other node only ever joins a node that is already in a
 * cluster. Without seeds a node forms a cluster of its own.
 */
public record SeedNodes(List<String> hostPorts) {
  private static final String HOST_PORT = "^[^:\\s]+:\\d{1,5}$";

  /**
   * Reads the comma-separated list.
   *
   * @throws InvalidSettingException when an entry is not host:port
   */
  public static SeedNodes parse(String list) {
    List<String> seeds =
        Arrays.stream(list.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    for (String seed : seeds) {
      if (!seed.matches(HOST_PORT)) {
        throw new InvalidSettingException(
            "KMS_SEED_NODES entries must be host:port, got '" + seed + "'");
      }
    }
    return new SeedNodes(seeds);
  }

  /** The seeds as cluster addresses of {@code system}'s name. */
  public List<Address> addresses(String systemName) {
    return hostPorts.stream()
        .map(
            hostPort -> {
              int colon = hostPort.lastIndexOf(':');
              return new Address(
                  "pekko",
                  systemName,
                  hostPort.substring(0, colon),
                  Integer.parseInt(hostPort.substring(colon + 1)));
            })
        .toList();
  }

  /** Joins the cluster through the seeds; without any, forms a new cluster of this node alone. */
  public void join(ActorSystem<?> system) {
    Cluster cluster = Cluster.get(system);
    if (hostPorts.isEmpty()) {
      cluster.manager().tell(Join.create(cluster.selfMember().address()));
    } else {
      cluster.manager().tell(new JoinSeedNodes(addresses(system.name())));
    }
  }
}
