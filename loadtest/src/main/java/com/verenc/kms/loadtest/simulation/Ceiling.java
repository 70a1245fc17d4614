package com.verenc.kms.loadtest.simulation;

import static io.gatling.javaapi.core.CoreDsl.scenario;

import com.verenc.kms.loadtest.settings.LoadSettings;
import io.gatling.javaapi.core.Simulation;
import java.util.List;

/**
 * The machine's ceiling for the Encrypt simulation: the same signed Encrypt request, the same
 * workload model and the same load generator, against a server that only returns a canned Encrypt
 * reply (nginx, started by {@code loadtest/bin/bench --ceiling}). No keys needed.
 */
public class Ceiling extends Simulation {
  {
    LoadSettings settings = LoadSettings.fromSystemProperties(1.0, 1000);
    KmsCalls server = new KmsCalls(settings, 0);
    setUp(
            Workload.phases(
                phase ->
                    scenario("Ceiling" + phase)
                        .feed(Workload.keys(List.of("alias/ceiling")))
                        .exec(server.encryptWithoutCheck("Encrypt (nginx)" + phase)),
                settings))
        .protocols(KmsCalls.protocol())
        .assertions(Workload.assertions(settings, "Encrypt (nginx)"));
  }
}
