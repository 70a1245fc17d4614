package com.verenc.kms.loadtest.simulation;

import static io.gatling.javaapi.core.CoreDsl.scenario;

import com.verenc.kms.loadtest.prep.KeyPreparer;
import com.verenc.kms.loadtest.settings.KeyType;
import com.verenc.kms.loadtest.settings.LoadSettings;
import io.gatling.javaapi.core.Simulation;
import java.util.List;

/**
 * Sign of a 32-byte message (RAW), then Verify of the signature it returned, under one prepared
 * SIGN_VERIFY key of {@code load.keySpec} (default ECC_NIST_P256; or load.keys keys, round robin),
 * with the spec's algorithm: ECDSA_SHA_256, 384 or 512 by curve, RSASSA_PSS_SHA_256 for RSA. One
 * user is one pair.
 */
public class SignVerify extends Simulation {
  {
    LoadSettings settings = LoadSettings.fromSystemProperties(1.0, 1000);
    KeyType keyType = keyType();
    List<String> keys = KeyPreparer.keysFor(settings, false);
    KmsCalls kms = new KmsCalls(settings, 0);
    setUp(
            Workload.phases(
                phase ->
                    scenario("SignVerify" + phase)
                        .feed(Workload.keys(keys))
                        .exec(kms.sign("Sign" + phase, keyType))
                        .exec(kms.verify("Verify" + phase, keyType)),
                settings))
        .protocols(KmsCalls.protocol())
        .assertions(Workload.assertions(settings, "Sign", "Verify"));
  }

  /** {@code load.keySpec}, ECC_NIST_P256 when unset; it must be a signing spec. */
  static KeyType keyType() {
    if (System.getProperty("load.keySpec") == null) {
      System.setProperty("load.keySpec", "ECC_NIST_P256");
    }
    KeyType keyType = KeyType.fromSystemProperties();
    if (!keyType.signing()) {
      throw new IllegalArgumentException(
          "load.keySpec must be a signing spec "
              + KeyType.SIGNING_SPECS
              + ", got "
              + keyType.spec());
    }
    return keyType;
  }
}
