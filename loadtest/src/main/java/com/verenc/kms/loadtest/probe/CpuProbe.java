package com.verenc.kms.loadtest.probe;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import io.gatling.javaapi.core.PopulationBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * A request-less Gatling user that runs beside the measured part of a simulation and writes the
 * server's CPU seconds over that part to a file, so CPU per request leaves out the warm-up. Active
 * when {@code bench.nodePids} (comma-separated process ids) and {@code bench.cpuFile} are set.
 */
public final class CpuProbe {
  private CpuProbe() {}

  public static Optional<PopulationBuilder> during(Duration measured) {
    String pids = System.getProperty("bench.nodePids", "");
    String file = System.getProperty("bench.cpuFile", "");
    ProcessCpu server = ProcessCpu.of(pids);
    if (!server.known() || file.isBlank()) {
      return Optional.empty();
    }
    double[] start = new double[1];
    return Optional.of(
        scenario("server CPU probe")
            .exec(
                session -> {
                  start[0] = server.seconds();
                  return session;
                })
            .pause(measured)
            .exec(
                session -> {
                  write(Path.of(file), server.seconds() - start[0]);
                  return session;
                })
            .injectOpen(atOnceUsers(1)));
  }

  private static void write(Path file, double seconds) {
    try {
      Files.writeString(file, String.format(Locale.ROOT, "%.3f%n", seconds));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the CPU probe's result to " + file, e);
    }
  }
}
