package com.verenc.kms.loadtest.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reading utime + stime out of /proc/PID/stat, whose command name may hold spaces and parentheses.
 */
class ProcessCpuTest {
  @Test
  void utimeAndStimeFollowTheLastClosingParenthesis(@TempDir Path dir) throws Exception {
    Path stat = dir.resolve("stat");
    Files.writeString(
        stat,
        "4242 (java (kms) x) S 1 4242 4242 0 -1 4194560 1000 0 0 0 1234 567 0 0 20 0 40 0\\n");

    assertEquals(1234 + 567, ProcessCpu.ticks(stat));
    assertEquals(0, ProcessCpu.ticks(dir.resolve("gone")), "a process that ended adds nothing");
  }

  @Test
  void thisJvmHasUsedSomeCpuAndAnEmptyListIsUnknown() {
    ProcessCpu self = ProcessCpu.of(" " + ProcessHandle.current().pid() + " ,");

    assertTrue(self.known());
    assertTrue(self.seconds() > 0);
    assertFalse(ProcessCpu.of("").known());
  }
}
