package com.verenc.kms.node.masterkey;

import com.verenc.kms.node.masterkey.RewrapCommand.Begun;
import com.verenc.kms.node.masterkey.RewrapCommand.Loaded;
import com.verenc.kms.node.masterkey.RewrapCommand.PageDone;
import com.verenc.kms.node.masterkey.RewrapCommand.Refused;
import com.verenc.kms.node.masterkey.RewrapCommand.Reload;
import com.verenc.kms.node.masterkey.RewrapCommand.Start;
import com.verenc.kms.node.masterkey.RewrapCommand.Started;
import com.verenc.kms.node.masterkey.RewrapCommand.Tick;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.StashBuffer;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.ClusterSingleton;
import org.apache.pekko.cluster.typed.SingletonActor;

/**
 * The zone's master key rotation worker: one per zone (a cluster singleton is per data centre), so
 * one node re-wraps and another takes the pass up where the database says it stopped when that node
 * goes. It starts passes when the operator asks, resumes a running one when it starts, and runs one
 * page at a time off its own thread, paced to {@code maxRate} secrets a second.
 */
public final class RewrapCoordinator extends AbstractBehavior<RewrapCommand> {
  private static final Duration RETRY = Duration.ofSeconds(5);
  private static final String RETRY_TIMER = "retry";

  private final String zone;
  private final RewrapPass pass;
  private final Executor blocking;
  private final int maxRate;
  private final String self;
  private final TimerScheduler<RewrapCommand> timers;
  private final StashBuffer<RewrapCommand> stash;

  private RewrapJob job;
  private boolean loaded;

  /** A new pass or a pause is being written: starts wait for it. */
  private boolean recording;

  private boolean paging;
  private Instant resumedAt = Instant.EPOCH;
  private long doneAtResume;
  private long pageStartedNanos;

  /** Starts the zone's coordinator (or its proxy on this node) and returns the proxy. */
  public static ActorRef<RewrapCommand> init(
      ActorSystem<?> system, String zone, RewrapPass pass, Executor blocking, int maxRate) {
    Behavior<RewrapCommand> behavior =
        Behaviors.supervise(
                create(
                    zone,
                    Cluster.get(system).selfMember().address().toString(),
                    pass,
                    blocking,
                    maxRate))
            .onFailure(
                SupervisorStrategy.restartWithBackoff(
                    Duration.ofSeconds(1), Duration.ofMinutes(1), 0.2));
    return ClusterSingleton.get(system).init(SingletonActor.of(behavior, "master-key-rotation"));
  }

  /**
   * @param self the node hosting the worker, as the operator's messages name it
   */
  static Behavior<RewrapCommand> create(
      String zone, String self, RewrapPass pass, Executor blocking, int maxRate) {
    return Behaviors.withStash(
        100,
        stash ->
            Behaviors.setup(
                ctx ->
                    Behaviors.withTimers(
                        timers ->
                            new RewrapCoordinator(
                                ctx, timers, stash, zone, self, pass, blocking, maxRate))));
  }

  private RewrapCoordinator(
      ActorContext<RewrapCommand> ctx,
      TimerScheduler<RewrapCommand> timers,
      StashBuffer<RewrapCommand> stash,
      String zone,
      String self,
      RewrapPass pass,
      Executor blocking,
      int maxRate) {
    super(ctx);
    this.timers = timers;
    this.stash = stash;
    this.zone = zone;
    this.pass = pass;
    this.blocking = blocking;
    this.maxRate = maxRate;
    this.self = self;
    load();
  }

  @Override
  public Receive<RewrapCommand> createReceive() {
    return newReceiveBuilder()
        .onMessage(Loaded.class, this::onLoaded)
        .onMessage(Start.class, this::onStart)
        .onMessage(Begun.class, this::onBegun)
        .onMessageEquals(Reload.INSTANCE, this::onReload)
        .onMessageEquals(Tick.INSTANCE, this::onTick)
        .onMessage(PageDone.class, this::onPageDone)
        .build();
  }

  private void load() {
    run(() -> pass.load(zone), Loaded::new);
  }

  private Behavior<RewrapCommand> onReload() {
    load();
    return this;
  }

  private Behavior<RewrapCommand> onLoaded(Loaded loadedJob) {
    if (loadedJob.failure() != null) {
      getContext()
          .getLog()
          .warn(
              "Cannot read the master key rotation of zone {} (retrying in {} s): {}",
              zone,
              RETRY.toSeconds(),
              loadedJob.failure().getMessage());
      timers.startSingleTimer(RETRY_TIMER, Reload.INSTANCE, RETRY);
      return this;
    }
    loaded = true;
    recording = false;
    job = loadedJob.job().orElse(null);
    if (job != null && job.state() == RewrapJob.State.RUNNING) {
      if (job.targetKey().equals(pass.currentKey())) {
        resume();
      } else {
        pauseForOtherKey(job);
      }
    }
    return stash.unstashAll(this);
  }

  private void pauseForOtherKey(RewrapJob running) {
    String why =
        "this pass re-wraps under "
            + running.targetKey()
            + ", but the zone's rotation worker ("
            + self
            + ") now wraps under "
            + pass.currentKey()
            + ": run `kms master-key rotate` to re-wrap the zone's secrets under it";
    getContext().getLog().warn("Master key rotation of zone {} paused: {}", zone, why);
    recording = true;
    run(
        () -> {
          pass.pause(running, why);
          return pass.load(zone);
        },
        Loaded::new);
  }

  private void resume() {
    resumedAt = Instant.now();
    doneAtResume = job.done();
    getContext().getSelf().tell(Tick.INSTANCE);
  }

  private Behavior<RewrapCommand> onStart(Start start) {
    if (!loaded || recording) {
      stash.stash(start);
      return this;
    }
    String current = pass.currentKey();
    if (!start.askedKey().equals(current)) {
      start
          .replyTo()
          .tell(
              new Refused(
                  "the node asked ("
                      + start.askedNode()
                      + ") wraps new secrets under master key "
                      + start.askedKey()
                      + ", but the zone's rotation worker ("
                      + self
                      + ") under "
                      + current
                      + ": give every node of zone "
                      + zone
                      + " the same current master key (restart the others), then rotate"));
      return this;
    }
    if (job != null && job.state() == RewrapJob.State.RUNNING && job.targetKey().equals(current)) {
      start.replyTo().tell(new Started(job.jobId(), job.targetKey(), job.total(), true));
      return this;
    }
    recording = true;
    ActorRef<RewrapCommand.StartReply> replyTo = start.replyTo();
    run(() -> pass.begin(zone), (begun, failure) -> new Begun(begun, failure, replyTo));
    return this;
  }

  private Behavior<RewrapCommand> onBegun(Begun begun) {
    recording = false;
    if (begun.failure() != null) {
      begun
          .replyTo()
          .tell(new Refused("cannot start the rotation: " + begun.failure().getMessage()));
      return stash.unstashAll(this);
    }
    job = begun.job();
    getContext()
        .getLog()
        .info(
            "Master key rotation of zone {} started: {} secrets to look at, re-wrapped under {}",
            zone,
            job.total(),
            job.targetKey());
    begun.replyTo().tell(new Started(job.jobId(), job.targetKey(), job.total(), false));
    resume();
    return stash.unstashAll(this);
  }

  private Behavior<RewrapCommand> onTick() {
    if (job == null || job.state() != RewrapJob.State.RUNNING || paging) {
      return this;
    }
    paging = true;
    pageStartedNanos = System.nanoTime();
    RewrapJob from = job;
    Instant since = resumedAt;
    long doneSince = doneAtResume;
    run(
        () -> pass.run(from, since, doneSince),
        (next, failure) -> new PageDone(from, next, failure));
    return this;
  }

  private Behavior<RewrapCommand> onPageDone(PageDone page) {
    paging = false;
    if (page.failure() != null) {
      getContext()
          .getLog()
          .warn(
              "Master key rotation of zone {} could not do the page after {} (retrying in {} s): {}",
              zone,
              page.from().lastKey(),
              RETRY.toSeconds(),
              page.failure().getMessage());
      timers.startSingleTimer(RETRY_TIMER, Tick.INSTANCE, RETRY);
      return this;
    }
    if (page.next().isEmpty()) {
      // Another worker or a new pass moved the job row on: carry on from what it says.
      load();
      return this;
    }
    if (job != page.from()) {
      // A new pass began while this page ran (its tick found the page running): go on with it.
      getContext().getSelf().tell(Tick.INSTANCE);
      return this;
    }
    job = page.next().get();
    if (job.state() == RewrapJob.State.FINISHED) {
      getContext()
          .getLog()
          .info(
              "Master key rotation of zone {} finished: {} secrets looked at, {} re-wrapped under "
                  + "{}, {} changed meanwhile, {} no master key of this node opens",
              zone,
              job.done(),
              job.rewrapped(),
              job.targetKey(),
              job.changed(),
              job.unopenable());
      return this;
    }
    long rows = job.done() - page.from().done();
    long budgetNanos = rows * 1_000_000_000L / maxRate;
    long spentNanos = System.nanoTime() - pageStartedNanos;
    timers.startSingleTimer(Tick.INSTANCE, Duration.ofNanos(Math.max(0, budgetNanos - spentNanos)));
    return this;
  }

  /** Runs blocking work off the actor's thread and brings its outcome back as a message. */
  private <T> void run(
      Supplier<T> work, java.util.function.BiFunction<T, Throwable, RewrapCommand> outcome) {
    getContext()
        .pipeToSelf(
            CompletableFuture.supplyAsync(work, blocking),
            (value, failure) -> outcome.apply(value, failure == null ? null : rootCause(failure)));
  }

  private static Throwable rootCause(Throwable t) {
    Throwable cause = t;
    while (cause instanceof java.util.concurrent.CompletionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }
}
