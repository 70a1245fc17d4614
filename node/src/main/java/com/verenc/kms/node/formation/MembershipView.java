package com.verenc.kms.node.formation;

import com.verenc.kms.node.CborSerializable;
import java.util.List;

/**
 * What one node says of the cluster it is in and of its zone settings. Nodes exchange these to find
 * a node that formed or joined another cluster than theirs, and members whose KMS_ZONES differ.
 *
 * @param members every member of the node's cluster as it sees it; empty while the node is not Up
 *     in a cluster (starting, joining, leaving)
 * @param upSince when the node became Up (epoch milliseconds), 0 while it is not
 * @param clusterSince the earliest {@code upSince} the node knows of among its cluster's members
 *     (itself included): how long its cluster has existed at least; 0 while it is not Up
 */
public record MembershipView(
    NodeId self,
    String zone,
    ZoneSettings zoneSettings,
    List<NodeId> members,
    long upSince,
    long clusterSince)
    implements CborSerializable {

  /** One incarnation of a node: its cluster address and the uid it started with. */
  public record NodeId(String address, long uid) implements CborSerializable {}

  /**
   * The zones a node was configured with (KMS_ZONES, sorted) and the zone it takes for the platform
   * primary zone; every member must have the same.
   */
  public record ZoneSettings(List<String> zones, String platformPrimaryZone)
      implements CborSerializable {

    @Override
    public String toString() {
      return zones + " (platform primary zone " + platformPrimaryZone + ")";
    }
  }

  boolean inCluster() {
    return !members.isEmpty();
  }

  /**
   * Whether the two nodes are in one cluster: either lists the other. Membership spreads by gossip,
   * so for a moment only one of them may list the other.
   */
  boolean together(MembershipView other) {
    return members.contains(other.self) || other.members.contains(self);
  }

  List<String> memberAddresses() {
    return members.stream().map(NodeId::address).sorted().toList();
  }
}
