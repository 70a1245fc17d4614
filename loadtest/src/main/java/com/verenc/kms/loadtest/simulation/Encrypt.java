package com.verenc.kms.loadtest.simulation;

import static io.gatling.javaapi.core.CoreDsl.scenario;

import com.verenc.kms.loadtest.prep.KeyPreparer;
import com.verenc.kms.loadtest.settings.LoadSettings;
import io.gatling.javaapi.core.Simulation;
import java.util.List;

/** Encrypt of a 32-byte plaintext under one prepared key (or load.keys keys, round robin). */
public class Encrypt extends Simulation {
  {
    LoadSettings settings = LoadSettings.fromSystemProperties(1.0, 1000);
    List<String> keys = KeyPreparer.keysFor(settings, false);
    KmsCalls kms = new KmsCalls(settings, 0);
    setUp(
            Workload.phases(
                phase ->
                    scenario("Encrypt" + phase)
                        .feed(Workload.keys(keys))
                        .exec(kms.encryptWithoutCheck("Encrypt" + phase)),
                settings))
        .protocols(KmsCalls.protocol())
        .assertions(Workload.assertions(settings, "Encrypt"));
  }
}
