package com.verenc.kms.loadtest.simulation;

import static io.gatling.javaapi.core.CoreDsl.scenario;

import com.verenc.kms.loadtest.prep.KeyPreparer;
import com.verenc.kms.loadtest.settings.LoadSettings;
import io.gatling.javaapi.core.Simulation;
import java.util.List;

/**
 * Wrap in one zone, unwrap in another: GenerateDataKey on the first endpoint of {@code
 * kms.endpoints} (signed for the first zone of {@code kms.zones}), Decrypt of its CiphertextBlob on
 * the second, under a multi-zone key replicated between them (prepared beforehand with {@code
 * KeyPreparer --multi-zone}, or created here).
 */
public class MultiZone extends Simulation {
  {
    LoadSettings settings = LoadSettings.fromSystemProperties(1.0, 1000);
    List<String> keys = KeyPreparer.keysFor(settings, true);
    KmsCalls wrapZone = new KmsCalls(settings, 0);
    KmsCalls unwrapZone = new KmsCalls(settings, 1);
    String wrap = "GenerateDataKey " + wrapZone.zone();
    String unwrap = "Decrypt " + unwrapZone.zone();
    setUp(
            Workload.phases(
                phase ->
                    scenario("MultiZone" + phase)
                        .feed(Workload.keys(keys))
                        .exec(wrapZone.generateDataKey(wrap + phase))
                        .exec(unwrapZone.decrypt(unwrap + phase)),
                settings))
        .protocols(KmsCalls.protocol())
        .assertions(Workload.assertions(settings, wrap, unwrap));
  }
}
