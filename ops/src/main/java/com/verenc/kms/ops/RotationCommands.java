package com.verenc.kms.ops;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.kms.model.ListKeyRotationsResponse;

/** rotate, rotation enable|disable|status, rotations. */
final class RotationCommands {
  private RotationCommands() {}

  @Command(name = "rotate", description = "Rotate a key now (at most 10 times per key).")
  static final class Rotate implements Callable<Integer> {
    @ParentCommand KmsCli cli;
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "KEY")
    String key;

    @Override
    public Integer call() {
      cli.client().rotateKeyOnDemand(r -> r.keyId(key));
      spec.commandLine().getOut().println("rotated " + key);
      return 0;
    }
  }

  @Command(
      name = "rotation",
      description = "Automatic rotation of a key.",
      subcommands = {Rotation.Enable.class, Rotation.Disable.class, Rotation.Status.class})
  static final class Rotation {
    @ParentCommand KmsCli cli;

    @Command(
        name = "enable",
        description = "Turn automatic rotation on (period 90..2560 days, default 365).")
    static final class Enable implements Callable<Integer> {
      @ParentCommand Rotation rotation;
      @Spec CommandSpec spec;

      @Parameters(paramLabel = "KEY")
      String key;

      @Option(names = "--period", description = "Rotation period in days.")
      Integer period;

      @Override
      public Integer call() {
        rotation.cli.client().enableKeyRotation(r -> r.keyId(key).rotationPeriodInDays(period));
        spec.commandLine().getOut().println("automatic rotation enabled for " + key);
        return 0;
      }
    }

    @Command(name = "disable", description = "Turn automatic rotation off.")
    static final class Disable implements Callable<Integer> {
      @ParentCommand Rotation rotation;
      @Spec CommandSpec spec;

      @Parameters(paramLabel = "KEY")
      String key;

      @Override
      public Integer call() {
        rotation.cli.client().disableKeyRotation(r -> r.keyId(key));
        spec.commandLine().getOut().println("automatic rotation disabled for " + key);
        return 0;
      }
    }

    @Command(name = "status", description = "Show automatic rotation settings.")
    static final class Status implements Callable<Integer> {
      @ParentCommand Rotation rotation;
      @Spec CommandSpec spec;

      @Parameters(paramLabel = "KEY")
      String key;

      @Override
      public Integer call() {
        var s = rotation.cli.client().getKeyRotationStatus(r -> r.keyId(key));
        Map<String, Object> f = new LinkedHashMap<>();
        // GetKeyRotationStatus answers the key's ARN under KeyId; describe shows the id there.
        f.put("KeyId", KeyCommands.idOf(s.keyId()));
        f.put("KeyRotationEnabled", s.keyRotationEnabled());
        f.put("RotationPeriodInDays", s.rotationPeriodInDays());
        f.put("NextRotationDate", s.nextRotationDate());
        rotation.cli.output(spec.commandLine().getOut()).record(f);
        return 0;
      }
    }
  }

  @Command(name = "rotations", description = "List a key's rotations.")
  static final class Rotations implements Callable<Integer> {
    @ParentCommand KmsCli cli;
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "KEY")
    String key;

    @Override
    public Integer call() {
      List<List<Object>> rows =
          Pagination.all(
                  m -> cli.client().listKeyRotations(r -> r.keyId(key).marker(m)),
                  ListKeyRotationsResponse::rotations,
                  page -> Pagination.next(page.truncated(), page.nextMarker()))
              .stream()
              .map(r -> List.<Object>of(String.valueOf(r.rotationDate()), r.rotationTypeAsString()))
              .toList();
      cli.output(spec.commandLine().getOut()).table(List.of("RotationDate", "RotationType"), rows);
      return 0;
    }
  }
}
