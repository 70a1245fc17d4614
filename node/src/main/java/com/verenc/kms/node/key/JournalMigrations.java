package com.verenc.kms.node.key;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.pekko.persistence.typed.EventAdapter;
import org.apache.pekko.persistence.typed.EventSeq;
import org.apache.pekko.serialization.jackson.JacksonMigration;

/**
 * How journals written by version 1 of the key entity recover: its flat key records become the
 * current parts (see {@link LegacyKeyRecordJson}). Registered in serialization.conf.
 */
public final class JournalMigrations {
  private JournalMigrations() {}

  /** Version 1's {@code KeyEvent$Created}, read as {@link LegacyCreated}. */
  public static final class CreatedEvent extends JacksonMigration {
    @Override
    public int currentVersion() {
      return 2;
    }

    @Override
    public String transformClassName(int fromVersion, String className) {
      return LegacyCreated.class.getName();
    }

    @Override
    public JsonNode transform(int fromVersion, JsonNode json) {
      return LegacyKeyRecordJson.nestKeyOf(json);
    }
  }

  /** Snapshots of a live key written by version 1. */
  public static final class LiveSnapshot extends JacksonMigration {
    @Override
    public int currentVersion() {
      return 2;
    }

    @Override
    public JsonNode transform(int fromVersion, JsonNode json) {
      return LegacyKeyRecordJson.nestKeyOf(json);
    }
  }

  /**
   * Replays a {@link LegacyCreated} as the fact it stated; every other event is read as written.
   */
  static final class LegacyEvents extends EventAdapter<KeyEvent, Object> {
    private final String zone;

    LegacyEvents(String zone) {
      this.zone = zone;
    }

    @Override
    public Object toJournal(KeyEvent event) {
      return event;
    }

    @Override
    public String manifest(KeyEvent event) {
      return "";
    }

    @Override
    public EventSeq<KeyEvent> fromJournal(Object stored, String manifest) {
      return EventSeq.single(
          stored instanceof LegacyCreated legacy ? legacy.asFact(zone) : (KeyEvent) stored);
    }
  }
}
