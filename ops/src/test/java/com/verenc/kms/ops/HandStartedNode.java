package com.verenc.kms.ops;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A node started by hand the way operations.md tells an operator to, from the environment file
 * local-cluster wrote for it ({@code set -a; . <zone>-<n>.env; ops/bin/kms-node}), with some
 * variables changed; closing it kills it.
 */
final class HandStartedNode implements AutoCloseable {
  private final Process process;

  private HandStartedNode(Process process) {
    this.process = process;
  }

  static HandStartedNode start(Path envFile, Map<String, String> changed, Path log)
      throws IOException {
    List<String> command =
        new ArrayList<>(
            List.of(
                "bash",
                "-c",
                "set -a; . \"$1\"; set +a; exec env \"${@:3}\" \"$2\"",
                "bash",
                envFile.toString(),
                LocalClusterScript.ROOT.resolve("ops/bin/kms-node").toString()));
    changed.forEach((name, value) -> command.add(name + "=" + value));
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().put("KMS_CLASSPATH", LocalClusterScript.nodeClasspath());
    return new HandStartedNode(builder.start());
  }

  boolean alive() {
    return process.isAlive();
  }

  @Override
  public void close() {
    List<ProcessHandle> children = process.descendants().toList();
    process.destroy();
    children.forEach(ProcessHandle::destroy);
    try {
      if (process.waitFor(60, TimeUnit.SECONDS)) {
        return;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    process.destroyForcibly();
    children.forEach(ProcessHandle::destroyForcibly);
  }
}
