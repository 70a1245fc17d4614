package com.verenc.kms.ops;

import static com.verenc.kms.ops.CryptoCommands.read;

import java.io.ByteArrayOutputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.core.SdkBytes;

/**
 * import-key (the whole BYOK exchange) and delete-imported-material, for keys of Origin EXTERNAL.
 */
final class ImportCommands {
  /** Wraps any material, key pairs included: an AES-256 key under RSA-OAEP, then AES-KWP. */
  private static final String WRAPPING_ALGORITHM = "RSA_AES_KEY_WRAP_SHA_256";

  private ImportCommands() {}

  /**
   * CKM_RSA_AES_KEY_WRAP with SHA-256, as a client does it: a fresh AES-256 key wrapped with
   * RSA-OAEP (SHA-256, MGF1-SHA-256) under the wrapping public key, then the material wrapped with
   * that AES key (RFC 5649).
   */
  static byte[] wrap(byte[] wrappingPublicKeyDer, byte[] material) {
    try {
      PublicKey wrapping =
          KeyFactory.getInstance("RSA")
              .generatePublic(new X509EncodedKeySpec(wrappingPublicKeyDer));
      KeyGenerator aes = KeyGenerator.getInstance("AES");
      aes.init(256, new SecureRandom());
      SecretKey ephemeral = aes.generateKey();
      Cipher oaep = Cipher.getInstance("RSA/ECB/OAEPPadding");
      oaep.init(
          Cipher.ENCRYPT_MODE,
          wrapping,
          new OAEPParameterSpec(
              "SHA-256", "MGF1", MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT));
      byte[] wrappedKey = oaep.doFinal(ephemeral.getEncoded());
      Cipher kwp = Cipher.getInstance("AES/KWP/NoPadding");
      kwp.init(Cipher.ENCRYPT_MODE, ephemeral);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      out.writeBytes(wrappedKey);
      out.writeBytes(kwp.doFinal(material));
      return out.toByteArray();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot wrap the key material: " + e.getMessage(), e);
    }
  }

  @Command(
      name = "import-key",
      description =
          "Import your key material into a key created with --origin EXTERNAL: gets the import "
              + "parameters, wraps the material locally (RSA_AES_KEY_WRAP_SHA_256) and imports it.")
  static final class ImportKey implements Callable<Integer> {
    @ParentCommand KmsCli cli;
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "KEY")
    String key;

    @Option(
        names = "--material",
        required = true,
        paramLabel = "FILE",
        description =
            "The key material: 32 bytes for SYMMETRIC_DEFAULT, the HMAC key, or the private key "
                + "as PKCS #8 DER for RSA and ECC keys.")
    java.nio.file.Path material;

    @Option(
        names = "--valid-to",
        paramLabel = "INSTANT",
        description =
            "When the material expires (ISO-8601, e.g. 2027-06-30T00:00:00Z); without it the "
                + "material does not expire.")
    Instant validTo;

    @Option(
        names = "--wrapping-key-spec",
        paramLabel = "SPEC",
        description = "RSA_2048, RSA_3072 or RSA_4096 (default).")
    String wrappingKeySpec = "RSA_4096";

    @Override
    public Integer call() {
      byte[] bytes = read(material, null);
      try {
        var parameters =
            cli.client()
                .getParametersForImport(
                    r ->
                        r.keyId(key)
                            .wrappingAlgorithm(WRAPPING_ALGORITHM)
                            .wrappingKeySpec(wrappingKeySpec));
        byte[] wrapped = wrap(parameters.publicKey().asByteArray(), bytes);
        var response =
            cli.client()
                .importKeyMaterial(
                    r ->
                        r.keyId(key)
                            .importToken(parameters.importToken())
                            .encryptedKeyMaterial(SdkBytes.fromByteArray(wrapped))
                            .expirationModel(
                                validTo == null
                                    ? "KEY_MATERIAL_DOES_NOT_EXPIRE"
                                    : "KEY_MATERIAL_EXPIRES")
                            .validTo(validTo));
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("KeyId", response.keyId());
        f.put("KeyMaterialId", response.keyMaterialId());
        f.put("ValidTo", validTo == null ? "never" : validTo);
        cli.output(spec.commandLine().getOut()).record(f);
        return 0;
      } finally {
        Arrays.fill(bytes, (byte) 0);
      }
    }
  }

  @Command(
      name = "delete-imported-material",
      description =
          "Delete a key's imported material: the key is PendingImport until the same material is "
              + "imported again.")
  static final class DeleteImportedMaterial implements Callable<Integer> {
    @ParentCommand KmsCli cli;
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "KEY")
    String key;

    @Override
    public Integer call() {
      var response = cli.client().deleteImportedKeyMaterial(r -> r.keyId(key));
      Map<String, Object> f = new LinkedHashMap<>();
      f.put("KeyId", response.keyId());
      f.put("KeyMaterialId", response.keyMaterialId());
      cli.output(spec.commandLine().getOut()).record(f);
      return 0;
    }
  }
}
