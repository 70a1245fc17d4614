package com.verenc.kms.loadtest.simulation;

import static io.gatling.javaapi.core.CoreDsl.scenario;

import com.verenc.kms.loadtest.settings.KeyType;
import com.verenc.kms.loadtest.settings.LoadSettings;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpRequestActionBuilder;
import java.util.List;

/**
 * The machine's ceiling for the Encrypt simulation: the same signed Encrypt request, the same
 * workload model and the same load generator, against a server that only returns a canned Encrypt
 * reply (nginx, started by {@code loadtest/bin/bench --ceiling}). No keys needed. With a signing or
 * HMAC {@code load.keySpec} (the Sign, SignVerify and Mac simulations) the request is that key
 * type's Sign or GenerateMac instead, and nginx returns a canned reply of it.
 */
public class Ceiling extends Simulation {
  {
    LoadSettings settings = LoadSettings.fromSystemProperties(1.0, 1000);
    KeyType keyType = KeyType.fromSystemProperties();
    String request = keyType.sampleOperation() + " (nginx)";
    KmsCalls server = new KmsCalls(settings, 0);
    setUp(
            Workload.phases(
                phase ->
                    scenario("Ceiling" + phase)
                        .feed(Workload.keys(List.of("alias/ceiling")))
                        .exec(call(server, keyType, request + phase)),
                settings))
        .protocols(KmsCalls.protocol())
        .assertions(Workload.assertions(settings, request));
  }

  private static HttpRequestActionBuilder call(KmsCalls server, KeyType keyType, String name) {
    return keyType.signing()
        ? server.signWithoutCheck(name, keyType)
        : keyType.hmac()
            ? server.generateMacWithoutCheck(name, keyType)
            : server.encryptWithoutCheck(name);
  }
}
