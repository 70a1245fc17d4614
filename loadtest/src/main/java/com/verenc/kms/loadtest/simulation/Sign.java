package com.verenc.kms.loadtest.simulation;

import static io.gatling.javaapi.core.CoreDsl.scenario;

import com.verenc.kms.loadtest.prep.KeyPreparer;
import com.verenc.kms.loadtest.settings.KeyType;
import com.verenc.kms.loadtest.settings.LoadSettings;
import io.gatling.javaapi.core.Simulation;
import java.util.List;

/**
 * Sign of a 32-byte message (RAW) under one prepared SIGN_VERIFY key of {@code load.keySpec}
 * (default ECC_NIST_P256; or load.keys keys, round robin), with the spec's algorithm:
 * ECDSA_SHA_256, 384 or 512 by curve, RSASSA_PSS_SHA_256 for RSA.
 */
public class Sign extends Simulation {
  {
    LoadSettings settings = LoadSettings.fromSystemProperties(1.0, 1000);
    KeyType keyType = SignVerify.keyType();
    List<String> keys = KeyPreparer.keysFor(settings, false);
    KmsCalls kms = new KmsCalls(settings, 0);
    setUp(
            Workload.phases(
                phase ->
                    scenario("Sign" + phase)
                        .feed(Workload.keys(keys))
                        .exec(kms.signWithoutCheck("Sign" + phase, keyType)),
                settings))
        .protocols(KmsCalls.protocol())
        .assertions(Workload.assertions(settings, "Sign"));
  }
}
