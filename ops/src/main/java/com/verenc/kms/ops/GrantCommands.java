package com.verenc.kms.ops;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.kms.model.CreateGrantResponse;
import software.amazon.awssdk.services.kms.model.GrantConstraints;
import software.amazon.awssdk.services.kms.model.GrantListEntry;
import software.amazon.awssdk.services.kms.model.ListGrantsResponse;
import software.amazon.awssdk.services.kms.model.ListRetirableGrantsResponse;

/** grant create|list|retire|revoke. */
final class GrantCommands {
  private GrantCommands() {}

  @Command(
      name = "grant",
      description = "Grants: let a principal use a key without changing its policies.",
      subcommands = {
        Grant.Create.class,
        Grant.ListGrants.class,
        Grant.Retire.class,
        Grant.Revoke.class
      })
  static final class Grant {
    @ParentCommand KmsCli cli;

    @Command(
        name = "create",
        description =
            "Grant a principal operations on a key; prints the grant id and a token that uses "
                + "the grant at once.")
    static final class Create implements Callable<Integer> {
      @ParentCommand Grant grant;
      @Spec CommandSpec spec;

      @Parameters(paramLabel = "KEY", description = "Key id or key ARN.")
      String key;

      @Option(
          names = "--grantee",
          required = true,
          paramLabel = "ARN",
          description = "Who gets the operations, e.g. arn:aws:iam::111122223333:role/app.")
      String grantee;

      @Option(
          names = "--operations",
          required = true,
          split = ",",
          paramLabel = "OPERATION",
          description = "Comma-separated, e.g. Encrypt,Decrypt,GenerateDataKey,DescribeKey.")
      List<String> operations;

      @Option(
          names = "--retiring",
          paramLabel = "ARN",
          description = "Who may retire the grant (besides a grantee allowed RetireGrant).")
      String retiring;

      @Option(
          names = "--context-subset",
          paramLabel = "KEY=VALUE",
          description =
              "Constraint: the request's encryption context must include these pairs (repeat).")
      Map<String, String> subset;

      @Option(
          names = "--context-equals",
          paramLabel = "KEY=VALUE",
          description = "Constraint: the request's encryption context must be exactly these pairs.")
      Map<String, String> equals;

      @Option(
          names = "--name",
          description = "Name: creating the same grant again answers the existing grant.")
      String name;

      @Override
      public Integer call() {
        if (subset != null && equals != null) {
          throw new CommandLine.ParameterException(
              spec.commandLine(), "give --context-subset or --context-equals, not both");
        }
        CreateGrantResponse created =
            grant
                .cli
                .client()
                .createGrant(
                    r -> {
                      r.keyId(key)
                          .granteePrincipal(grantee)
                          .retiringPrincipal(retiring)
                          .operationsWithStrings(operations)
                          .name(name);
                      if (subset != null || equals != null) {
                        r.constraints(
                            c -> c.encryptionContextSubset(subset).encryptionContextEquals(equals));
                      }
                    });
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("GrantId", created.grantId());
        fields.put("GrantToken", created.grantToken());
        grant.cli.output(spec.commandLine().getOut()).record(fields);
        return 0;
      }
    }

    @Command(
        name = "list",
        description =
            "List a key's grants (KEY), or the grants a principal retires on any key of the "
                + "account (--retiring).")
    static final class ListGrants implements Callable<Integer> {
      @ParentCommand Grant grant;
      @Spec CommandSpec spec;

      @Parameters(paramLabel = "KEY", arity = "0..1", description = "Key id or key ARN.")
      String key;

      @Option(names = "--retiring", paramLabel = "ARN", description = "ListRetirableGrants.")
      String retiring;

      @Option(names = "--grantee", paramLabel = "ARN", description = "Only this grantee's.")
      String grantee;

      @Option(names = "--grant-id", paramLabel = "ID", description = "Only this grant.")
      String grantId;

      @Override
      public Integer call() {
        if ((key == null) == (retiring == null)) {
          throw new CommandLine.ParameterException(
              spec.commandLine(), "give a KEY, or --retiring ARN (and not both)");
        }
        List<GrantListEntry> grants =
            key != null
                ? Pagination.all(
                    m ->
                        grant
                            .cli
                            .client()
                            .listGrants(
                                r ->
                                    r.keyId(key)
                                        .granteePrincipal(grantee)
                                        .grantId(grantId)
                                        .marker(m)),
                    ListGrantsResponse::grants,
                    page -> Pagination.next(page.truncated(), page.nextMarker()))
                : Pagination.all(
                    m ->
                        grant
                            .cli
                            .client()
                            .listRetirableGrants(r -> r.retiringPrincipal(retiring).marker(m)),
                    ListRetirableGrantsResponse::grants,
                    page -> Pagination.next(page.truncated(), page.nextMarker()));
        List<List<Object>> rows =
            grants.stream()
                .map(
                    g ->
                        List.<Object>of(
                            g.grantId(),
                            g.keyId(),
                            String.valueOf(g.name()),
                            g.granteePrincipal(),
                            String.valueOf(g.retiringPrincipal()),
                            String.join(",", g.operationsAsStrings()),
                            constraint(g.constraints())))
                .toList();
        grant
            .cli
            .output(spec.commandLine().getOut())
            .table(
                List.of(
                    "GrantId",
                    "KeyId",
                    "Name",
                    "GranteePrincipal",
                    "RetiringPrincipal",
                    "Operations",
                    "Constraints"),
                rows);
        return 0;
      }

      private static String constraint(GrantConstraints c) {
        if (c == null) {
          return "-";
        }
        return c.hasEncryptionContextEquals()
            ? "equals " + c.encryptionContextEquals()
            : "subset " + c.encryptionContextSubset();
      }
    }

    @Command(
        name = "retire",
        description =
            "Retire a grant by its token (--token), or by KEY and GRANT_ID; allowed to its "
                + "retiring principal, a grantee allowed RetireGrant, and whom policies allow.")
    static final class Retire implements Callable<Integer> {
      @ParentCommand Grant grant;
      @Spec CommandSpec spec;

      @Parameters(paramLabel = "KEY GRANT_ID", arity = "0..2")
      List<String> keyAndGrant;

      @Option(names = "--token", paramLabel = "TOKEN", description = "The grant's token.")
      String token;

      @Override
      public Integer call() {
        boolean byId = keyAndGrant != null && keyAndGrant.size() == 2;
        if (byId == (token != null) || (keyAndGrant != null && keyAndGrant.size() == 1)) {
          throw new CommandLine.ParameterException(
              spec.commandLine(), "give --token TOKEN, or KEY and GRANT_ID");
        }
        grant
            .cli
            .client()
            .retireGrant(
                r ->
                    r.grantToken(token)
                        .keyId(byId ? keyAndGrant.get(0) : null)
                        .grantId(byId ? keyAndGrant.get(1) : null));
        spec.commandLine().getOut().println("retired " + (byId ? keyAndGrant.get(1) : "the grant"));
        return 0;
      }
    }

    @Command(name = "revoke", description = "Revoke a grant of a key (needs kms:RevokeGrant).")
    static final class Revoke implements Callable<Integer> {
      @ParentCommand Grant grant;
      @Spec CommandSpec spec;

      @Parameters(index = "0", paramLabel = "KEY")
      String key;

      @Parameters(index = "1", paramLabel = "GRANT_ID")
      String grantId;

      @Override
      public Integer call() {
        grant.cli.client().revokeGrant(r -> r.keyId(key).grantId(grantId));
        spec.commandLine().getOut().println("revoked " + grantId);
        return 0;
      }
    }
  }
}
