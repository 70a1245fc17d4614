package com.verenc.kms.loadtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** bench --help is the script's header comment: every option it takes, and no code after it. */
class BenchHelpTest {
  private static final Path BENCH = Path.of("bin/bench");

  @Test
  void helpListsEveryOptionAndEndsWithTheComment() throws Exception {
    Process help = new ProcessBuilder("bash", BENCH.toString(), "--help").start();
    assertTrue(help.waitFor(30, TimeUnit.SECONDS), "bench --help finished");
    String out = new String(help.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, help.exitValue(), out);
    List<String> lines = out.lines().toList();
    assertTrue(lines.get(0).startsWith("Runs a Gatling simulation"), out);
    assertTrue(lines.stream().noneMatch(l -> l.startsWith("set ") || l.startsWith("#!")), out);

    Matcher option =
        Pattern.compile("^\\s+(--[a-z0-9-]+)\\)", Pattern.MULTILINE)
            .matcher(Files.readString(BENCH));
    int options = 0;
    while (option.find()) {
      options++;
      assertTrue(out.contains(option.group(1)), option.group(1) + " is not in --help: " + out);
    }
    assertTrue(options > 20, "options found in the script: " + options);
  }
}
