package com.verenc.kms.loadtest.simulation;

import static io.gatling.javaapi.core.CoreDsl.scenario;

import com.verenc.kms.loadtest.prep.KeyPreparer;
import com.verenc.kms.loadtest.settings.LoadSettings;
import io.gatling.javaapi.core.Simulation;
import java.util.List;

/**
 * A short, gentle run of every operation, for CI: each crypto user does Encrypt, Decrypt,
 * GenerateDataKey and Decrypt ({@code load.rate} users/s, default 2, so about 8 requests/s);
 * management users (0.5/s) do CreateKey, DescribeKey, CreateAlias and ListKeys. Always the open
 * model. Not a single request may fail ({@code assert.maxFailedPercent} defaults to 0).
 */
public class Smoke extends Simulation {
  {
    if (System.getProperty("load.rate") == null) {
      System.setProperty("load.rate", "2");
    }
    if (System.getProperty("load.duration") == null) {
      System.setProperty("load.duration", "20");
    }
    LoadSettings settings = LoadSettings.fromSystemProperties(0.0, 5000);
    List<String> keys = KeyPreparer.keysFor(settings, false);
    KmsCalls kms = new KmsCalls(settings, 0);
    var crypto =
        scenario("Smoke crypto")
            .feed(Workload.keys(keys))
            .exec(kms.encrypt("Encrypt"))
            .exec(kms.decrypt("Decrypt"))
            .exec(kms.generateDataKey("GenerateDataKey"))
            .exec(kms.decrypt("Decrypt"));
    var management = scenario("Smoke management").exec(ManagementCalls.round(kms));
    setUp(
            Workload.openAt(crypto, settings.rate(), settings),
            Workload.openAt(
                management,
                Double.parseDouble(System.getProperty("load.managementRate", "0.5")),
                settings))
        .protocols(KmsCalls.protocol())
        .assertions(Workload.globalAssertions(settings));
  }
}
