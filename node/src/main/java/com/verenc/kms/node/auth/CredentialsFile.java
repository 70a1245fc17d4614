package com.verenc.kms.node.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.verenc.kms.node.config.InvalidSettingException;
import com.verenc.kms.node.config.NodeSettings;
import com.verenc.kms.node.quota.Quotas;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reads the accounts of the installation from the credentials file (DESIGN.md, "Running"). */
public final class CredentialsFile {
  public static final String DEV_ACCOUNT = "111122223333";
  public static final String DEV_ACCESS_KEY = "test";
  private static final Logger log = LoggerFactory.getLogger(CredentialsFile.class);

  private CredentialsFile() {}

  /** The configured accounts; on loopback without a file, the dev account (and says so). */
  public static List<Account> load(NodeSettings settings) {
    if (settings.credentialsFile().isPresent()) {
      return parse(settings.credentialsFile().get(), settings.quotas());
    }
    if (!settings.boundToLoopback()) {
      throw new InvalidSettingException(
          "no credentials file: a node bound to "
              + settings.httpHost()
              + " must be given KMS_CREDENTIALS_FILE; dev credentials are only created on loopback.");
    }
    log.warn(
        "No credentials file: created the dev account {} with access key '{}' and secret '{}' "
            + "(loopback only). Set KMS_CREDENTIALS_FILE for anything else.",
        DEV_ACCOUNT,
        DEV_ACCESS_KEY,
        "test");
    return List.of(new Account(DEV_ACCOUNT, Map.of(DEV_ACCESS_KEY, "test")));
  }

  /**
   * @param defaultQuotas what an account's {@code quotas} object overrides
   */
  static List<Account> parse(Path file, Quotas defaultQuotas) {
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(file.toFile());
    } catch (IOException e) {
      throw new InvalidSettingException(
          "credentials file " + file + " cannot be read as JSON: " + e.getMessage());
    }
    JsonNode accounts = root == null ? null : root.get("accounts");
    if (accounts == null || !accounts.isArray() || accounts.isEmpty()) {
      throw new InvalidSettingException(
          "credentials file "
              + file
              + " must hold {\"accounts\":[{\"accountId\":\"111122223333\",\"accessKeys\":[{\"accessKeyId\":\"...\","
              + "\"secretAccessKey\":\"...\"}]}]}");
    }
    List<Account> result = new ArrayList<>();
    Set<String> seenKeys = new HashSet<>();
    for (JsonNode account : accounts) {
      String accountId = account.path("accountId").asText("");
      if (!accountId.matches("\\d{12}")) {
        throw new InvalidSettingException(
            "credentials file " + file + ": accountId must be 12 digits, got '" + accountId + "'");
      }
      Map<String, String> keys = new HashMap<>();
      for (JsonNode key : account.path("accessKeys")) {
        String id = key.path("accessKeyId").asText("");
        String secret = key.path("secretAccessKey").asText("");
        if (id.isEmpty() || secret.isEmpty()) {
          throw new InvalidSettingException(
              "credentials file "
                  + file
                  + ": account "
                  + accountId
                  + " has an access key without accessKeyId or secretAccessKey");
        }
        if (!seenKeys.add(id)) {
          throw new InvalidSettingException(
              "credentials file "
                  + file
                  + ": access key "
                  + id
                  + " is listed twice; an access key belongs to exactly one account");
        }
        keys.put(id, secret);
      }
      if (keys.isEmpty()) {
        throw new InvalidSettingException(
            "credentials file " + file + ": account " + accountId + " has no access keys");
      }
      result.add(
          new Account(
              accountId, Map.copyOf(keys), quotas(account, accountId, defaultQuotas, file)));
    }
    return List.copyOf(result);
  }

  private static Optional<Quotas> quotas(
      JsonNode account, String accountId, Quotas defaults, Path file) {
    JsonNode quotas = account.get("quotas");
    if (quotas == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          defaults.overriddenBy(quotas, "credentials file " + file + ", account " + accountId));
    } catch (IllegalArgumentException e) {
      throw new InvalidSettingException(e.getMessage());
    }
  }
}
