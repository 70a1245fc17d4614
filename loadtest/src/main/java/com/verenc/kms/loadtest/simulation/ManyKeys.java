package com.verenc.kms.loadtest.simulation;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.feed;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import com.verenc.kms.loadtest.prep.KeyPreparer;
import com.verenc.kms.loadtest.settings.LoadSettings;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Encrypt spread over many prepared keys ({@code load.keysFile}, up to 100,000), so the key shards
 * hold many live entities. {@code load.pass=cold}: every key exactly once in file order by {@code
 * load.users} busy users (run right after a node restart, it measures key recovery from the
 * journal); {@code warm} (default): keys picked at random for the whole duration, under the chosen
 * workload model.
 */
public class ManyKeys extends Simulation {
  {
    LoadSettings settings = LoadSettings.fromSystemProperties(1.0, 1000);
    List<String> keys = KeyPreparer.keysFor(settings, false);
    KmsCalls kms = new KmsCalls(settings, 0);
    List<PopulationBuilder> populations;
    if (settings.coldPass()) {
      int users = Math.min(settings.users(), keys.size());
      int perUser = (keys.size() + users - 1) / users;
      ScenarioBuilder cold =
          scenario("ManyKeys cold pass")
              .repeat(perUser)
              .on(feedAndEncrypt(keys, kms, "Encrypt cold"));
      populations = List.of(cold.injectOpen(atOnceUsers(users)));
    } else {
      List<String> shuffled = new ArrayList<>(keys);
      Collections.shuffle(shuffled);
      populations =
          Workload.phases(
              phase ->
                  scenario("ManyKeys" + phase)
                      .exec(feedAndEncrypt(shuffled, kms, "Encrypt" + phase)),
              settings);
    }
    setUp(populations)
        .protocols(KmsCalls.protocol())
        .assertions(
            Workload.assertions(settings, settings.coldPass() ? "Encrypt cold" : "Encrypt"));
  }

  private static ChainBuilder feedAndEncrypt(List<String> keys, KmsCalls kms, String name) {
    return feed(Workload.keys(keys)).exec(kms.encryptWithoutCheck(name));
  }
}
