package com.verenc.kms.loadtest.simulation;

import static io.gatling.javaapi.core.CoreDsl.scenario;

import com.verenc.kms.loadtest.prep.KeyPreparer;
import com.verenc.kms.loadtest.settings.KeyType;
import com.verenc.kms.loadtest.settings.LoadSettings;
import io.gatling.javaapi.core.Simulation;
import java.util.ArrayList;
import java.util.List;

/**
 * GenerateMac of a 32-byte message under one prepared HMAC key of {@code load.keySpec} (default
 * HMAC_256; or load.keys keys, round robin) with HMAC_SHA_n of the spec; with {@code
 * load.verifyMac=true} every user then also VerifyMacs the MAC it got (one user is one pair).
 */
public class Mac extends Simulation {
  {
    LoadSettings settings = LoadSettings.fromSystemProperties(1.0, 1000);
    if (System.getProperty("load.keySpec") == null) {
      System.setProperty("load.keySpec", "HMAC_256");
    }
    KeyType keyType = KeyType.fromSystemProperties();
    if (!keyType.hmac()) {
      throw new IllegalArgumentException(
          "load.keySpec must be an HMAC spec " + KeyType.HMAC_SPECS + ", got " + keyType.spec());
    }
    boolean verify = Boolean.getBoolean("load.verifyMac");
    List<String> keys = KeyPreparer.keysFor(settings, false);
    KmsCalls kms = new KmsCalls(settings, 0);
    List<String> measured = new ArrayList<>(List.of("GenerateMac"));
    if (verify) {
      measured.add("VerifyMac");
    }
    setUp(
            Workload.phases(
                phase -> {
                  var scenario = scenario("Mac" + phase).feed(Workload.keys(keys));
                  return verify
                      ? scenario
                          .exec(kms.generateMac("GenerateMac" + phase, keyType))
                          .exec(kms.verifyMac("VerifyMac" + phase, keyType))
                      : scenario.exec(kms.generateMacWithoutCheck("GenerateMac" + phase, keyType));
                },
                settings))
        .protocols(KmsCalls.protocol())
        .assertions(Workload.assertions(settings, measured.toArray(String[]::new)));
  }
}
