package com.verenc.kms.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** The progress line of kms master-key rotate and status, character for character. */
class RotationProgressTest {

  @Test
  void aRunningRotationShowsBarPercentCountsRateAndTimeLeft() {
    assertEquals(
        "[#########---------------------]  30.0%  75/250 secrets  41.3/s  ETA 0:00:05",
        new RotationProgress("RUNNING", 75, 250, 30.0, 41.3, 5L).line());
    assertEquals(
        "[------------------------------]   0.0%  0/100000 secrets  0.0/s  ETA ?",
        new RotationProgress("RUNNING", 0, 100000, 0, 0, null).line());
    assertEquals(
        "[#############################-]  99.9%  1002/1002 secrets  200.0/s  ETA 0:00:00",
        new RotationProgress("RUNNING", 1002, 1000, 99.9, 200, 0L).line(),
        "secrets created during the pass raise the total shown");
  }

  @Test
  void aFinishedOrPausedRotationSaysSo() {
    assertEquals(
        "[##############################] 100.0%  250/250 secrets  38.0/s  done",
        new RotationProgress("FINISHED", 250, 250, 100, 38, null).line());
    assertEquals(
        "[###############---------------]  50.0%  5/10 secrets  0.0/s  paused",
        new RotationProgress("PAUSED", 5, 10, 50, 0, null).line());
  }

  @Test
  void timeLeftReadsAsHoursMinutesSeconds() {
    assertEquals("1:02:05", RotationProgress.clock(3725));
    assertEquals("0:00:59", RotationProgress.clock(59));
    assertEquals("27:46:40", RotationProgress.clock(100000));
  }

  @Test
  void readFromTheNodesAnswer() throws Exception {
    var rotation =
        new ObjectMapper()
            .readTree(
                "{\"state\":\"RUNNING\",\"done\":40,\"total\":80,\"percent\":50.0,"
                    + "\"ratePerSecond\":20.0,\"etaSeconds\":2,\"targetMasterKey\":\"file:ab\"}");
    assertEquals(
        new RotationProgress("RUNNING", 40, 80, 50, 20, 2L), RotationProgress.of(rotation));
    var noEta =
        new ObjectMapper()
            .readTree(
                "{\"state\":\"RUNNING\",\"done\":0,\"total\":8,\"percent\":0.0,"
                    + "\"ratePerSecond\":0.0,\"etaSeconds\":null}");
    assertEquals(null, RotationProgress.of(noEta).etaSeconds());
  }
}
