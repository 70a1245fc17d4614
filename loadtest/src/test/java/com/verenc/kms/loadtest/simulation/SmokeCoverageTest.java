package com.verenc.kms.loadtest.simulation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.verenc.kms.loadtest.settings.LoadSettings;
import com.verenc.kms.protocol.Operation;
import io.gatling.core.Predef$;
import io.gatling.core.config.GatlingConfiguration$;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import scala.collection.immutable.Nil$;

/**
 * Smoke runs every operation the node serves: its rounds build a request of each of the protocol's
 * operations, except the one a single node cannot serve. A new operation fails this test until
 * Smoke calls it.
 */
class SmokeCoverageTest {
  /** Gatling's Java DSL reads the configuration Gatling sets before it runs a simulation. */
  @BeforeAll
  @SuppressWarnings({"unchecked", "rawtypes"})
  static void gatlingConfiguration() {
    Predef$.MODULE$._configuration_$eq(
        GatlingConfiguration$.MODULE$.loadForTest((scala.collection.immutable.Seq) Nil$.MODULE$));
  }

  private static Set<String> operationsOfSmoke(Optional<String> replicaZone) {
    KmsCalls kms = new KmsCalls(LoadSettings.fromSystemProperties(0.0, 5000), 0);
    SmokeRounds.crypto(kms);
    SmokeRounds.administration(kms);
    SmokeRounds.keyTypes(kms);
    SmokeRounds.replication(kms, replicaZone);
    return new TreeSet<>(kms.operations());
  }

  private static Set<String> allBut(String... left) {
    Set<String> all =
        Arrays.stream(Operation.values())
            .map(Enum::name)
            .collect(Collectors.toCollection(TreeSet::new));
    all.removeAll(Set.of(left));
    return all;
  }

  @Test
  void everyOperationButUpdatePrimaryRegionWithAReplicaZone() {
    assertEquals(allBut(SmokeRounds.NEEDS_TWO_ZONES), operationsOfSmoke(Optional.of("de-fra-1")));
  }

  @Test
  void withoutAReplicaZoneReplicateKeyIsLeftOutToo() {
    assertEquals(
        allBut(SmokeRounds.NEEDS_TWO_ZONES, "ReplicateKey"), operationsOfSmoke(Optional.empty()));
  }
}
