package com.verenc.kms.ops;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** replicate KEY --zone Z (the seed's CLI "replicate" command). */
final class ReplicationCommands {
  private ReplicationCommands() {}

  @Command(name = "replicate", description = "Replicate a multi-zone primary key to another zone.")
  static final class Replicate implements Callable<Integer> {
    @ParentCommand KmsCli cli;
    @Spec CommandSpec spec;
    @Parameters(paramLabel = "KEY") String key;

    @Option(names = "--zone", required = true, description = "Zone that gets the replica.")
    String target;

    @Override
    public Integer call() {
      var replica = cli.client().replicateKey(r -> r.keyId(key).replicaRegion(target)).replicaKeyMetadata();
      var fields = KeyCommands.fields(replica);
      fields.put("ReplicaZone", target);
      cli.output(spec.commandLine().getOut()).record(fields);
      return 0;
    }
  }
}
