package com.verenc.kms.node.key;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.typesafe.config.ConfigFactory;
import com.verenc.kms.node.key.model.ImportedMaterial;
import com.verenc.kms.node.key.model.MaterialVersion;
import java.time.Instant;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializers;
import org.apache.pekko.testkit.javadsl.TestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Import events written before keys could hold several imported materials recover: a material
 * without a version is version 1, and a deletion without one deletes the current material.
 */
class ImportEventsJournalTest {
  private static final Instant AT = Instant.parse("2026-12-01T10:00:00Z");
  private static final ObjectMapper CBOR = new ObjectMapper(new CBORFactory());

  private static ActorSystem system;
  private static Serialization serialization;

  @BeforeAll
  static void startSystem() {
    system =
        ActorSystem.create(
            "import-events-journal-test",
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
  void aMaterialImportedBeforeVersionsIsVersionOne() throws Exception {
    KeyEvent.MaterialImported now =
        new KeyEvent.MaterialImported(
            AT,
            new MaterialVersion(1, AT, new byte[40], null),
            ImportedMaterial.first(new byte[32], null, null));
    ObjectNode old = tree(now);
    ObjectNode material = (ObjectNode) old.get("imported");
    material.remove("version");
    material.remove("description");
    material.remove("rotatedAt");
    KeyEvent.MaterialImported back = (KeyEvent.MaterialImported) read(now, old);
    assertEquals(1, back.imported().version());
    assertNull(back.imported().rotatedAt());
    assertEquals(now.imported().keyMaterialId(), back.imported().keyMaterialId());
  }

  @Test
  void aDeletionBeforeVersionsDeletesTheCurrentMaterial() throws Exception {
    KeyEvent.ImportedMaterialDeleted now = new KeyEvent.ImportedMaterialDeleted(AT, 2);
    ObjectNode old = tree(now);
    old.remove("version");
    assertNull(((KeyEvent.ImportedMaterialDeleted) read(now, old)).version());
  }

  private static ObjectNode tree(KeyEvent event) throws Exception {
    return (ObjectNode) CBOR.readTree(serialization.serialize(event).get());
  }

  private static KeyEvent read(KeyEvent sample, ObjectNode tree) throws Exception {
    var serializer = serialization.findSerializerFor(sample);
    return (KeyEvent)
        serialization
            .deserialize(
                CBOR.writeValueAsBytes(tree),
                serializer.identifier(),
                Serializers.manifestFor(serializer, sample))
            .get();
  }
}
