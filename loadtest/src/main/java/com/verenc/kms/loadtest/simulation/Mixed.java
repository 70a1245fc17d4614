package com.verenc.kms.loadtest.simulation;

import static io.gatling.javaapi.core.CoreDsl.scenario;

import com.verenc.kms.loadtest.prep.KeyPreparer;
import com.verenc.kms.loadtest.settings.LoadSettings;
import io.gatling.javaapi.core.Simulation;
import java.util.List;
import java.util.stream.Stream;

/**
 * Crypto traffic (GenerateDataKey + Decrypt pairs, under the chosen workload model) with a trickle
 * of management calls beside it: {@code load.managementRate} rounds a second (default 1) of
 * CreateKey, DescribeKey, CreateAlias and ListKeys, as an open arrival stream.
 */
public class Mixed extends Simulation {
  private static final String[] MEASURED =
      Stream.concat(Stream.of("GenerateDataKey", "Decrypt"), ManagementCalls.NAMES.stream())
          .toArray(String[]::new);

  {
    LoadSettings settings = LoadSettings.fromSystemProperties(1.0, 1000);
    List<String> keys = KeyPreparer.keysFor(settings, false);
    KmsCalls kms = new KmsCalls(settings, 0);
    double managementRate = Double.parseDouble(System.getProperty("load.managementRate", "1"));
    var management = scenario("Mixed management").exec(ManagementCalls.round(kms));
    setUp(
            Workload.phases(
                phase ->
                    scenario("Mixed crypto" + phase)
                        .feed(Workload.keys(keys))
                        .exec(kms.generateDataKey("GenerateDataKey" + phase))
                        .exec(kms.decrypt("Decrypt" + phase)),
                settings,
                Workload.openAt(management, managementRate, settings)))
        .protocols(KmsCalls.protocol())
        .assertions(Workload.assertions(settings, Mixed.MEASURED));
  }
}
