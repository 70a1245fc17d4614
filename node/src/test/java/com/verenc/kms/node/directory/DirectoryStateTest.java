package com.verenc.kms.node.directory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.typesafe.config.ConfigFactory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializers;
import org.apache.pekko.testkit.javadsl.TestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DirectoryStateTest {

  private static ActorSystem system;
  private static Serialization serialization;

  @BeforeAll
  static void startSystem() {
    // Local provider: only the serialization bindings are needed, no ports.
    system =
        ActorSystem.create(
            "directory-state-test",
            ConfigFactory.parseString("pekko.actor.provider = local")
                .withFallback(ConfigFactory.parseResources("serialization.conf"))
                .withFallback(ConfigFactory.load()));
    serialization = SerializationExtension.get(system);
  }

  @AfterAll
  static void stopSystem() {
    TestKit.shutdownActorSystem(system);
  }

  @Test
  void keepsCreationOrderAndIgnoresDuplicates() {
    DirectoryState state = DirectoryState.empty().withKey("b").withKey("a").withKey("c");
    assertSame(state, state.withKey("a"));
    assertEquals(List.of("b", "a", "c"), state.keyIds());
    assertTrue(state.keyIds().contains("c"));
    assertFalse(state.keyIds().contains("d"));
  }

  @Test
  void removingAKeyDropsItsAliasesAndLeavesEarlierVersionsAlone() {
    Instant at = Instant.parse("2026-01-01T00:00:00Z");
    DirectoryState before =
        DirectoryState.empty()
            .withKey("a")
            .withKey("b")
            .withAlias(new AliasEntry("alias/x", "a", at, at))
            .withAlias(new AliasEntry("alias/y", "b", at, at));
    DirectoryState after = before.withoutKey("a");
    assertEquals(List.of("b"), after.keyIds());
    assertFalse(after.keyIds().contains("a"));
    assertEquals(List.of("alias/y"), List.copyOf(after.aliases().keySet()));
    assertEquals(List.of("a", "b"), before.keyIds());
    assertEquals(List.of("b", "a"), after.withKey("a").keyIds());
  }

  @Test
  void snapshotOfAHundredThousandKeysRoundTripsAsAPlainArray() throws Exception {
    DirectoryState state = DirectoryState.empty();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 100_000; i++) {
      String id = UUID.randomUUID().toString();
      ids.add(id);
      state = state.withKey(id);
    }
    byte[] bytes = serialization.serialize(state).get();
    System.out.println("DirectoryState snapshot with 100000 keys: " + bytes.length + " bytes");
    DirectoryState back = roundTrip(state, bytes);
    assertEquals(ids, back.keyIds());
    assertTrue(back.keyIds().contains(ids.get(99_999)));
    assertSame(back, back.withKey(ids.get(0)));
  }

  @Test
  void readsSnapshotsWrittenWhenKeyIdsWereAPlainList() throws Exception {
    Map<String, Object> old = new LinkedHashMap<>();
    old.put("keyIds", List.of("k1", "k2"));
    old.put("aliases", Map.of());
    byte[] bytes = new ObjectMapper(new CBORFactory()).writeValueAsBytes(old);
    DirectoryState back = roundTrip(DirectoryState.empty(), bytes);
    assertEquals(List.of("k1", "k2"), back.keyIds());
    assertEquals(List.of("k1", "k2", "k3"), back.withKey("k3").withKey("k1").keyIds());
  }

  private static DirectoryState roundTrip(DirectoryState sample, byte[] bytes) {
    var serializer = serialization.findSerializerFor(sample);
    return (DirectoryState)
        serialization
            .deserialize(
                bytes, serializer.identifier(), Serializers.manifestFor(serializer, sample))
            .get();
  }
}
