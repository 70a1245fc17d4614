package com.verenc.kms.loadtest.simulation;

import static io.gatling.javaapi.core.CoreDsl.scenario;

import com.verenc.kms.loadtest.prep.KeyPreparer;
import com.verenc.kms.loadtest.settings.LoadSettings;
import io.gatling.javaapi.core.Simulation;
import java.util.List;

/**
 * Envelope encryption as applications do it: GenerateDataKey AES_256 (wrap), then Decrypt of the
 * CiphertextBlob it returned (unwrap). One user is one pair.
 */
public class WrapUnwrap extends Simulation {
  {
    LoadSettings settings = LoadSettings.fromSystemProperties(1.0, 1000);
    List<String> keys = KeyPreparer.keysFor(settings, false);
    KmsCalls kms = new KmsCalls(settings, 0);
    setUp(
            Workload.phases(
                phase ->
                    scenario("WrapUnwrap" + phase)
                        .feed(Workload.keys(keys))
                        .exec(kms.generateDataKey("GenerateDataKey" + phase))
                        .exec(kms.decrypt("Decrypt" + phase)),
                settings))
        .protocols(KmsCalls.protocol())
        .assertions(Workload.assertions(settings, "GenerateDataKey", "Decrypt"));
  }
}
