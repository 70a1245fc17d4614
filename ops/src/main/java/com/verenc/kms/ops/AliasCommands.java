package com.verenc.kms.ops;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.kms.model.ListAliasesResponse;

/** alias create|delete|list. */
final class AliasCommands {
  private AliasCommands() {}

  @Command(
      name = "alias",
      description = "Aliases of keys.",
      subcommands = {Alias.Create.class, Alias.Delete.class, Alias.ListAliases.class})
  static final class Alias {
    @ParentCommand KmsCli cli;

    @Command(name = "create", description = "Create an alias (alias/NAME) for a key.")
    static final class Create implements Callable<Integer> {
      @ParentCommand Alias alias;
      @Spec CommandSpec spec;

      @Parameters(index = "0", paramLabel = "ALIAS")
      String name;

      @Parameters(index = "1", paramLabel = "KEY")
      String key;

      @Override
      public Integer call() {
        alias.cli.client().createAlias(r -> r.aliasName(name).targetKeyId(key));
        spec.commandLine().getOut().println("created " + name + " -> " + key);
        return 0;
      }
    }

    @Command(name = "delete", description = "Delete an alias.")
    static final class Delete implements Callable<Integer> {
      @ParentCommand Alias alias;
      @Spec CommandSpec spec;

      @Parameters(paramLabel = "ALIAS")
      String name;

      @Override
      public Integer call() {
        alias.cli.client().deleteAlias(r -> r.aliasName(name));
        spec.commandLine().getOut().println("deleted " + name);
        return 0;
      }
    }

    @Command(name = "list", description = "List aliases, all or of one key.")
    static final class ListAliases implements Callable<Integer> {
      @ParentCommand Alias alias;
      @Spec CommandSpec spec;

      @Option(names = "--key", description = "Only aliases of this key.")
      String key;

      @Override
      public Integer call() {
        List<List<Object>> rows =
            Pagination.all(
                    m -> alias.cli.client().listAliases(r -> r.keyId(key).marker(m)),
                    ListAliasesResponse::aliases,
                    page -> Pagination.next(page.truncated(), page.nextMarker()))
                .stream()
                .map(a -> List.<Object>of(a.aliasName(), String.valueOf(a.targetKeyId())))
                .toList();
        alias
            .cli
            .output(spec.commandLine().getOut())
            .table(List.of("AliasName", "TargetKeyId"), rows);
        return 0;
      }
    }
  }
}
