package com.verenc.kms.ops;

import static com.verenc.kms.ops.CliNode.json;
import static com.verenc.kms.ops.CliNode.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.verenc.kms.crypto.masterkey.FileMasterKey;
import com.verenc.kms.ops.CliNode.Run;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kms master-key status, rotate and retire-check against a real node: keys made under master key A,
 * the node restarted with B current and A previous, the rotation followed to its end.
 */
class MasterKeyCliTest {
  private static final Pattern PROGRESS =
      Pattern.compile(
          "\\[[#-]{30}] {1,3}\\d{1,3}\\.\\d%  \\d+/\\d+ secrets  \\d+\\.\\d/s  "
              + "(ETA (\\?|\\d+:\\d\\d:\\d\\d)|done)");

  @TempDir Path dir;

  private static Run kms(String management, String... args) {
    String[] all = Arrays.copyOf(args, args.length + 2);
    all[args.length] = "--management";
    all[args.length + 1] = management;
    return run(new byte[0], all);
  }

  private CliNode rotatingNode(Path current, Path previous) {
    return CliNode.start(
        dir,
        Map.of(
            "kms.master-key-file",
            current.toString(),
            "kms.previous-master-key.file",
            previous.toString(),
            "kms.master-key-rotation.batch-size",
            2,
            "kms.master-key-rotation.max-rate",
            4));
  }

  @Test
  void anOperatorRotatesTheMasterKeyAndChecksTheOldOneCanGo() throws Exception {
    Path keyA = dir.resolve("master.key");
    try (CliNode cli = CliNode.start(dir)) {
      for (int i = 0; i < 6; i++) {
        cli.newKey("--description", "under A");
      }
      Run status = kms(cli.management(), "master-key", "status");
      assertEquals(0, status.exit(), status.err());
      String a = FileMasterKey.readFrom(keyA).id().toString();
      assertTrue(status.out().contains("CurrentMasterKey    " + a + "\n"), status.out());
      assertTrue(status.out().contains("PreviousMasterKeys  (none)\n"), status.out());
      assertTrue(status.out().contains("Rotation            (none yet)\n"), status.out());
    }
    String a = FileMasterKey.readFrom(keyA).id().toString();
    Path keyB = dir.resolve("b.key");
    FileMasterKey b = FileMasterKey.generate();
    b.writeTo(keyB);

    try (CliNode node = rotatingNode(keyB, keyA)) {
      String management = node.management();
      Run before = kms(management, "master-key", "retire-check");
      assertEquals(MasterKeyCommands.NOT_RETIRABLE, before.exit(), before.err());
      List<String> lines = before.out().lines().toList();
      String header = "%-" + a.length() + "s  %-8s  %s";
      assertEquals(String.format(header, "MasterKey", "Role", "Secrets"), lines.get(0));
      assertEquals(b.id() + "  current   0", lines.get(1));
      assertTrue(lines.get(2).matches(Pattern.quote(a) + "  previous  [0-9]+"), lines.get(2));
      long secrets = Long.parseLong(lines.get(2).replaceAll(".* ", ""));
      assertTrue(secrets >= 6, before.out());
      assertTrue(
          lines.get(3).startsWith(secrets + " secret(s) of zone ch-gva-2 are still wrapped under"),
          before.out());

      Run rotate = kms(management, "master-key", "rotate", "--interval", "0.1");
      assertEquals(0, rotate.exit(), rotate.err() + rotate.out());
      List<String> out = rotate.out().lines().toList();
      assertEquals(
          "Rotation started: re-wrapping the zone's secrets under master key "
              + b.id()
              + " ("
              + secrets
              + " secrets when it started)",
          out.get(0));
      List<String> progress = out.subList(1, out.size() - 1);
      progress.forEach(line -> assertTrue(PROGRESS.matcher(line).matches(), line));
      assertTrue(progress.size() >= 3, "progress shown as it went: " + progress);
      assertTrue(progress.get(0).contains("/" + secrets + " secrets"), progress.get(0));
      assertEquals(
          "[##############################] 100.0%  " + secrets + "/" + secrets + " secrets",
          progress.get(progress.size() - 1).replaceAll("  [0-9.]+/s  done$", ""));
      assertTrue(out.get(out.size() - 1).startsWith("Every secret of the zone was looked at."));

      Run status = kms(management, "master-key", "status");
      assertTrue(status.out().contains("PreviousMasterKeys  " + a + "\n"), status.out());
      assertTrue(status.out().contains("Rotation            FINISHED to " + b.id()), status.out());
      assertTrue(status.out().contains("Rewrapped           " + secrets + "\n"), status.out());
      assertTrue(status.out().strip().endsWith("done"), status.out());
      JsonNode asJson = json(kms(management, "--output", "json", "master-key", "status"));
      assertEquals("FINISHED", asJson.path("rotation").path("state").asText());
      assertEquals(100.0, asJson.path("rotation").path("percent").asDouble());

      Run after = kms(management, "master-key", "retire-check");
      assertEquals(0, after.exit(), after.out());
      assertTrue(
          after.out().contains(a + "  previous  0\n")
              && after.out().contains("The previous master key can be removed"),
          after.out());
    }
  }

  @Test
  void rotateWithoutWaitingReturnsAtOnceAndStatusWatchFollows() throws Exception {
    Path keyA = dir.resolve("master.key");
    try (CliNode cli = CliNode.start(dir)) {
      cli.newKey("--description", "under A");
    }
    Path keyB = dir.resolve("b.key");
    FileMasterKey.generate().writeTo(keyB);
    try (CliNode node = rotatingNode(keyB, keyA)) {
      String management = node.management();
      Run started = kms(management, "master-key", "rotate", "--no-wait");
      assertEquals(0, started.exit(), started.err());
      assertEquals(1, started.out().lines().count(), started.out());
      Run watched = kms(management, "master-key", "status", "--watch", "--interval", "0.1");
      assertEquals(0, watched.exit(), watched.err());
      assertTrue(watched.out().strip().endsWith("done"), watched.out());
      Run unreachable = kms("http://127.0.0.1:1", "master-key", "rotate");
      assertEquals(1, unreachable.exit());
      assertTrue(unreachable.err().startsWith("kms: cannot reach the management endpoint"));
    }
  }
}
