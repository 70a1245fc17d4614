package com.verenc.kms.ops;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * master-key status | rotate | retire-check: the zone's master key rotation, through a node's
 * management port (docs/operations.md, "Master key rotation").
 */
final class MasterKeyCommands {
  /** Exit code of retire-check while a secret of the zone is under another master key. */
  static final int NOT_RETIRABLE = 5;

  private static final String STATUS = "/kms/master-key";

  private MasterKeyCommands() {}

  @Command(
      name = "master-key",
      description =
          "The master key of the zone of the node asked: its rotation (operators; run against a "
              + "node of each zone).",
      subcommands = {Status.class, Rotate.class, RetireCheck.class})
  static final class MasterKey {
    @ParentCommand KmsCli cli;
  }

  /** --interval: how often a followed rotation is asked for its progress. */
  static final class Following {
    @Option(
        names = "--interval",
        paramLabel = "SECONDS",
        description = "Seconds between progress updates while following (default: 1).")
    double interval = 1;

    /**
     * Shows the progress of pass {@code jobId} (any pass when null) until it stops: one line
     * redrawn on a terminal, a line per change otherwise.
     *
     * @return 0 when it finished, 1 when it paused or another pass replaced it
     */
    int follow(ManagementOption management, PrintWriter out, String jobId) {
      boolean terminal = System.console() != null;
      String shown = null;
      while (true) {
        JsonNode rotation = management.get(STATUS).path("rotation");
        if (jobId != null && !jobId.equals(rotation.path("jobId").asText())) {
          endLine(out, terminal, shown);
          out.println("Another rotation replaced this one: see kms master-key status.");
          out.flush();
          return 1;
        }
        String line = RotationProgress.of(rotation).line();
        if (!line.equals(shown)) {
          out.print(terminal ? "\r" + line : line + System.lineSeparator());
          out.flush();
          shown = line;
        }
        String state = rotation.path("state").asText();
        if (!state.equals("RUNNING")) {
          endLine(out, terminal, shown);
          if (state.equals("PAUSED")) {
            out.println("Paused: " + rotation.path("note").asText());
          }
          out.flush();
          return state.equals("FINISHED") ? 0 : 1;
        }
        pause();
      }
    }

    private void pause() {
      try {
        Thread.sleep((long) (interval * 1000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
    }

    private static void endLine(PrintWriter out, boolean terminal, String shown) {
      if (terminal && shown != null) {
        out.println();
      }
    }
  }

  @Command(
      name = "status",
      description =
          "The node's current and previous master keys and its zone's rotation: state, secrets "
              + "done of the total, rate, time left.")
  static final class Status implements Callable<Integer> {
    @ParentCommand MasterKey parent;
    @Spec CommandSpec spec;
    @Mixin ManagementOption management;
    @Mixin Following following;

    @Option(names = "--watch", description = "Follow a running rotation until it stops.")
    boolean watch;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      JsonNode status = management.get(STATUS);
      if (parent.cli.isJson()) {
        parent.cli.output(out).json(status);
        return 0;
      }
      JsonNode rotation = status.path("rotation");
      Map<String, Object> fields = new LinkedHashMap<>();
      fields.put("Zone", status.path("zone").asText());
      fields.put("Node", status.path("node").asText());
      fields.put("CurrentMasterKey", status.path("currentMasterKey").asText());
      List<String> previous = new ArrayList<>();
      status.path("previousMasterKeys").forEach(k -> previous.add(k.asText()));
      fields.put("PreviousMasterKeys", previous.isEmpty() ? "(none)" : String.join(", ", previous));
      if (rotation.isObject()) {
        fields.put(
            "Rotation",
            rotation.path("state").asText()
                + " to "
                + rotation.path("targetMasterKey").asText()
                + ", started "
                + rotation.path("startedAt").asText());
        fields.put("Rewrapped", rotation.path("rewrapped").asLong());
        fields.put("ChangedMeanwhile", rotation.path("changed").asLong());
        fields.put("Unopenable", rotation.path("unopenable").asLong());
        if (rotation.hasNonNull("note")) {
          fields.put("Note", rotation.path("note").asText());
        }
      } else {
        fields.put("Rotation", "(none yet)");
      }
      parent.cli.output(out).record(fields);
      if (!rotation.isObject()) {
        return 0;
      }
      if (watch && rotation.path("state").asText().equals("RUNNING")) {
        return following.follow(management, out, rotation.path("jobId").asText());
      }
      out.println(RotationProgress.of(rotation).line());
      out.flush();
      return 0;
    }
  }

  @Command(
      name = "rotate",
      description =
          "Re-wraps every secret of the zone under the current master key of the node asked, in "
              + "the background while the zone serves, and follows the progress. Give every node "
              + "of the zone the new master key as current and the old one as previous first.")
  static final class Rotate implements Callable<Integer> {
    @ParentCommand MasterKey parent;
    @Spec CommandSpec spec;
    @Mixin ManagementOption management;
    @Mixin Following following;

    @Option(
        names = "--no-wait",
        description = "Start the rotation and return; follow it with status --watch.")
    boolean noWait;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      JsonNode started = management.post(STATUS + "/rotation", java.time.Duration.ofSeconds(15));
      if (parent.cli.isJson()) {
        parent.cli.output(out).json(started);
        return noWait
            ? 0
            : following.follow(
                management,
                new PrintWriter(PrintWriter.nullWriter()),
                started.path("jobId").asText());
      }
      out.println(
          (started.path("alreadyRunning").asBoolean()
                  ? "A rotation is already running: "
                  : "Rotation started: ")
              + "re-wrapping the zone's secrets under master key "
              + started.path("targetMasterKey").asText()
              + " ("
              + started.path("total").asLong()
              + " secrets when it started)");
      out.flush();
      if (noWait) {
        return 0;
      }
      int exit = following.follow(management, out, started.path("jobId").asText());
      if (exit == 0) {
        out.println(
            "Every secret of the zone was looked at. Run kms master-key retire-check on a node of "
                + "every zone before removing the previous master key.");
        out.flush();
      }
      return exit;
    }
  }

  @Command(
      name = "retire-check",
      description =
          "Counts the zone's secrets by the master key that wrapped them; exit code 5 while any "
              + "is under another master key than the current one.")
  static final class RetireCheck implements Callable<Integer> {
    @ParentCommand MasterKey parent;
    @Spec CommandSpec spec;
    @Mixin ManagementOption management;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      JsonNode answer = management.get(STATUS + "/secrets");
      String zone = answer.path("zone").asText();
      String current = answer.path("currentMasterKey").asText();
      List<String> previous = new ArrayList<>();
      answer.path("previousMasterKeys").forEach(k -> previous.add(k.asText()));
      Map<String, Long> counts = new LinkedHashMap<>();
      counts.put(current, 0L);
      previous.forEach(k -> counts.put(k, 0L));
      answer
          .path("secrets")
          .fields()
          .forEachRemaining(e -> counts.put(e.getKey(), e.getValue().asLong()));
      long elsewhere =
          counts.entrySet().stream()
              .filter(e -> !e.getKey().equals(current))
              .mapToLong(Map.Entry::getValue)
              .sum();
      if (parent.cli.isJson()) {
        parent.cli.output(out).json(answer);
        return elsewhere == 0 ? 0 : NOT_RETIRABLE;
      }
      List<List<Object>> rows = new ArrayList<>();
      counts.forEach(
          (key, count) ->
              rows.add(
                  List.of(
                      key,
                      key.equals(current)
                          ? "current"
                          : previous.contains(key) ? "previous" : "other",
                      count)));
      parent.cli.output(out).table(List.of("MasterKey", "Role", "Secrets"), rows);
      if (elsewhere == 0) {
        out.println(
            "Every secret of zone "
                + zone
                + " is wrapped under the current master key "
                + current
                + "."
                + (previous.isEmpty()
                    ? ""
                    : " The previous master key can be removed from this zone's nodes once "
                        + "retire-check says the same in every zone (replication sends a "
                        + "zone's own wrapping)."));
      } else {
        out.println(
            elsewhere
                + " secret(s) of zone "
                + zone
                + " are still wrapped under another master key than "
                + current
                + ": keep it on the zone's nodes and run kms master-key rotate (rotation: "
                + answer.path("rotationState").asText("none yet")
                + ").");
      }
      out.flush();
      return elsewhere == 0 ? 0 : NOT_RETIRABLE;
    }
  }
}
