package com.verenc.kms.loadtest.simulation;

import static io.gatling.javaapi.core.CoreDsl.scenario;

import com.verenc.kms.loadtest.prep.KeyPreparer;
import com.verenc.kms.loadtest.settings.LoadSettings;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.Simulation;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A short, gentle run of every operation a single node serves, for CI ({@link SmokeRounds}): crypto
 * users ({@code load.rate} a second, default 1) run every symmetric cryptographic operation under a
 * prepared key; administration users and key-type users ({@code load.managementRate}, default 0.25
 * a second each) take new keys through their life (grants included) and through HMAC, signing, key
 * agreement and imported material; with {@code load.replicaZone} (another zone of the node's
 * KMS_ZONES, served or not) replication users replicate a new multi-zone key there.
 * UpdatePrimaryRegion is left out: it needs the replica's zone up. About 20 requests a second;
 * always the open model. Not a single request may fail ({@code assert.maxFailedPercent} defaults to
 * 0).
 */
public class Smoke extends Simulation {
  {
    if (System.getProperty("load.rate") == null) {
      System.setProperty("load.rate", "1");
    }
    if (System.getProperty("load.duration") == null) {
      System.setProperty("load.duration", "20");
    }
    LoadSettings settings = LoadSettings.fromSystemProperties(0.0, 5000);
    List<String> keys = KeyPreparer.keysFor(settings, false);
    KmsCalls kms = new KmsCalls(settings, 0);
    double rounds = Double.parseDouble(System.getProperty("load.managementRate", "0.25"));
    Optional<String> replicaZone =
        Optional.ofNullable(System.getProperty("load.replicaZone")).filter(z -> !z.isBlank());
    List<PopulationBuilder> users = new ArrayList<>();
    users.add(
        Workload.openAt(
            scenario("Smoke crypto").feed(Workload.keys(keys)).exec(SmokeRounds.crypto(kms)),
            settings.rate(),
            settings));
    users.add(
        Workload.openAt(
            scenario("Smoke administration")
                .feed(Workload.keys(keys))
                .exec(SmokeRounds.administration(kms)),
            rounds,
            settings));
    users.add(
        Workload.openAt(
            scenario("Smoke key types").exec(SmokeRounds.keyTypes(kms)), rounds, settings));
    SmokeRounds.replication(kms, replicaZone)
        .ifPresent(
            round ->
                users.add(
                    Workload.openAt(scenario("Smoke replication").exec(round), rounds, settings)));
    setUp(users).protocols(KmsCalls.protocol()).assertions(Workload.globalAssertions(settings));
  }
}
