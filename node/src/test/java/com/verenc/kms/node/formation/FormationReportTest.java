package com.verenc.kms.node.formation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.verenc.kms.node.formation.MembershipView.NodeId;
import com.verenc.kms.node.formation.MembershipView.ZoneSettings;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * How a node judges the views other nodes send: which nodes are in another cluster, which side of a
 * split is outside the installation, and which members have other zone settings.
 */
class FormationReportTest {
  private static final ZoneSettings THREE =
      new ZoneSettings(List.of("at-vie-1", "ch-gva-2", "de-fra-1"), "ch-gva-2");
  private static final NodeId A = new NodeId("pekko://verenc-kms@127.0.0.1:25520", 1);
  private static final NodeId B = new NodeId("pekko://verenc-kms@127.0.0.1:25521", 2);
  private static final NodeId C = new NodeId("pekko://verenc-kms@127.0.0.1:25522", 3);
  private static final NodeId A_RESTARTED = new NodeId(A.address(), 4);

  private static MembershipView view(
      NodeId self, ZoneSettings zones, List<NodeId> members, long clusterSince) {
    return new MembershipView(self, "ch-gva-2", zones, members, clusterSince, clusterSince);
  }

  @Test
  void membersOfOneClusterWithTheSameZonesAreNoProblem() {
    MembershipView a = view(A, THREE, List.of(A, B, C), 1000);
    FormationReport report =
        FormationReport.assess(
            a, List.of(view(B, THREE, List.of(A, B, C), 900), view(C, THREE, List.of(B, C), 900)));
    assertFalse(report.split());
    assertFalse(report.zoneMismatch());
    assertFalse(report.outsideItsCluster());
  }

  @Test
  void aRestartedSeedInAClusterOfItsOwnIsOutsideAndTheRunningClusterIsNot() {
    // B and C still list A's previous incarnation; the restarted A formed a cluster alone.
    MembershipView running = view(B, THREE, List.of(A, B, C), 1000);
    MembershipView restarted = view(A_RESTARTED, THREE, List.of(A_RESTARTED), 5000);

    FormationReport seenByB = FormationReport.assess(running, List.of(restarted));
    assertTrue(seenByB.split());
    assertFalse(seenByB.outsideItsCluster());
    assertEquals(A.address(), seenByB.splits().get(0).node());
    assertEquals(List.of(A.address()), seenByB.splits().get(0).members());
    assertFalse(seenByB.splits().get(0).thisNodeIsOutside());

    FormationReport seenByA = FormationReport.assess(restarted, List.of(running));
    assertTrue(seenByA.outsideItsCluster());
    assertTrue(seenByA.splits().get(0).thisNodeIsOutside());
  }

  @Test
  void clustersThatCameUpInTheSameMillisecondAgreeOnTheLowerAddress() {
    MembershipView ab = view(B, THREE, List.of(A, B), 1000);
    MembershipView c = view(C, THREE, List.of(C), 1000);
    assertFalse(FormationReport.assess(ab, List.of(c)).outsideItsCluster());
    assertTrue(FormationReport.assess(c, List.of(ab)).outsideItsCluster());
  }

  @Test
  void nodesNotUpInAClusterAreNeitherSplitNorMismatched() {
    MembershipView joining =
        view(C, new ZoneSettings(List.of("ch-gva-2"), "ch-gva-2"), List.of(), 0);
    FormationReport report =
        FormationReport.assess(view(A, THREE, List.of(A, B), 1000), List.of(joining));
    assertFalse(report.split());
    assertFalse(report.zoneMismatch());
    assertFalse(
        FormationReport.assess(joining, List.of(view(A, THREE, List.of(A, B), 1000)))
            .outsideItsCluster());
  }

  @Test
  void aMemberWithOtherZonesOrAnotherPlatformPrimaryZoneIsReported() {
    ZoneSettings two = new ZoneSettings(List.of("ch-gva-2", "de-fra-1"), "ch-gva-2");
    ZoneSettings otherPrimary =
        new ZoneSettings(List.of("at-vie-1", "ch-gva-2", "de-fra-1"), "de-fra-1");
    FormationReport report =
        FormationReport.assess(
            view(A, THREE, List.of(A, B, C), 1000),
            List.of(
                view(B, two, List.of(A, B, C), 1000),
                view(C, otherPrimary, List.of(A, B, C), 1000)));
    assertTrue(report.zoneMismatch());
    assertEquals(2, report.zoneMismatches().size());
    assertEquals(B.address(), report.zoneMismatches().get(0).node());
    assertEquals(two, report.zoneMismatches().get(0).zoneSettings());
    assertEquals(otherPrimary, report.zoneMismatches().get(1).zoneSettings());
    assertFalse(report.split());
  }

  @Test
  void aNodeInAnotherClusterIsASplitNotAZoneMismatch() {
    ZoneSettings two = new ZoneSettings(List.of("ch-gva-2", "de-fra-1"), "ch-gva-2");
    FormationReport report =
        FormationReport.assess(
            view(A, THREE, List.of(A), 1000), List.of(view(B, two, List.of(B), 2000)));
    assertTrue(report.split());
    assertFalse(report.zoneMismatch());
  }
}
