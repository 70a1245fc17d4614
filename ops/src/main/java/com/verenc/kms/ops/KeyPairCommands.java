package com.verenc.kms.ops;

import static com.verenc.kms.ops.CryptoCommands.write;

import java.nio.charset.StandardCharsets;
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

/** public-key (PEM or DER) of an asymmetric key and data-key-pair. */
final class KeyPairCommands {
  private KeyPairCommands() {}

  /** A DER SubjectPublicKeyInfo as PEM: base64 in 64-character lines between the armor lines. */
  static String pem(byte[] der) {
    return "-----BEGIN PUBLIC KEY-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END PUBLIC KEY-----\n";
  }

  private static String base64(SdkBytes bytes) {
    return bytes == null ? null : Base64.getEncoder().encodeToString(bytes.asByteArray());
  }

  @Command(
      name = "public-key",
      description = "Write the public key of an asymmetric key: PEM, or DER with --der.")
  static final class PublicKey implements Callable<Integer> {
    @ParentCommand KmsCli cli;

    @Parameters(paramLabel = "KEY")
    String key;

    @Option(names = "--der", description = "DER SubjectPublicKeyInfo instead of PEM.")
    boolean der;

    @Option(names = "--out", description = "Public key file (default: standard output).")
    Path out;

    @Override
    public Integer call() {
      byte[] spki = cli.client().getPublicKey(r -> r.keyId(key)).publicKey().asByteArray();
      write(der ? spki : pem(spki).getBytes(StandardCharsets.US_ASCII), out, cli.stdout);
      return 0;
    }
  }

  @Command(
      name = "data-key-pair",
      description =
          "Generate a data key pair: public key (DER), private key encrypted under KEY and in"
              + " plaintext, base64.")
  static final class DataKeyPair implements Callable<Integer> {
    @ParentCommand KmsCli cli;
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "KEY")
    String key;

    @Option(
        names = "--spec",
        required = true,
        paramLabel = "KEYPAIRSPEC",
        description = "KeyPairSpec: RSA_2048, RSA_3072, RSA_4096, ECC_NIST_P256, ... .")
    String keyPairSpec;

    @Option(
        names = "--without-plaintext",
        description = "Only the encrypted private key (GenerateDataKeyPairWithoutPlaintext).")
    boolean withoutPlaintext;

    @Option(names = "--context", description = "Encryption context entry key=value; repeatable.")
    Map<String, String> context = new LinkedHashMap<>();

    @Override
    public Integer call() {
      Map<String, String> encryptionContext = context.isEmpty() ? null : context;
      Map<String, Object> f = new LinkedHashMap<>();
      if (withoutPlaintext) {
        var response =
            cli.client()
                .generateDataKeyPairWithoutPlaintext(
                    r ->
                        r.keyId(key).keyPairSpec(keyPairSpec).encryptionContext(encryptionContext));
        f.put("KeyId", response.keyId());
        f.put("KeyPairSpec", response.keyPairSpecAsString());
        f.put("PublicKey", base64(response.publicKey()));
        f.put("PrivateKeyCiphertextBlob", base64(response.privateKeyCiphertextBlob()));
      } else {
        var response =
            cli.client()
                .generateDataKeyPair(
                    r ->
                        r.keyId(key).keyPairSpec(keyPairSpec).encryptionContext(encryptionContext));
        f.put("KeyId", response.keyId());
        f.put("KeyPairSpec", response.keyPairSpecAsString());
        f.put("PublicKey", base64(response.publicKey()));
        f.put("PrivateKeyCiphertextBlob", base64(response.privateKeyCiphertextBlob()));
        f.put("PrivateKeyPlaintext", base64(response.privateKeyPlaintext()));
      }
      cli.output(spec.commandLine().getOut()).record(f);
      return 0;
    }
  }
}
