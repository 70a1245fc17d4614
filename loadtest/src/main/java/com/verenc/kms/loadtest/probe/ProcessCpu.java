package com.verenc.kms.loadtest.probe;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** CPU time (user + system) of a set of Linux processes, read from {@code /proc/PID/stat}. */
public final class ProcessCpu {
  /** USER_HZ, the unit of utime and stime: 100 on every Linux architecture the bench runs on. */
  private static final double TICKS_PER_SECOND = 100.0;

  private final List<String> pids;

  private ProcessCpu(List<String> pids) {
    this.pids = pids;
  }

  public static ProcessCpu of(String commaSeparatedPids) {
    return new ProcessCpu(
        Arrays.stream(commaSeparatedPids.split(","))
            .map(String::strip)
            .filter(p -> !p.isEmpty())
            .toList());
  }

  public boolean known() {
    return !pids.isEmpty();
  }

  public double seconds() {
    long ticks = 0;
    for (String pid : pids) {
      ticks += ticks(Path.of("/proc", pid, "stat"));
    }
    return ticks / TICKS_PER_SECOND;
  }

  /** utime + stime: fields 14 and 15, counted after the parenthesised command name. */
  static long ticks(Path stat) {
    String line;
    try {
      line = Files.readString(stat);
    } catch (IOException gone) {
      return 0; // a process that ended adds no CPU time
    }
    String[] fields = line.substring(line.lastIndexOf(')') + 2).strip().split(" ");
    return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
  }
}
