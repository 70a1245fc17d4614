package com.verenc.kms.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.verenc.kms.crypto.masterkey.MasterKey;
import com.verenc.kms.ops.audit.AuditFiles;
import com.verenc.kms.ops.audit.AuditMasterKey;
import com.verenc.kms.ops.audit.AuditQuery;
import com.verenc.kms.ops.audit.AuditTimes;
import com.verenc.kms.ops.audit.ChainVerifier;
import com.verenc.kms.ops.audit.VerifyReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** audit verify and audit search: the node's audit trail files, read where they are. */
final class AuditCommands {
  private AuditCommands() {}

  @Command(
      name = "audit",
      description = "The audit trail: check it, find requests in it (operators).",
      subcommands = {Audit.Verify.class, Audit.Search.class})
  static final class Audit {
    @ParentCommand KmsCli cli;

    @Command(
        name = "verify",
        description = {
          "Checks audit files: every record sealed, in sequence, linked to the one before it "
              + "(across files) and every signature valid under the signing key of the master key "
              + "it names. Names the first record that breaks the chain (exit 3).",
          "The master key is found as a node finds it: --master-key-file, else the key in the "
              + "PKCS #11 token of KMS_MASTER_KEY_PKCS11_LIBRARY, _TOKEN, _PIN_FILE and _LABEL, "
              + "else KMS_MASTER_KEY_FILE, else $KMS_DATA_DIR/master.key. Records signed before a "
              + "master key rotation need the previous key too: --previous-master-key-file, "
              + "KMS_PREVIOUS_MASTER_KEY_FILE or KMS_PREVIOUS_MASTER_KEY_PKCS11_LABEL.",
          "FILE: audit files or directories of them, in any order."
        })
    static final class Verify implements Callable<Integer> {
      @ParentCommand Audit audit;
      @Spec CommandSpec spec;

      @Parameters(arity = "1..*", paramLabel = "FILE")
      List<Path> paths;

      @Option(
          names = "--master-key-file",
          paramLabel = "FILE",
          description =
              "The installation's master key file, or a copy of it (default: the token of "
                  + "$KMS_MASTER_KEY_PKCS11_LIBRARY, else $KMS_MASTER_KEY_FILE, else "
                  + "$KMS_DATA_DIR/master.key when it exists).")
      String masterKeyFile;

      @Option(
          names = "--previous-master-key-file",
          paramLabel = "FILE",
          description =
              "A master key file the installation had before a master key rotation, for the "
                  + "records signed under it (repeatable; also $KMS_PREVIOUS_MASTER_KEY_FILE, or "
                  + "$KMS_PREVIOUS_MASTER_KEY_PKCS11_LABEL for a key in a token).")
      List<String> previousMasterKeyFiles = new ArrayList<>();

      @Option(
          names = "--chain-only",
          description = "Check the chain without the master key: signatures are not checked.")
      boolean chainOnly;

      @Override
      public Integer call() {
        List<Path> files = AuditFiles.inChainOrder(paths);
        Optional<MasterKey> key =
            chainOnly
                ? Optional.empty()
                : Optional.of(AuditMasterKey.find(masterKeyFile, System.getenv()));
        List<MasterKey> keys = new ArrayList<>();
        key.ifPresent(keys::add);
        if (!chainOnly) {
          keys.addAll(AuditMasterKey.previous(previousMasterKeyFiles, System.getenv()));
        }
        VerifyReport report = new ChainVerifier(keys).verify(files);
        PrintWriter out = spec.commandLine().getOut();
        if (audit.cli.isJson()) {
          audit.cli.output(out).json(json(report, key));
        } else {
          print(out, report, key);
        }
        out.flush();
        return report.valid() ? 0 : KmsCli.NOT_VALID;
      }

      private static void print(PrintWriter out, VerifyReport r, Optional<MasterKey> key) {
        r.notes().forEach(note -> out.println("Note: " + note));
        if (r.problem().isPresent()) {
          out.println("NOT VALID: " + r.problem().get().describe());
          out.println(
              "Intact before it: "
                  + r.records()
                  + " record(s)"
                  + (r.records() > 0 ? ", seq " + r.firstSeq() + " to " + r.lastSeq() : ""));
          return;
        }
        out.println(
            "OK: "
                + r.files()
                + " file(s), "
                + r.records()
                + " records (seq "
                + r.firstSeq()
                + " to "
                + r.lastSeq()
                + "): "
                + r.requests()
                + " requests, "
                + r.signatures()
                + " signatures, "
                + key.map(k -> "valid under " + signedUnder(r, k))
                    .orElse("NOT checked (--chain-only)"));
        if (r.unsigned() > 0) {
          out.println(
              "The last "
                  + r.unsigned()
                  + " record(s) follow the last signature"
                  + (r.lastSigned() > 0 ? " (seq " + r.lastSigned() + ")" : "")
                  + ": the chain links them, no signature covers them yet (a running node signs "
                  + "at intervals and when it stops; one killed signs them when it restarts).");
        }
      }

      /** The keys the signatures were made under; the current key when there were none. */
      private static String signedUnder(VerifyReport r, MasterKey current) {
        List<String> ids =
            r.signedUnder().isEmpty() ? List.of(current.id().toString()) : r.signedUnder();
        return (ids.size() == 1 ? "master key " : "master keys ") + String.join(", ", ids);
      }

      private static Map<String, Object> json(VerifyReport r, Optional<MasterKey> key) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("valid", r.valid());
        json.put("files", r.files());
        json.put("records", r.records());
        json.put("requests", r.requests());
        json.put("signatures", r.signatures());
        json.put("signaturesCheckedWith", key.map(k -> k.id().toString()).orElse(null));
        json.put("signedUnder", r.signedUnder());
        json.put("firstSeq", r.firstSeq());
        json.put("lastSeq", r.lastSeq());
        json.put("unsignedRecords", r.unsigned());
        json.put("notes", r.notes());
        r.problem()
            .ifPresent(
                p -> {
                  Map<String, Object> bad = new LinkedHashMap<>();
                  bad.put("file", p.file().toString());
                  bad.put("line", p.line());
                  bad.put("seq", p.seq());
                  bad.put("requestId", p.requestId());
                  bad.put("reason", p.reason());
                  json.put("firstBadRecord", bad);
                });
        return json;
      }
    }

    @Command(
        name = "search",
        description = {
          "Prints the request records that meet every criterion given, oldest first.",
          "PATH: audit files or directories of them (default: $KMS_AUDIT_LOG, else "
              + "$KMS_DATA_DIR/audit, else ./data/audit). With --output json, the records "
              + "themselves, one a line."
        })
    static final class Search implements Callable<Integer> {
      private static final ObjectMapper JSON = new ObjectMapper();

      @ParentCommand Audit audit;
      @Spec CommandSpec spec;

      @Parameters(arity = "0..*", paramLabel = "PATH")
      List<Path> paths = new ArrayList<>();

      @Option(
          names = "--key",
          description =
              "A key id, key ARN, alias name or alias ARN: requests that named it or used it.")
      String key;

      @Option(names = "--account", description = "The caller's account id.")
      String account;

      @Option(names = "--principal", description = "The caller's ARN.")
      String principal;

      @Option(
          names = "--access-key-id",
          description = "The access key the request was signed with.")
      String accessKeyId;

      @Option(
          names = "--operation",
          split = ",",
          description = "Operations, comma-separated (Encrypt,Decrypt).")
      List<String> operations;

      @Option(names = "--request-id", description = "The request's x-amzn-RequestId.")
      String requestId;

      @Option(names = "--outcome", description = "ok or error.")
      String outcome;

      @Option(names = "--error-code", description = "e.g. AccessDeniedException.")
      String errorCode;

      @Option(names = "--source-ip", description = "The client's address.")
      String sourceIp;

      @Option(
          names = "--grant-id",
          description =
              "Requests a grant allowed where no policy did (what ListGrants calls GrantId).")
      String grantId;

      @Option(
          names = "--since",
          description =
              "From this time: 2026-12-03T10:15:00Z, a UTC date 2026-12-03, or a span back "
                  + "from now (90s, 15m, 2h, 7d).")
      String since;

      @Option(names = "--until", description = "Before this time (same forms as --since).")
      String until;

      @Override
      public Integer call() {
        Instant now = Instant.now();
        AuditQuery query =
            new AuditQuery(
                key,
                account,
                principal,
                accessKeyId,
                operations,
                requestId,
                outcome,
                errorCode,
                sourceIp,
                grantId,
                since == null ? null : AuditTimes.parse(since, now),
                until == null ? null : AuditTimes.parse(until, now));
        List<Path> files = AuditFiles.inChainOrder(paths.isEmpty() ? defaultPaths() : paths);
        PrintWriter out = spec.commandLine().getOut();
        boolean json = audit.cli.isJson();
        List<List<Object>> rows = new ArrayList<>();
        for (Path file : files) {
          AuditFiles.forEachLine(
              file,
              line -> {
                JsonNode record = parse(line.bytes());
                if (record != null && query.matches(record)) {
                  if (json) {
                    out.println(new String(line.bytes(), StandardCharsets.UTF_8));
                  } else {
                    rows.add(row(record));
                  }
                }
                return true;
              });
        }
        if (!json) {
          audit
              .cli
              .output(out)
              .table(
                  List.of(
                      "Time", "RequestId", "Account", "Principal", "Operation", "Key", "Outcome"),
                  rows);
          out.println(rows.size() + " request(s)");
        }
        out.flush();
        return 0;
      }

      private static List<Path> defaultPaths() {
        Map<String, String> env = System.getenv();
        String dir = env.get("KMS_AUDIT_LOG");
        if (dir == null || dir.isBlank()) {
          dir = Path.of(env.getOrDefault("KMS_DATA_DIR", "./data")).resolve("audit").toString();
        }
        return List.of(Path.of(dir));
      }

      private static JsonNode parse(byte[] line) {
        try {
          return JSON.readTree(line);
        } catch (IOException e) {
          // Not a record: `kms audit verify` names such lines.
          return null;
        }
      }

      private static List<Object> row(JsonNode r) {
        JsonNode first = r.path("keys").path(0);
        String named = first.path("arn").asText(first.path("requested").asText("-"));
        String outcome = r.path("outcome").asText("-");
        return List.of(
            r.path("time").asText("-"),
            r.path("requestId").asText("-"),
            r.path("account").asText("-"),
            r.path("principal").asText("-"),
            r.path("operation").asText("-"),
            named,
            outcome.equals("error") ? r.path("errorCode").asText("error") : outcome);
      }
    }
  }
}
