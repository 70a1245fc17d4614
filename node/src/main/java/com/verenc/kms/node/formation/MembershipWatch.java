package com.verenc.kms.node.formation;

import com.verenc.kms.node.CborSerializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;

/**
 * Asks, every check interval, the seed nodes this node was configured with and every member of its
 * cluster which cluster they are in and which zones they were configured with; answers the same
 * question from other nodes (learning their view from it, so a node restarted without seeds still
 * hears from the nodes that list it). Publishes the {@link FormationReport} and logs each split and
 * zone-settings mismatch at ERROR when it appears.
 */
public final class MembershipWatch extends AbstractBehavior<MembershipWatch.Message> {
  /** The watch's name under /user on every node, where other nodes address it. */
  public static final String NAME = "membership-watch";

  /** What the watch handles. */
  public sealed interface Message {}

  /** Time to ask again. */
  enum Tick implements Message {
    INSTANCE
  }

  /** Another node asks which cluster this node is in, and says which it is in. */
  public record Probe(MembershipView asker, ActorRef<Message> replyTo)
      implements Message, CborSerializable {}

  /** The answer to a {@link Probe}. */
  public record Answer(MembershipView view) implements Message, CborSerializable {}

  /** A view and when it arrived (nanoTime): views older than three intervals are forgotten. */
  private record Heard(MembershipView view, long atNanos) {}

  private final Cluster cluster;
  private final List<Address> seeds;
  private final String zone;
  private final MembershipView.ZoneSettings zoneSettings;
  private final Duration interval;
  private final FormationState state;
  private final FormationLog log;
  private final Map<String, Heard> heard = new HashMap<>();
  private long upSince;

  private MembershipWatch(
      ActorContext<Message> context,
      SeedNodes seeds,
      String zone,
      MembershipView.ZoneSettings zoneSettings,
      Duration interval) {
    super(context);
    this.cluster = Cluster.get(context.getSystem());
    this.seeds = seeds.addresses(context.getSystem().name());
    this.zone = zone;
    this.zoneSettings = zoneSettings;
    this.interval = interval;
    this.state = FormationState.get(context.getSystem());
    this.log = new FormationLog(context.getLog());
    state.publish(FormationReport.nothingKnown(zoneSettings));
  }

  /**
   * @param zones the zones this node was configured with (KMS_ZONES and its own)
   */
  public static Behavior<Message> create(
      SeedNodes seeds,
      String zone,
      Set<String> zones,
      String platformPrimaryZone,
      Duration interval) {
    MembershipView.ZoneSettings settings =
        new MembershipView.ZoneSettings(zones.stream().sorted().toList(), platformPrimaryZone);
    return Behaviors.setup(
        context ->
            Behaviors.withTimers(
                timers -> {
                  timers.startTimerWithFixedDelay(Tick.INSTANCE, interval);
                  return new MembershipWatch(context, seeds, zone, settings, interval);
                }));
  }

  @Override
  public Receive<Message> createReceive() {
    return newReceiveBuilder()
        .onMessage(Tick.class, tick -> tick())
        .onMessage(Probe.class, this::probed)
        .onMessage(Answer.class, answer -> heard(answer.view()))
        .build();
  }

  private Behavior<Message> tick() {
    MembershipView self = view();
    for (Address target : targets()) {
      Adapter.toClassic(getContext().getSystem())
          .actorSelection(target + "/user/" + NAME)
          .tell(
              new Probe(self, getContext().getSelf()), org.apache.pekko.actor.ActorRef.noSender());
    }
    long expired = System.nanoTime() - interval.multipliedBy(3).toNanos();
    heard.values().removeIf(h -> h.atNanos() < expired);
    assess();
    return this;
  }

  private Behavior<Message> probed(Probe probe) {
    probe.replyTo().tell(new Answer(view()));
    return heard(probe.asker());
  }

  private Behavior<Message> heard(MembershipView view) {
    if (!view.self().address().equals(selfAddress().toString())) {
      heard.put(view.self().address(), new Heard(view, System.nanoTime()));
      assess();
    }
    return this;
  }

  private void assess() {
    FormationReport report =
        FormationReport.assess(view(), heard.values().stream().map(Heard::view).toList());
    log.changed(selfAddress().toString(), report);
    state.publish(report);
  }

  /** The configured seeds and the members of this node's cluster, this node excepted. */
  private Set<Address> targets() {
    Set<Address> targets = new LinkedHashSet<>(seeds);
    cluster.state().getMembers().forEach(m -> targets.add(m.address()));
    targets.remove(selfAddress());
    return targets;
  }

  private MembershipView view() {
    Member self = cluster.selfMember();
    boolean up =
        self.status().equals(MemberStatus.up()) || self.status().equals(MemberStatus.weaklyUp());
    if (up && upSince == 0) {
      upSince = System.currentTimeMillis();
    }
    List<MembershipView.NodeId> members = new ArrayList<>();
    long clusterSince = 0;
    if (up) {
      cluster.state().getMembers().forEach(m -> members.add(id(m)));
      clusterSince = upSince;
      for (Heard h : heard.values()) {
        MembershipView peer = h.view();
        if (peer.clusterSince() > 0 && members.contains(peer.self())) {
          clusterSince = Math.min(clusterSince, peer.clusterSince());
        }
      }
    }
    return new MembershipView(
        id(self), zone, zoneSettings, List.copyOf(members), up ? upSince : 0, clusterSince);
  }

  private Address selfAddress() {
    return cluster.selfMember().address();
  }

  private static MembershipView.NodeId id(Member member) {
    return new MembershipView.NodeId(member.address().toString(), member.uniqueAddress().longUid());
  }
}
