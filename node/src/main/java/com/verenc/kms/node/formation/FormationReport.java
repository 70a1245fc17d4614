package com.verenc.kms.node.formation;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * How this node's cluster agrees with what the other nodes it knows say: nodes that answer from
 * another cluster (a split), and members whose zone settings differ from this node's.
 *
 * @param outsideItsCluster this node is on the younger side of a split: another cluster, which has
 *     existed longer (or, when both came up in the same millisecond, has the lower lowest member
 *     address), holds nodes this node was configured with or was a member with; it is not part of
 *     the installation's cluster and must not serve
 */
public record FormationReport(
    MembershipView.ZoneSettings zoneSettings,
    boolean outsideItsCluster,
    List<Split> splits,
    List<ZoneMismatch> zoneMismatches) {

  /**
   * A node that is in another cluster than this one.
   *
   * @param members the other cluster's members as that node sees them
   * @param thisNodeIsOutside whether this node's cluster is the younger one (so this node is the
   *     one outside the installation's cluster)
   */
  public record Split(
      String node,
      String zone,
      List<String> members,
      long clusterSince,
      boolean thisNodeIsOutside) {}

  /** A member of this node's cluster configured with other zones than this node. */
  public record ZoneMismatch(String node, String zone, MembershipView.ZoneSettings zoneSettings) {}

  /** Before anything is known: no problem found. */
  static FormationReport nothingKnown(MembershipView.ZoneSettings zoneSettings) {
    return new FormationReport(zoneSettings, false, List.of(), List.of());
  }

  public boolean split() {
    return !splits.isEmpty();
  }

  public boolean zoneMismatch() {
    return !zoneMismatches.isEmpty();
  }

  /**
   * Compares this node's view with the latest views of the other nodes. Of two clusters the older
   * one is the installation's (the one whose earliest member came Up first; on a tie the one with
   * the lower lowest member address), so a node restarted into a cluster of its own finds itself
   * outside while the running installation does not.
   */
  static FormationReport assess(MembershipView self, Collection<MembershipView> peers) {
    List<Split> splits = new ArrayList<>();
    List<ZoneMismatch> mismatches = new ArrayList<>();
    boolean outside = false;
    for (MembershipView peer : peers) {
      if (!self.inCluster() || !peer.inCluster()) {
        continue;
      }
      if (self.together(peer)) {
        if (!peer.zoneSettings().equals(self.zoneSettings())) {
          mismatches.add(new ZoneMismatch(peer.self().address(), peer.zone(), peer.zoneSettings()));
        }
        continue;
      }
      boolean younger = younger(self, peer);
      outside |= younger;
      splits.add(
          new Split(
              peer.self().address(),
              peer.zone(),
              peer.memberAddresses(),
              peer.clusterSince(),
              younger));
    }
    splits.sort(java.util.Comparator.comparing(Split::node));
    mismatches.sort(java.util.Comparator.comparing(ZoneMismatch::node));
    return new FormationReport(
        self.zoneSettings(), outside, List.copyOf(splits), List.copyOf(mismatches));
  }

  private static boolean younger(MembershipView self, MembershipView peer) {
    if (self.clusterSince() != peer.clusterSince()) {
      return self.clusterSince() > peer.clusterSince();
    }
    return self.memberAddresses().get(0).compareTo(peer.memberAddresses().get(0)) > 0;
  }
}
