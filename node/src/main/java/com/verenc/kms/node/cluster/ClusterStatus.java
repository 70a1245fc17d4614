package com.verenc.kms.node.cluster;

import com.verenc.kms.node.formation.FormationReport;
import java.util.List;
import java.util.Map;

/**
 * The installation as one node sees it, for operators: every member by zone with its status and
 * reachability, and per member the shards and live entities of each sharded type.
 *
 * @param formation what the nodes this one asks say of their cluster and zone settings: splits and
 *     members configured with other zones
 */
public record ClusterStatus(
    String selfNode, String selfZone, String leader, List<Zone> zones, FormationReport formation) {

  /**
   * One zone (Pekko data centre) and its members.
   *
   * @param shardStatsErrors why its shard counts are missing (the zone's coordinator did not answer
   *     in time, e.g. the zone is unreachable); absent when the counts are there
   */
  public record Zone(String zone, List<Member> members, Map<String, String> shardStatsErrors) {}

  /**
   * One member; {@code shards} maps an entity type ("Key", "AccountDirectory") to its counts on
   * this member.
   */
  public record Member(String node, String status, boolean reachable, Map<String, Shards> shards) {}

  /** Shards hosted on a member and the entities awake in them. */
  public record Shards(int shards, int entities) {}
}
