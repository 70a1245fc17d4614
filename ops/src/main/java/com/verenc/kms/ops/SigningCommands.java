package com.verenc.kms.ops;

import static com.verenc.kms.ops.CryptoCommands.read;
import static com.verenc.kms.ops.CryptoCommands.write;

import java.nio.file.Path;
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
import software.amazon.awssdk.services.kms.model.KmsInvalidMacException;
import software.amazon.awssdk.services.kms.model.KmsInvalidSignatureException;

/** sign and verify with asymmetric keys, mac and verify-mac with HMAC keys (binary-safe). */
final class SigningCommands {
  private SigningCommands() {}

  /** MessageType: DIGEST when the input already is the digest, else RAW (hashed by the KMS). */
  private static String messageType(boolean digest) {
    return digest ? "DIGEST" : "RAW";
  }

  /** "... is valid" as a line, or with --output json the KMS's answer as a record. */
  private static int valid(KmsCli cli, CommandSpec spec, String what, Map<String, Object> answer) {
    if (cli.isJson()) {
      cli.output(spec.commandLine().getOut()).record(answer);
    } else {
      spec.commandLine().getOut().println(what + " is valid");
      spec.commandLine().getOut().flush();
    }
    return 0;
  }

  /** One line on standard error and the NOT_VALID exit code (not REFUSED: the KMS did check). */
  private static int notValid(CommandSpec spec, String what) {
    spec.commandLine().getErr().println("kms: " + what + " is NOT valid");
    spec.commandLine().getErr().flush();
    return KmsCli.NOT_VALID;
  }

  @Command(
      name = "sign",
      description =
          "Sign a message or digest (file or stdin) with an asymmetric key; writes the"
              + " signature.")
  static final class Sign implements Callable<Integer> {
    @ParentCommand KmsCli cli;

    @Parameters(paramLabel = "KEY")
    String key;

    @Option(
        names = "--algorithm",
        required = true,
        paramLabel = "ALG",
        description =
            "SigningAlgorithm: RSASSA_PSS_SHA_256, RSASSA_PKCS1_V1_5_SHA_256, "
                + "ECDSA_SHA_256, ... (the key's SigningAlgorithms).")
    String algorithm;

    @Option(
        names = "--digest",
        description = "The input is the digest of the algorithm's hash (MessageType DIGEST).")
    boolean digest;

    @Option(names = "--in", description = "Message file, up to 4 KiB (default: standard input).")
    Path in;

    @Option(names = "--out", description = "Signature file (default: standard output).")
    Path out;

    @Override
    public Integer call() {
      byte[] message = read(in, cli.stdin);
      byte[] signature =
          cli.client()
              .sign(
                  r ->
                      r.keyId(key)
                          .message(SdkBytes.fromByteArray(message))
                          .messageType(messageType(digest))
                          .signingAlgorithm(algorithm))
              .signature()
              .asByteArray();
      write(signature, out, cli.stdout);
      return 0;
    }
  }

  @Command(
      name = "verify",
      description =
          "Verify a signature of a message or digest (file or stdin); exit code 0 if"
              + " valid, "
              + KmsCli.NOT_VALID
              + " if not.")
  static final class Verify implements Callable<Integer> {
    @ParentCommand KmsCli cli;
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "KEY")
    String key;

    @Option(
        names = "--algorithm",
        required = true,
        paramLabel = "ALG",
        description = "SigningAlgorithm the signature was made with.")
    String algorithm;

    @Option(
        names = "--digest",
        description = "The input is the digest of the algorithm's hash (MessageType DIGEST).")
    boolean digest;

    @Option(
        names = "--signature",
        required = true,
        paramLabel = "FILE",
        description = "Signature file.")
    Path signature;

    @Option(names = "--in", description = "Message file (default: standard input).")
    Path in;

    @Override
    public Integer call() {
      byte[] signed = read(signature, null);
      byte[] message = read(in, cli.stdin);
      try {
        var response =
            cli.client()
                .verify(
                    r ->
                        r.keyId(key)
                            .message(SdkBytes.fromByteArray(message))
                            .messageType(messageType(digest))
                            .signature(SdkBytes.fromByteArray(signed))
                            .signingAlgorithm(algorithm));
        if (!Boolean.TRUE.equals(response.signatureValid())) {
          return notValid(spec, "signature");
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("KeyId", response.keyId());
        answer.put("SignatureValid", response.signatureValid());
        answer.put("SigningAlgorithm", response.signingAlgorithmAsString());
        return valid(cli, spec, "signature", answer);
      } catch (KmsInvalidSignatureException e) {
        return notValid(spec, "signature");
      }
    }
  }

  @Command(
      name = "mac",
      description =
          "Compute the HMAC of a message (file or stdin) with an HMAC key; writes the MAC.")
  static final class Mac implements Callable<Integer> {
    @ParentCommand KmsCli cli;

    @Parameters(paramLabel = "KEY")
    String key;

    @Option(
        names = "--algorithm",
        required = true,
        paramLabel = "ALG",
        description =
            "MacAlgorithm of the key's size: HMAC_SHA_224, HMAC_SHA_256, HMAC_SHA_384, "
                + "HMAC_SHA_512.")
    String algorithm;

    @Option(names = "--in", description = "Message file, up to 4 KiB (default: standard input).")
    Path in;

    @Option(names = "--out", description = "MAC file (default: standard output).")
    Path out;

    @Override
    public Integer call() {
      byte[] message = read(in, cli.stdin);
      byte[] mac =
          cli.client()
              .generateMac(
                  r ->
                      r.keyId(key).message(SdkBytes.fromByteArray(message)).macAlgorithm(algorithm))
              .mac()
              .asByteArray();
      write(mac, out, cli.stdout);
      return 0;
    }
  }

  @Command(
      name = "verify-mac",
      description =
          "Verify the HMAC of a message (file or stdin); exit code 0 if valid, "
              + KmsCli.NOT_VALID
              + " if not.")
  static final class VerifyMac implements Callable<Integer> {
    @ParentCommand KmsCli cli;
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "KEY")
    String key;

    @Option(
        names = "--algorithm",
        required = true,
        paramLabel = "ALG",
        description = "MacAlgorithm the MAC was computed with.")
    String algorithm;

    @Option(names = "--mac", required = true, paramLabel = "FILE", description = "MAC file.")
    Path mac;

    @Option(names = "--in", description = "Message file (default: standard input).")
    Path in;

    @Override
    public Integer call() {
      byte[] expected = read(mac, null);
      byte[] message = read(in, cli.stdin);
      try {
        var response =
            cli.client()
                .verifyMac(
                    r ->
                        r.keyId(key)
                            .message(SdkBytes.fromByteArray(message))
                            .mac(SdkBytes.fromByteArray(expected))
                            .macAlgorithm(algorithm));
        if (!Boolean.TRUE.equals(response.macValid())) {
          return notValid(spec, "MAC");
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("KeyId", response.keyId());
        answer.put("MacValid", response.macValid());
        answer.put("MacAlgorithm", response.macAlgorithmAsString());
        return valid(cli, spec, "MAC", answer);
      } catch (KmsInvalidMacException e) {
        return notValid(spec, "MAC");
      }
    }
  }
}
