package com.verenc.kms.ops;

import static com.verenc.kms.ops.CliNode.json;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.verenc.kms.ops.CliNode.Run;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kms CLI's commands for HMAC, RSA and ECC keys against a real node: create-key --spec/--usage,
 * sign/verify, mac/verify-mac, public-key, data-key-pair, RSA encrypt/decrypt.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KeyTypesCliTest {
  private static final byte[] MESSAGE = "pay 100 CHF to Alice".getBytes(StandardCharsets.UTF_8);

  CliNode cli;
  @TempDir Path dir;

  @BeforeAll
  void start(@TempDir Path data) {
    cli = CliNode.start(data);
  }

  @AfterAll
  void stop() {
    if (cli != null) {
      cli.close();
    }
  }

  private Path file(String name, byte[] bytes) throws Exception {
    return Files.write(dir.resolve(name), bytes);
  }

  @Test
  void createKeyTakesSpecAndUsageAndShowsThem() throws Exception {
    JsonNode symmetric = json(cli.kms("--output", "json", "create-key"));
    assertEquals("SYMMETRIC_DEFAULT", symmetric.get("KeySpec").asText());
    assertEquals("ENCRYPT_DECRYPT", symmetric.get("KeyUsage").asText());

    JsonNode ecc =
        json(
            cli.kms(
                "--output",
                "json",
                "create-key",
                "--spec",
                "ECC_NIST_P256",
                "--usage",
                "SIGN_VERIFY"));
    assertEquals("ECC_NIST_P256", ecc.get("KeySpec").asText());
    assertEquals("SIGN_VERIFY", ecc.get("KeyUsage").asText());
    assertEquals("ECDSA_SHA_256", ecc.get("SigningAlgorithms").get(0).asText(), ecc.toString());

    Run table = cli.kms("create-key", "--spec", "HMAC_256", "--usage", "GENERATE_VERIFY_MAC");
    assertEquals(0, table.exit(), table.err());
    assertTrue(table.out().lines().anyMatch(l -> l.matches("KeySpec\\s+HMAC_256")), table.out());
    assertTrue(
        table.out().lines().anyMatch(l -> l.matches("MacAlgorithms\\s+\\[HMAC_SHA_256]")),
        table.out());

    // The server's refusal of a non-symmetric spec without a usage comes through as it is.
    Run noUsage = cli.kms("create-key", "--spec", "RSA_2048");
    assertEquals(KmsCli.REFUSED, noUsage.exit(), noUsage.out());
    assertTrue(
        noUsage.err().startsWith("kms: ") && noUsage.err().contains("KeyUsage"), noUsage.err());
  }

  @Test
  void signThenVerifyAndATamperedMessageIsNotValid() throws Exception {
    String key = cli.newKey("--spec", "RSA_2048", "--usage", "SIGN_VERIFY");
    Run signed = cli.kms(MESSAGE, "sign", key, "--algorithm", "RSASSA_PSS_SHA_256");
    assertEquals(0, signed.exit(), signed.err());
    assertEquals(256, signed.bytes().length, "an RSA-2048 signature is 256 bytes");
    Path signature = file("message.sig", signed.bytes());
    Path message = file("message.txt", MESSAGE);

    Run valid =
        cli.kms(
            "verify",
            key,
            "--algorithm",
            "RSASSA_PSS_SHA_256",
            "--signature",
            signature.toString(),
            "--in",
            message.toString());
    assertEquals(0, valid.exit(), valid.err());
    assertEquals("signature is valid", valid.out().strip());
    JsonNode answer =
        json(
            cli.kms(
                MESSAGE,
                "--output",
                "json",
                "verify",
                key,
                "--algorithm",
                "RSASSA_PSS_SHA_256",
                "--signature",
                signature.toString()));
    assertTrue(answer.get("SignatureValid").asBoolean(), answer.toString());
    assertEquals("RSASSA_PSS_SHA_256", answer.get("SigningAlgorithm").asText());

    byte[] tampered = MESSAGE.clone();
    tampered[0] ^= 1;
    Run invalid =
        cli.kms(
            tampered,
            "verify",
            key,
            "--algorithm",
            "RSASSA_PSS_SHA_256",
            "--signature",
            signature.toString());
    assertEquals(KmsCli.NOT_VALID, invalid.exit(), invalid.err());
    assertEquals("kms: signature is NOT valid\n", invalid.err());
    assertEquals("", invalid.out());

    // An algorithm the key does not offer is a refusal, not an invalid signature.
    Run wrongAlgorithm =
        cli.kms(
            MESSAGE,
            "verify",
            key,
            "--algorithm",
            "ECDSA_SHA_256",
            "--signature",
            signature.toString());
    assertEquals(KmsCli.REFUSED, wrongAlgorithm.exit(), wrongAlgorithm.err());
    Run missingAlgorithm = cli.kms(MESSAGE, "sign", key);
    assertEquals(2, missingAlgorithm.exit(), missingAlgorithm.err());
  }

  @Test
  void signADigestAndCheckTheSignatureLocallyWithThePublicKey() throws Exception {
    String key = cli.newKey("--spec", "ECC_NIST_P256", "--usage", "SIGN_VERIFY");
    byte[] digest = MessageDigest.getInstance("SHA-256").digest(MESSAGE);
    Path signature = dir.resolve("digest.sig");
    Run signed =
        cli.kms(
            digest,
            "sign",
            key,
            "--algorithm",
            "ECDSA_SHA_256",
            "--digest",
            "--out",
            signature.toString());
    assertEquals(0, signed.exit(), signed.err());
    assertEquals(0, signed.bytes().length, "--out: nothing on standard output");

    Run verified =
        cli.kms(
            digest,
            "verify",
            key,
            "--algorithm",
            "ECDSA_SHA_256",
            "--digest",
            "--signature",
            signature.toString());
    assertEquals(0, verified.exit(), verified.err());
    // The same bytes as a RAW message are another message.
    Run raw =
        cli.kms(
            digest,
            "verify",
            key,
            "--algorithm",
            "ECDSA_SHA_256",
            "--signature",
            signature.toString());
    assertEquals(KmsCli.NOT_VALID, raw.exit(), raw.err());

    Run der = cli.kms("public-key", key, "--der");
    assertEquals(0, der.exit(), der.err());
    PublicKey publicKey =
        KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(der.bytes()));
    Signature ecdsa = Signature.getInstance("SHA256withECDSA");
    ecdsa.initVerify(publicKey);
    ecdsa.update(MESSAGE);
    assertTrue(ecdsa.verify(Files.readAllBytes(signature)), "the KMS's DER ECDSA signature");
  }

  @Test
  void macThenVerifyMacAndATamperedMacIsNotValid() throws Exception {
    String key = cli.newKey("--spec", "HMAC_256", "--usage", "GENERATE_VERIFY_MAC");
    Path message = file("mac-message.txt", MESSAGE);
    Path mac = dir.resolve("message.mac");
    Run computed =
        cli.kms(
            "mac",
            key,
            "--algorithm",
            "HMAC_SHA_256",
            "--in",
            message.toString(),
            "--out",
            mac.toString());
    assertEquals(0, computed.exit(), computed.err());
    assertEquals(32, Files.size(mac));
    Run again = cli.kms(MESSAGE, "mac", key, "--algorithm", "HMAC_SHA_256");
    assertArrayEquals(Files.readAllBytes(mac), again.bytes(), "HMAC is deterministic");

    Run valid =
        cli.kms(MESSAGE, "verify-mac", key, "--algorithm", "HMAC_SHA_256", "--mac", mac.toString());
    assertEquals(0, valid.exit(), valid.err());
    assertEquals("MAC is valid", valid.out().strip());
    JsonNode answer =
        json(
            cli.kms(
                MESSAGE,
                "--output",
                "json",
                "verify-mac",
                key,
                "--algorithm",
                "HMAC_SHA_256",
                "--mac",
                mac.toString()));
    assertTrue(answer.get("MacValid").asBoolean(), answer.toString());

    byte[] tampered = Files.readAllBytes(mac);
    tampered[31] ^= 1;
    Path wrong = file("tampered.mac", tampered);
    Run invalid =
        cli.kms(
            MESSAGE, "verify-mac", key, "--algorithm", "HMAC_SHA_256", "--mac", wrong.toString());
    assertEquals(KmsCli.NOT_VALID, invalid.exit(), invalid.err());
    assertEquals("kms: MAC is NOT valid\n", invalid.err());

    Run otherAlgorithm = cli.kms(MESSAGE, "mac", key, "--algorithm", "HMAC_SHA_512");
    assertEquals(KmsCli.REFUSED, otherAlgorithm.exit());
    assertTrue(
        otherAlgorithm.err().startsWith("kms: InvalidKeyUsageException"), otherAlgorithm.err());
  }

  @Test
  void publicKeyIsPemByDefaultAndDerWithTheOption() throws Exception {
    String key = cli.newKey("--spec", "RSA_3072", "--usage", "SIGN_VERIFY");
    Run pem = cli.kms("public-key", key);
    assertEquals(0, pem.exit(), pem.err());
    String text = new String(pem.bytes(), StandardCharsets.US_ASCII);
    assertTrue(text.startsWith("-----BEGIN PUBLIC KEY-----\n"), text);
    assertTrue(text.endsWith("\n-----END PUBLIC KEY-----\n"), text);
    var body = text.lines().filter(l -> !l.startsWith("-----")).toList();
    assertTrue(body.stream().allMatch(l -> l.length() <= 64), text);
    assertTrue(body.stream().limit(body.size() - 1).allMatch(l -> l.length() == 64), text);
    byte[] decoded = Base64.getDecoder().decode(String.join("", body));
    var rsa =
        (RSAPublicKey)
            KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(decoded));
    assertEquals(3072, rsa.getModulus().bitLength());

    Path out = dir.resolve("public.der");
    Run der = cli.kms("public-key", key, "--der", "--out", out.toString());
    assertEquals(0, der.exit(), der.err());
    assertArrayEquals(decoded, Files.readAllBytes(out));

    Run symmetric = cli.kms("public-key", cli.newKey());
    assertEquals(KmsCli.REFUSED, symmetric.exit());
    assertTrue(symmetric.err().startsWith("kms: UnsupportedOperationException"), symmetric.err());
  }

  @Test
  void dataKeyPairShowsThePublicAndPrivateKeysAndTheEncryptedCopyDecrypts() throws Exception {
    String key = cli.newKey();
    JsonNode pair =
        json(cli.kms("--output", "json", "data-key-pair", key, "--spec", "ECC_NIST_P256"));
    assertTrue(pair.get("KeyId").asText().endsWith(key), pair.toString());
    assertEquals("ECC_NIST_P256", pair.get("KeyPairSpec").asText());
    byte[] publicDer = Base64.getDecoder().decode(pair.get("PublicKey").asText());
    var ec =
        (ECPublicKey)
            KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(publicDer));
    assertEquals(256, ec.getParams().getOrder().bitLength());
    byte[] privateDer = Base64.getDecoder().decode(pair.get("PrivateKeyPlaintext").asText());
    KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(privateDer));
    Run decrypted =
        cli.kms(
            Base64.getDecoder().decode(pair.get("PrivateKeyCiphertextBlob").asText()), "decrypt");
    assertEquals(0, decrypted.exit(), decrypted.err());
    assertArrayEquals(privateDer, decrypted.bytes());

    JsonNode withoutPlaintext =
        json(
            cli.kms(
                "--output",
                "json",
                "data-key-pair",
                key,
                "--spec",
                "RSA_2048",
                "--without-plaintext"));
    assertEquals("RSA_2048", withoutPlaintext.get("KeyPairSpec").asText());
    assertTrue(
        withoutPlaintext.hasNonNull("PrivateKeyCiphertextBlob"), withoutPlaintext.toString());
    assertFalse(withoutPlaintext.has("PrivateKeyPlaintext"), withoutPlaintext.toString());
    KeyFactory.getInstance("RSA")
        .generatePublic(
            new X509EncodedKeySpec(
                Base64.getDecoder().decode(withoutPlaintext.get("PublicKey").asText())));

    Run table = cli.kms("data-key-pair", key, "--spec", "RSA_2048");
    assertTrue(
        table.out().lines().anyMatch(l -> l.startsWith("PrivateKeyPlaintext ")), table.out());
    Run noSpec = cli.kms("data-key-pair", key);
    assertEquals(2, noSpec.exit(), noSpec.err());
  }

  @Test
  void rsaEncryptAndDecryptNeedTheAlgorithmAndDecryptTheKey() throws Exception {
    String key = cli.newKey("--spec", "RSA_2048", "--usage", "ENCRYPT_DECRYPT");
    Run encrypted = cli.kms(MESSAGE, "encrypt", key, "--algorithm", "RSAES_OAEP_SHA_256");
    assertEquals(0, encrypted.exit(), encrypted.err());
    assertEquals(256, encrypted.bytes().length);

    Run decrypted =
        cli.kms(encrypted.bytes(), "decrypt", "--key", key, "--algorithm", "RSAES_OAEP_SHA_256");
    assertEquals(0, decrypted.exit(), decrypted.err());
    assertArrayEquals(MESSAGE, decrypted.bytes());

    Run withoutKey = cli.kms(encrypted.bytes(), "decrypt", "--algorithm", "RSAES_OAEP_SHA_256");
    assertEquals(KmsCli.REFUSED, withoutKey.exit(), "an RSA ciphertext names no key");
    Run otherAlgorithm =
        cli.kms(encrypted.bytes(), "decrypt", "--key", key, "--algorithm", "RSAES_OAEP_SHA_1");
    assertEquals(KmsCli.REFUSED, otherAlgorithm.exit());

    // A symmetric ciphertext with --key: the key is checked against the blob's.
    String symmetric = cli.newKey();
    Run blob = cli.kms(MESSAGE, "encrypt", symmetric);
    assertArrayEquals(MESSAGE, cli.kms(blob.bytes(), "decrypt", "--key", symmetric).bytes());
    Run otherKey = cli.kms(blob.bytes(), "decrypt", "--key", cli.newKey());
    assertEquals(KmsCli.REFUSED, otherKey.exit());
    assertTrue(otherKey.err().startsWith("kms: IncorrectKeyException"), otherKey.err());
  }

  @Test
  void helpListsTheCommandsAndTheExitCodes() {
    Run help = CliNode.run(new byte[0], "--help");
    assertEquals(0, help.exit(), help.err());
    for (String command :
        new String[] {"sign", "verify", "mac", "verify-mac", "public-key", "data-key-pair"}) {
      assertTrue(
          help.out().lines().anyMatch(l -> l.matches("\\s+" + command + "\\s+\\S.*")), command);
    }
    assertTrue(help.out().contains("Exit codes:"), help.out());
    assertTrue(
        help.out().lines().anyMatch(l -> l.matches("\\s+3\\s+verify, verify-mac:.*")), help.out());
  }
}
