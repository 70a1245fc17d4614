package com.verenc.kms.loadtest.simulation;

import static io.gatling.javaapi.core.CoreDsl.scenario;

import com.verenc.kms.loadtest.prep.KeyPreparer;
import com.verenc.kms.loadtest.settings.LoadSettings;
import io.gatling.javaapi.core.Simulation;
import java.util.List;

/** Encrypt of 32 bytes, then Decrypt of the ciphertext it returned. */
public class EncryptDecrypt extends Simulation {
  {
    LoadSettings settings = LoadSettings.fromSystemProperties(1.0, 1000);
    List<String> keys = KeyPreparer.keysFor(settings, false);
    KmsCalls kms = new KmsCalls(settings, 0);
    setUp(
            Workload.phases(
                phase ->
                    scenario("EncryptDecrypt" + phase)
                        .feed(Workload.keys(keys))
                        .exec(kms.encrypt("Encrypt" + phase))
                        .exec(kms.decrypt("Decrypt" + phase)),
                settings))
        .protocols(KmsCalls.protocol())
        .assertions(Workload.assertions(settings, "Encrypt", "Decrypt"));
  }
}
