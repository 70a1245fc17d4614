package com.verenc.kms.loadtest.simulation;

import static io.gatling.javaapi.core.CoreDsl.constantConcurrentUsers;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.listFeeder;
import static io.gatling.javaapi.core.CoreDsl.rampUsersPerSec;

import com.verenc.kms.loadtest.probe.CpuProbe;
import com.verenc.kms.loadtest.settings.LoadSettings;
import io.gatling.javaapi.core.Assertion;
import io.gatling.javaapi.core.FeederBuilder;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * How a scenario is offered to the system and what it must achieve. A run has up to three phases,
 * one after the other in the same Gatling run: warm-up (closed model, unreported), ramp (open model
 * only, unreported), then the measured part.
 *
 * <p>The warm-up is in the same run, not a run before it, because a fresh Gatling JVM on this
 * 2-core machine needs 20-30 s of load before its own code is compiled, a second run in the same
 * JVM still started at half speed, and only the same run keeps the warm-up's keep-alive connections
 * in the shared pool for the measured part. The unreported phases' scenario and request names carry
 * {@link LoadSettings#WARM_UP_SUFFIX} or {@link LoadSettings#RAMP_SUFFIX}; the bench leaves those
 * rows out.
 */
final class Workload {
  private Workload() {}

  /**
   * The phases of a run for a scenario built by {@code scenario} from a phase's name suffix ("" for
   * the measured part). Measured part: open, {@code load.rate} new users a second, each doing the
   * scenario once; closed, {@code load.users} users always busy, each finished user replaced at
   * once. {@code alongside} start with the measured part (e.g. a management trickle); a CPU probe
   * joins them when the bench asks for one.
   */
  static List<PopulationBuilder> phases(
      Function<String, ScenarioBuilder> scenario,
      LoadSettings settings,
      PopulationBuilder... alongside) {
    List<PopulationBuilder> measured = new ArrayList<>();
    ScenarioBuilder main = scenario.apply("");
    measured.add(
        settings.model() == LoadSettings.WorkloadModel.OPEN
            ? main.injectOpen(constantUsersPerSec(settings.rate()).during(settings.duration()))
            : main.injectClosed(
                constantConcurrentUsers(settings.users()).during(settings.duration())));
    measured.addAll(List.of(alongside));
    CpuProbe.during(settings.duration()).ifPresent(measured::add);

    List<PopulationBuilder> next = measured;
    if (settings.rampsUp()) {
      next =
          List.of(
              scenario
                  .apply(LoadSettings.RAMP_SUFFIX)
                  .injectOpen(rampUsersPerSec(1).to(settings.rate()).during(settings.ramp()))
                  .andThen(next));
    }
    if (settings.warmsUp()) {
      next =
          List.of(
              scenario
                  .apply(LoadSettings.WARM_UP_SUFFIX)
                  .injectClosed(
                      constantConcurrentUsers(settings.warmupUsers()).during(settings.warmup()))
                  .andThen(next));
    }
    return next;
  }

  /** A scenario offered at a fixed arrival rate for the measured duration (no phases). */
  static PopulationBuilder openAt(ScenarioBuilder scenario, double rate, LoadSettings settings) {
    return scenario.injectOpen(constantUsersPerSec(rate).during(settings.duration()));
  }

  /**
   * Failed-request share and p99 bounds: over all requests when the run has no unreported phase,
   * otherwise for each of the measured request names (the warm-up must not fail a run).
   */
  static Assertion[] assertions(LoadSettings settings, String... measuredRequests) {
    if (!settings.warmsUp() && !settings.rampsUp()) {
      return globalAssertions(settings);
    }
    List<Assertion> assertions = new ArrayList<>();
    for (String request : measuredRequests) {
      assertions.add(details(request).failedRequests().percent().lte(settings.maxFailedPercent()));
      assertions.add(details(request).responseTime().percentile(99.0).lte(settings.p99Ms()));
    }
    return assertions.toArray(Assertion[]::new);
  }

  /** Failed-request share and p99 bounds over every request of the run. */
  static Assertion[] globalAssertions(LoadSettings settings) {
    return new Assertion[] {
      global().failedRequests().percent().lte(settings.maxFailedPercent()),
      global().responseTime().percentile(99.0).lte(settings.p99Ms())
    };
  }

  /** The prepared key ids as a circular feeder of {@code keyId}. */
  static FeederBuilder<Object> keys(List<String> keyIds) {
    List<Map<String, Object>> records =
        keyIds.stream().map(id -> Map.<String, Object>of("keyId", id)).toList();
    return listFeeder(records).circular();
  }
}
