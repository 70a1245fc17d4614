package com.verenc.kms.ops;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.core.SdkBytes;

/** encrypt, decrypt (files or stdin/stdout, binary-safe; symmetric or RSA) and data-key. */
final class CryptoCommands {
  private CryptoCommands() {}

  /** Bytes from --in FILE, else from standard input. */
  static byte[] read(Path in, InputStream stdin) {
    try {
      return in != null ? Files.readAllBytes(in) : stdin.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot read " + (in != null ? in : "standard input") + ": " + e.getMessage(), e);
    }
  }

  /** Bytes to --out FILE, else to standard output, unchanged. */
  static void write(byte[] bytes, Path out, OutputStream stdout) {
    try {
      if (out != null) {
        Files.write(out, bytes);
      } else {
        stdout.write(bytes);
        stdout.flush();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot write " + (out != null ? out : "standard output") + ": " + e.getMessage(), e);
    }
  }

  @Command(
      name = "encrypt",
      description = "Encrypt up to 4 KiB (file or stdin) under a key; writes the ciphertext blob.")
  static final class Encrypt implements Callable<Integer> {
    @ParentCommand KmsCli cli;

    @Parameters(paramLabel = "KEY")
    String key;

    @Option(names = "--in", description = "Plaintext file (default: standard input).")
    Path in;

    @Option(names = "--out", description = "Ciphertext file (default: standard output).")
    Path out;

    @Option(names = "--context", description = "Encryption context entry key=value; repeatable.")
    Map<String, String> context = new LinkedHashMap<>();

    @Option(
        names = "--algorithm",
        paramLabel = "ALG",
        description =
            "EncryptionAlgorithm: SYMMETRIC_DEFAULT (default), RSAES_OAEP_SHA_1, RSAES_OAEP_SHA_256.")
    String algorithm;

    @Override
    public Integer call() {
      byte[] plaintext = read(in, cli.stdin);
      byte[] blob =
          cli.client()
              .encrypt(
                  r ->
                      r.keyId(key)
                          .plaintext(SdkBytes.fromByteArray(plaintext))
                          .encryptionContext(context.isEmpty() ? null : context)
                          .encryptionAlgorithm(algorithm))
              .ciphertextBlob()
              .asByteArray();
      write(blob, out, cli.stdout);
      return 0;
    }
  }

  @Command(
      name = "decrypt",
      description =
          "Decrypt a ciphertext blob (file or stdin); a symmetric blob names its key, an RSA one "
              + "needs --key and --algorithm.")
  static final class Decrypt implements Callable<Integer> {
    @ParentCommand KmsCli cli;

    @Option(
        names = "--key",
        paramLabel = "KEY",
        description = "The key (required for an RSA ciphertext; checked against a symmetric one).")
    String key;

    @Option(names = "--in", description = "Ciphertext file (default: standard input).")
    Path in;

    @Option(names = "--out", description = "Plaintext file (default: standard output).")
    Path out;

    @Option(names = "--context", description = "Encryption context entry key=value; repeatable.")
    Map<String, String> context = new LinkedHashMap<>();

    @Option(
        names = "--algorithm",
        paramLabel = "ALG",
        description =
            "EncryptionAlgorithm: SYMMETRIC_DEFAULT (default), RSAES_OAEP_SHA_1, RSAES_OAEP_SHA_256.")
    String algorithm;

    @Override
    public Integer call() {
      byte[] blob = read(in, cli.stdin);
      byte[] plaintext =
          cli.client()
              .decrypt(
                  r ->
                      r.ciphertextBlob(SdkBytes.fromByteArray(blob))
                          .keyId(key)
                          .encryptionContext(context.isEmpty() ? null : context)
                          .encryptionAlgorithm(algorithm))
              .plaintext()
              .asByteArray();
      write(plaintext, out, cli.stdout);
      return 0;
    }
  }

  @Command(
      name = "data-key",
      description = "Generate a data key (AES-256): plaintext and encrypted copy, base64.")
  static final class DataKey implements Callable<Integer> {
    @ParentCommand KmsCli cli;
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "KEY")
    String key;

    @Option(names = "--bytes", description = "Data key length in bytes (default 32).")
    Integer bytes;

    @Override
    public Integer call() {
      var response =
          cli.client()
              .generateDataKey(
                  r -> r.keyId(key).keySpec(bytes == null ? "AES_256" : null).numberOfBytes(bytes));
      Map<String, Object> f = new LinkedHashMap<>();
      f.put("KeyId", response.keyId());
      f.put("Plaintext", Base64.getEncoder().encodeToString(response.plaintext().asByteArray()));
      f.put(
          "CiphertextBlob",
          Base64.getEncoder().encodeToString(response.ciphertextBlob().asByteArray()));
      cli.output(spec.commandLine().getOut()).record(f);
      return 0;
    }
  }
}
