package com.verenc.kms.loadtest.simulation;

import static io.gatling.javaapi.core.CoreDsl.constantConcurrentUsers;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.listFeeder;
import static io.gatling.javaapi.core.CoreDsl.rampUsersPerSec;

import com.verenc.kms.loadtest.settings.LoadSettings;
import io.gatling.javaapi.core.Assertion;
import io.gatling.javaapi.core.FeederBuilder;
import io.gatling.javaapi.core.OpenInjectionStep;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** How a scenario is offered to the system (open or closed model) and what it must achieve. */
final class Workload {
  private Workload() {}

  /**
   * Open: {@code load.rate} new users a second, each doing the scenario once (after an
   * optional ramp). Closed: {@code load.users} users always busy, each finished user replaced
   * at once.
   */
  static PopulationBuilder inject(ScenarioBuilder scenario, LoadSettings settings) {
    if (settings.model() == LoadSettings.WorkloadModel.OPEN) {
      return openAt(scenario, settings.rate(), settings);
    }
    return scenario.injectClosed(constantConcurrentUsers(settings.users()).during(settings.duration()));
  }

  static PopulationBuilder openAt(ScenarioBuilder scenario, double rate, LoadSettings settings) {
    List<OpenInjectionStep> steps = new ArrayList<>();
    if (!settings.ramp().isZero()) {
      steps.add(rampUsersPerSec(1).to(rate).during(settings.ramp()));
    }
    steps.add(constantUsersPerSec(rate).during(settings.duration()));
    return scenario.injectOpen(steps.toArray(OpenInjectionStep[]::new));
  }

  static Assertion[] assertions(LoadSettings settings) {
    return new Assertion[] {
        global().failedRequests().percent().lte(settings.maxFailedPercent()),
        global().responseTime().percentile(99.0).lte(settings.p99Ms())
    };
  }

  /** The prepared key ids as a circular feeder of {@code keyId}. */
  static FeederBuilder<Object> keys(List<String> keyIds) {
    List<Map<String, Object>> records = keyIds.stream().map(id -> Map.<String, Object>of("keyId", id)).toList();
    return listFeeder(records).circular();
  }
}
