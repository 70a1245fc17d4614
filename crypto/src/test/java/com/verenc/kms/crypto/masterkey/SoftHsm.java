package com.verenc.kms.crypto.masterkey;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * SoftHSM2 tokens for tests, initialised with softhsm2-util in a directory of the test's. Without
 * SoftHSM2 (Debian package softhsm2) a test is skipped on a developer's machine and fails under
 * CI=true: CI must run these.
 *
 * <p>A process reads SOFTHSM2_CONF once, when it first loads the library, and sees only the tokens
 * initialised before: a test gives node processes a directory of their own; tests inside the test
 * JVM share {@link #inThisJvm()}, whose tokens exist before any of them loads the library.
 */
public final class SoftHsm {
  /** A token to initialise: its label and user PIN. */
  public record Token(String label, String pin) {}

  /** The token every test in this JVM may use. */
  public static final Token SHARED = new Token("kms-test", "1234-shared");

  /** A token no test logs in to with its PIN, for wrong PINs (a login holds for the process). */
  public static final Token NEVER_LOGGED_IN = new Token("kms-never-logged-in", "9876-right");

  private static final List<Path> LIBRARIES =
      List.of(
          Path.of("/usr/lib/softhsm/libsofthsm2.so"),
          Path.of("/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so"),
          Path.of("/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so"),
          Path.of("/usr/local/lib/softhsm/libsofthsm2.so"),
          Path.of("/opt/homebrew/lib/softhsm/libsofthsm2.so"));

  private static Path jvmLibrary;

  private SoftHsm() {}

  /** SoftHSM2's PKCS #11 library ($KMS_TEST_SOFTHSM2_LIBRARY, else where packages put it). */
  public static Path library() {
    Optional<Path> library =
        Optional.ofNullable(System.getenv("KMS_TEST_SOFTHSM2_LIBRARY"))
            .map(Path::of)
            .or(() -> LIBRARIES.stream().filter(Files::isRegularFile).findFirst())
            .filter(Files::isRegularFile);
    if (library.isEmpty() || !onPath("softhsm2-util")) {
      unavailable(
          "SoftHSM2 is not installed (libsofthsm2.so and softhsm2-util; Debian: apt-get install "
              + "softhsm2)");
    }
    return library.get();
  }

  /**
   * Writes {@code dir}/softhsm2.conf with its token directory under {@code dir} and initialises
   * {@code tokens} there (SO PIN "so-" + the PIN); returns the file to point SOFTHSM2_CONF at.
   */
  public static Path initialise(Path dir, List<Token> tokens) {
    library();
    try {
      Path tokenDir = Files.createDirectories(dir.resolve("tokens"));
      Path conf = dir.resolve("softhsm2.conf");
      Files.writeString(
          conf,
          "directories.tokendir = "
              + tokenDir.toAbsolutePath()
              + "\nobjectstore.backend = file\nlog.level = ERROR\nslots.removable = false\n",
          StandardCharsets.UTF_8);
      for (Token token : tokens) {
        run(
            conf,
            "softhsm2-util",
            "--init-token",
            "--free",
            "--label",
            token.label(),
            "--pin",
            token.pin(),
            "--so-pin",
            "so-" + token.pin());
      }
      return conf;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The library, with {@link #SHARED} and {@link #NEVER_LOGGED_IN} initialised in the directory of
   * the SOFTHSM2_CONF the build gives the test JVM (target/softhsm2), anew for each JVM.
   */
  public static synchronized Path inThisJvm() {
    if (jvmLibrary == null) {
      String conf = System.getenv("SOFTHSM2_CONF");
      if (conf == null || conf.isBlank()) {
        unavailable("SOFTHSM2_CONF is not set (the build sets it for the test JVM)");
      }
      Path dir = Path.of(conf).toAbsolutePath().getParent();
      deleteRecursively(dir);
      initialise(dir, List.of(SHARED, NEVER_LOGGED_IN));
      jvmLibrary = library();
    }
    return jvmLibrary;
  }

  private static void unavailable(String why) {
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      Assertions.fail(why + " (CI=true: the PKCS #11 tests must run)");
    }
    Assumptions.abort(why);
  }

  private static boolean onPath(String command) {
    String path = System.getenv().getOrDefault("PATH", "");
    return Stream.of(path.split(java.io.File.pathSeparator))
        .filter(p -> !p.isEmpty())
        .anyMatch(p -> Files.isExecutable(Path.of(p, command)));
  }

  private static void run(Path conf, String... command) {
    try {
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
      builder.environment().put("SOFTHSM2_CONF", conf.toString());
      Process p = builder.start();
      String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new AssertionError(String.join(" ", command) + " failed: " + output);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
