package com.verenc.kms.node.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** When the writer moves records into the file and forces it: counted in nanoseconds given. */
class FlushScheduleTest {
  private static final long MS = 1_000_000;
  private static final long IDLE = 1_000 * MS;

  private final FlushSchedule schedule = new FlushSchedule(Duration.ofSeconds(1), 0);

  @Test
  void nothingWrittenIsNothingDue() {
    assertTrue(schedule.idle());
    assertEquals(IDLE, schedule.untilDue(0, IDLE));
    assertEquals(FlushSchedule.Due.NOTHING, schedule.take(2_000 * MS, false));
    assertEquals(FlushSchedule.Due.NOTHING, schedule.take(2_000 * MS, true));
  }

  @Test
  void writtenRecordsAreMovedEveryFewMillisecondsAndForcedEveryFsyncInterval() {
    schedule.written(3);
    assertFalse(schedule.idle());
    assertEquals(5 * MS, schedule.untilDue(0, IDLE));
    assertEquals(FlushSchedule.Due.NOTHING, schedule.take(4 * MS, false));
    assertEquals(FlushSchedule.Due.MOVE, schedule.take(5 * MS, false));
    assertTrue(schedule.idle());
    assertEquals(995 * MS, schedule.untilDue(5 * MS, IDLE), "the force is still due at 1 s");

    schedule.written(1);
    assertEquals(FlushSchedule.Due.MOVE_AND_FORCE, schedule.take(1_000 * MS, false));
    assertEquals(IDLE, schedule.untilDue(1_000 * MS, IDLE));
    schedule.written(1);
    assertEquals(FlushSchedule.Due.MOVE, schedule.take(1_006 * MS, false));
  }

  @Test
  void closingMakesWhatWasWrittenDueAtOnce() {
    schedule.written(1);
    assertEquals(FlushSchedule.Due.MOVE_AND_FORCE, schedule.take(1 * MS, true));
    assertEquals(FlushSchedule.Due.NOTHING, schedule.take(2 * MS, true));
  }

  @Test
  void linesForcedWithTheirWriteNeedNoFlush() {
    schedule.forcedWithWrite(3 * MS);
    assertTrue(schedule.idle());
    assertEquals(FlushSchedule.Due.NOTHING, schedule.take(2_000 * MS, false));
  }
}
