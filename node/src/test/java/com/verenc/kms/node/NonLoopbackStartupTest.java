package com.verenc.kms.node;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import com.verenc.kms.crypto.masterkey.FileMasterKey;
import com.verenc.kms.node.config.InvalidSettingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node bound beyond loopback never invents secrets and never speaks plain HTTP unasked: without a
 * master key file, a credentials file, or TLS (or KMS_ALLOW_PLAINTEXT_HTTP) it refuses to start,
 * saying why, before it binds anything.
 */
class NonLoopbackStartupTest {
  @TempDir Path dir;

  private Map<String, Object> settings(String masterKeyFile) {
    return settings(masterKeyFile, "");
  }

  private Map<String, Object> settings(String masterKeyFile, String credentialsFile) {
    return Map.of(
        "kms.http.host",
        "0.0.0.0",
        "kms.http.port",
        0,
        "kms.remote.port",
        0,
        "kms.remote.host",
        "127.0.0.1",
        "kms.data-dir",
        dir.toString(),
        "kms.master-key-file",
        masterKeyFile,
        "kms.credentials-file",
        credentialsFile);
  }

  @Test
  void refusesToStartWithoutAnExistingMasterKeyFile() {
    InvalidSettingException e =
        assertThrows(
            InvalidSettingException.class,
            () ->
                KmsNode.start(
                    ConfigFactory.parseMap(settings(dir.resolve("missing.key").toString())),
                    Clock.systemUTC()));
    assertTrue(e.getMessage().contains("KMS_MASTER_KEY_FILE"), e.getMessage());
  }

  @Test
  void refusesToStartWithoutACredentialsFile() {
    Path key = dir.resolve("master.key");
    FileMasterKey.generate().writeTo(key);
    InvalidSettingException e =
        assertThrows(
            InvalidSettingException.class,
            () ->
                KmsNode.start(ConfigFactory.parseMap(settings(key.toString())), Clock.systemUTC()));
    assertTrue(e.getMessage().contains("KMS_CREDENTIALS_FILE"), e.getMessage());
    assertTrue(e.getMessage().contains("loopback"), e.getMessage());
  }

  @Test
  void refusesToStartWithoutTlsUnlessPlaintextIsAllowed() throws Exception {
    Path key = dir.resolve("master.key");
    FileMasterKey.generate().writeTo(key);
    Path credentials = dir.resolve("credentials.json");
    Files.writeString(
        credentials,
        "{\"accounts\":[{\"accountId\":\"111122223333\",\"accessKeys\":[{\"accessKeyId\":"
            + "\"AKIAEXAMPLE\",\"secretAccessKey\":\"example-secret-key-0123456789\"}]}]}");
    InvalidSettingException e =
        assertThrows(
            InvalidSettingException.class,
            () ->
                KmsNode.start(
                    ConfigFactory.parseMap(settings(key.toString(), credentials.toString())),
                    Clock.systemUTC()));
    assertTrue(e.getMessage().contains("KMS_TLS_CERT_FILE"), e.getMessage());
    assertTrue(e.getMessage().contains("KMS_ALLOW_PLAINTEXT_HTTP"), e.getMessage());
  }
}
