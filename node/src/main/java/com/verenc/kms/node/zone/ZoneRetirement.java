package com.verenc.kms.node.zone;

import com.verenc.kms.node.config.NodeSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.cluster.ClusterEvent.CurrentClusterState;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;

/**
 * Retires a zone whose nodes are gone for good, as `kms zone retire` asks through a node's
 * management port: every remaining zone's keys first say where the zone stands in their sets; if
 * any key still has its primary there, or a zone or key does not answer, nothing changes. Otherwise
 * every node records the zone as retired (in its memory and zone database) and every remaining
 * zone's keys leave it out of their sets.
 */
public final class ZoneRetirement {
  /** The answer for the operator, with the HTTP status it goes out with. */
  public record Outcome(int status, String message, List<ZoneFindings> zones) {}

  private final ActorSystem<?> system;
  private final NodeSettings settings;
  private final Duration timeout;

  /**
   * @param timeout how long a zone may take to go through its keys
   */
  public ZoneRetirement(ActorSystem<?> system, NodeSettings settings, Duration timeout) {
    this.system = system;
    this.settings = settings;
    this.timeout = timeout;
  }

  public CompletionStage<Outcome> retire(String zone) {
    if (!NodeSettings.isZoneName(zone)) {
      return done(400, "'" + zone + "' is not a zone name (letters-letters-digits, e.g. de-fra-1)");
    }
    if (zone.equals(settings.platformPrimaryZone())) {
      return done(
          409,
          zone
              + " is the platform primary zone: every account's Default Organization Key has its"
              + " primary there, so it cannot be retired");
    }
    CurrentClusterState state = Cluster.get(system).state();
    List<String> running =
        reachable(state, zone).stream().map(m -> m.address().toString()).toList();
    if (!running.isEmpty()) {
      return done(
          409,
          "zone "
              + zone
              + " still has running nodes: "
              + String.join(", ", running)
              + "; stop them for good before retiring it (a retired zone never gets keys back)");
    }
    TreeMap<String, Member> askedNodes = new TreeMap<>();
    List<String> silent = new ArrayList<>();
    for (String other : remainingZones(state, zone)) {
      reachable(state, other).stream()
          .filter(m -> m.status().equals(MemberStatus.up()))
          .min(Comparator.comparing(m -> m.address().toString()))
          .ifPresentOrElse(m -> askedNodes.put(other, m), () -> silent.add(other));
    }
    if (!silent.isEmpty()) {
      return done(
          503,
          "zone(s) "
              + String.join(", ", silent)
              + " have no reachable node: every zone but "
              + zone
              + " must answer, as their keys may list it; nothing was changed");
    }
    return examineAll(askedNodes, zone, false)
        .thenCompose(
            dryRun -> {
              Outcome refusal = refusal(zone, dryRun);
              if (refusal != null) {
                return CompletableFuture.completedFuture(refusal);
              }
              return recordEverywhere(state, zone)
                  .thenCompose(
                      recorded ->
                          recorded != null
                              ? CompletableFuture.completedFuture(recorded)
                              : examineAll(askedNodes, zone, true)
                                  .thenApply(applied -> applied(zone, applied)));
            });
  }

  /** The zones to consult: configured or with members, but not this one nor one retired before. */
  private Set<String> remainingZones(CurrentClusterState state, String zone) {
    Set<String> zones = new TreeSet<>(settings.zones());
    state.getMembers().forEach(m -> zones.add(m.dataCenter()));
    zones.remove(zone);
    zones.removeAll(RetiredZones.get(system).all());
    return zones;
  }

  private static List<Member> reachable(CurrentClusterState state, String zone) {
    List<Member> members = new ArrayList<>();
    for (Member m : state.getMembers()) {
      if (m.dataCenter().equals(zone)
          && !state.getUnreachable().contains(m)
          && (m.status().equals(MemberStatus.up())
              || m.status().equals(MemberStatus.weaklyUp())
              || m.status().equals(MemberStatus.joining()))) {
        members.add(m);
      }
    }
    return members;
  }

  private CompletionStage<List<ZoneFindings>> examineAll(
      TreeMap<String, Member> nodes, String zone, boolean apply) {
    List<CompletableFuture<ZoneFindings>> asks = new ArrayList<>();
    nodes.forEach(
        (other, member) ->
            asks.add(
                worker(member)
                    .thenCompose(
                        ref ->
                            AskPattern.<ZoneRetirementWorker.Message, ZoneFindings>ask(
                                ref,
                                replyTo -> new ZoneRetirementWorker.Examine(zone, apply, replyTo),
                                timeout,
                                system.scheduler()))
                    .exceptionally(
                        failure ->
                            ZoneFindings.failed(
                                other,
                                "no answer from "
                                    + member.address()
                                    + " within "
                                    + timeout.toSeconds()
                                    + " s"))
                    .toCompletableFuture()));
    return CompletableFuture.allOf(asks.toArray(CompletableFuture[]::new))
        .thenApply(done -> asks.stream().map(CompletableFuture::join).toList());
  }

  /** Every reachable node records the retirement; an outcome when one could not. */
  private CompletionStage<Outcome> recordEverywhere(CurrentClusterState state, String zone) {
    List<CompletableFuture<ZoneRetirementWorker.Recorded>> asks = new ArrayList<>();
    for (Member member : state.getMembers()) {
      if (!member.dataCenter().equals(zone) && !state.getUnreachable().contains(member)) {
        asks.add(
            worker(member)
                .thenCompose(
                    ref ->
                        AskPattern.<ZoneRetirementWorker.Message, ZoneRetirementWorker.Recorded>ask(
                            ref,
                            replyTo -> new ZoneRetirementWorker.Record(zone, replyTo),
                            settings.askTimeout(),
                            system.scheduler()))
                .exceptionally(
                    failure ->
                        new ZoneRetirementWorker.Recorded(member.address().toString(), "no answer"))
                .toCompletableFuture());
      }
    }
    return CompletableFuture.allOf(asks.toArray(CompletableFuture[]::new))
        .thenApply(
            done -> {
              List<String> failed =
                  asks.stream()
                      .map(CompletableFuture::join)
                      .filter(r -> r.error() != null)
                      .map(r -> r.node() + " (" + r.error() + ")")
                      .toList();
              return failed.isEmpty()
                  ? null
                  : new Outcome(
                      503,
                      "zone "
                          + zone
                          + " could not be recorded as retired on "
                          + String.join(", ", failed)
                          + "; no key was changed; run the command again",
                      List.of());
            });
  }

  private CompletionStage<ActorRef<ZoneRetirementWorker.Message>> worker(Member member) {
    return Adapter.toClassic(system)
        .actorSelection(member.address() + "/user/" + ZoneRetirementWorker.NAME)
        .resolveOne(settings.askTimeout())
        .thenApply(Adapter::<ZoneRetirementWorker.Message>toTyped);
  }

  /** Why the dry run forbids the retirement; null when it allows it. */
  private static Outcome refusal(String zone, List<ZoneFindings> findings) {
    List<String> failed = failures(findings);
    if (!failed.isEmpty()) {
      return new Outcome(
          503,
          "not every zone could be asked: "
              + String.join("; ", failed)
              + "; nothing was changed, run the command again",
          findings);
    }
    int primaries = findings.stream().mapToInt(ZoneFindings::primaries).sum();
    if (primaries > 0) {
      ZoneFindings example =
          findings.stream().filter(f -> f.examplePrimary() != null).findFirst().orElseThrow();
      return new Outcome(
          409,
          zone
              + " cannot be retired: "
              + primaries
              + (primaries == 1 ? " key has" : " keys have")
              + " its primary there, e.g. "
              + example.examplePrimary()
              + " (its replica in "
              + example.zone()
              + "). Move each such key's primary to another zone (UpdatePrimaryRegion, which needs "
              + zone
              + " up) or delete it, then retire the zone; nothing was changed",
          findings);
    }
    return null;
  }

  private static Outcome applied(String zone, List<ZoneFindings> findings) {
    List<String> failed = new ArrayList<>(failures(findings));
    findings.stream()
        .filter(f -> f.primaries() > 0)
        .forEach(
            f ->
                failed.add(
                    f.zone()
                        + ": "
                        + f.primaries()
                        + " keys got their primary in "
                        + zone
                        + " meanwhile, e.g. "
                        + f.examplePrimary()));
    int removed = findings.stream().mapToInt(ZoneFindings::removed).sum();
    String perZone =
        findings.stream().map(f -> f.zone() + ": " + f.removed()).collect(Collectors.joining(", "));
    if (!failed.isEmpty()) {
      return new Outcome(
          503,
          zone
              + " is retired, but not every key has left it out yet: "
              + String.join("; ", failed)
              + "; run the command again to finish",
          findings);
    }
    return new Outcome(
        200,
        "zone "
            + zone
            + " retired: left out of the replica sets of "
            + removed
            + (removed == 1 ? " key" : " keys")
            + " ("
            + perZone
            + ")",
        findings);
  }

  /** Zones that could not be examined and keys that did not answer. */
  private static List<String> failures(List<ZoneFindings> findings) {
    List<String> failed = new ArrayList<>();
    for (ZoneFindings f : findings) {
      if (f.error() != null) {
        failed.add(f.zone() + ": " + f.error());
      } else if (f.unanswered() > 0) {
        failed.add(
            f.zone()
                + ": "
                + f.unanswered()
                + " of "
                + f.keys()
                + " keys did not answer, e.g. "
                + f.exampleUnanswered());
      }
    }
    return failed;
  }

  private static CompletionStage<Outcome> done(int status, String message) {
    return CompletableFuture.completedFuture(new Outcome(status, message, List.of()));
  }
}
