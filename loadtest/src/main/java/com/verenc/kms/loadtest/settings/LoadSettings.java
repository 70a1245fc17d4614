package com.verenc.kms.loadtest.settings;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * Everything a simulation is told from outside, as {@code -D} system properties with defaults that
 * target a dev node ({@code ops/bin/kms-node}).
 *
 * <ul>
 *   <li>{@code kms.endpoints} (comma-separated; MultiZone uses the first two), default {@code
 *       http://127.0.0.1:4599}
 *   <li>{@code kms.zones} (comma-separated, one per endpoint), default {@code ch-gva-2}
 *   <li>{@code kms.accessKeyId} / {@code kms.secretAccessKey}, default {@code test}/{@code test}
 *   <li>{@code load.model}: {@code open} (arrival rate) or {@code closed} (concurrent users)
 *   <li>{@code load.rate} (users/s, open), {@code load.users} (closed), {@code load.duration}
 *       (seconds of the measured part), {@code load.ramp} (open only: seconds of ramp from 1/s to
 *       the rate before the measured part, not reported)
 *   <li>{@code load.warmup}: seconds of unreported closed-model load at the start of the run, in
 *       the same Gatling run (0 = none), by {@code load.warmupUsers} users (default: closed {@code
 *       load.users}; open one per 50 arrivals a second, at least {@code load.users})
 *   <li>{@code load.keysFile}: CSV with a {@code keyId} column (prepared beforehand); {@code
 *       load.keys}: how many of its keys to use (0 = all)
 *   <li>{@code load.pass}: {@code warm} (default) or {@code cold} (ManyKeys: every key once)
 *   <li>{@code assert.maxFailedPercent}, {@code assert.p99Ms}: the Gatling assertions
 * </ul>
 */
public record LoadSettings(
    List<String> endpoints,
    List<String> zones,
    String accessKeyId,
    String secretAccessKey,
    WorkloadModel model,
    double rate,
    int users,
    Duration duration,
    Duration ramp,
    Duration warmup,
    int warmupUsers,
    Path keysFile,
    int keys,
    boolean coldPass,
    double maxFailedPercent,
    int p99Ms) {

  /**
   * Name suffixes of the unreported phases' scenarios and requests: the simulations append them,
   * the bench's summary leaves those rows out.
   */
  public static final String WARM_UP_SUFFIX = " (warm-up)";

  public static final String RAMP_SUFFIX = " (ramp)";

  /** How load is offered: new arrivals per second, or a fixed number of busy users. */
  public enum WorkloadModel {
    OPEN,
    CLOSED
  }

  public static LoadSettings fromSystemProperties(
      double defaultMaxFailedPercent, int defaultP99Ms) {
    List<String> endpoints = list("kms.endpoints", "http://127.0.0.1:4599");
    List<String> zones = list("kms.zones", "ch-gva-2");
    if (zones.size() < endpoints.size()) {
      throw new IllegalArgumentException(
          "kms.zones must name one zone per endpoint of kms.endpoints: "
              + endpoints
              + " vs "
              + zones);
    }
    String model = System.getProperty("load.model", "closed");
    WorkloadModel workloadModel =
        switch (model) {
          case "open" -> WorkloadModel.OPEN;
          case "closed" -> WorkloadModel.CLOSED;
          default ->
              throw new IllegalArgumentException("load.model must be open or closed, got " + model);
        };
    String keysFile = System.getProperty("load.keysFile", "");
    double rate = Double.parseDouble(System.getProperty("load.rate", "100"));
    int users = Integer.getInteger("load.users", 8);
    // Open model: the warm-up's users leave their keep-alive connections in the shared pool, so
    // the measured part starts with enough of them to ride out a 20 ms stall at the full rate
    // without opening new ones (a burst of connects is far costlier to a server than requests).
    int warmupUsers =
        Integer.getInteger(
            "load.warmupUsers",
            workloadModel == WorkloadModel.OPEN
                ? Math.max(users, (int) Math.ceil(rate / 50))
                : users);
    return new LoadSettings(
        endpoints,
        zones,
        System.getProperty("kms.accessKeyId", "test"),
        System.getProperty("kms.secretAccessKey", "test"),
        workloadModel,
        rate,
        users,
        Duration.ofSeconds(Long.getLong("load.duration", 30L)),
        Duration.ofSeconds(Long.getLong("load.ramp", 0L)),
        Duration.ofSeconds(Long.getLong("load.warmup", 0L)),
        warmupUsers,
        keysFile.isBlank() ? null : Path.of(keysFile),
        Integer.getInteger("load.keys", 0),
        System.getProperty("load.pass", "warm").equals("cold"),
        Double.parseDouble(
            System.getProperty(
                "assert.maxFailedPercent", Double.toString(defaultMaxFailedPercent))),
        Integer.getInteger("assert.p99Ms", defaultP99Ms));
  }

  /** Whether a run starts with an unreported warm-up. */
  public boolean warmsUp() {
    return !warmup.isZero();
  }

  /** Whether a run ramps up to the rate, unreported, before the measured part (open model). */
  public boolean rampsUp() {
    return model == WorkloadModel.OPEN && !ramp.isZero();
  }

  public String endpoint(int index) {
    return endpoints.get(index);
  }

  public String zone(int index) {
    return zones.get(index);
  }

  private static List<String> list(String property, String fallback) {
    return Arrays.stream(System.getProperty(property, fallback).split(","))
        .map(String::strip)
        .filter(s -> !s.isEmpty())
        .toList();
  }
}
