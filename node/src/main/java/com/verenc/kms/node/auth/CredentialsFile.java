package com.verenc.kms.node.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.verenc.kms.node.config.InvalidSettingException;
import com.verenc.kms.node.config.NodeSettings;
import com.verenc.kms.node.quota.Quotas;
import com.verenc.kms.protocol.KmsException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reads the accounts of the installation from the credentials file (DESIGN.md, "Running"). */
public final class CredentialsFile {
  public static final String DEV_ACCOUNT = "111122223333";
  public static final String DEV_ACCESS_KEY = "test";
  private static final Logger log = LoggerFactory.getLogger(CredentialsFile.class);
  private static final Pattern IAM_NAME = Pattern.compile("[\\w+=,.@-]{1,64}");
  private static final String MALFORMED_PREFIX = "The key policy is malformed: ";

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
      Map<String, String> keys =
          accessKeys(account.path("accessKeys"), "account " + accountId, seenKeys, file);
      if (keys.isEmpty()) {
        throw new InvalidSettingException(
            "credentials file " + file + ": account " + accountId + " has no access keys");
      }
      result.add(
          new Account(
              accountId,
              keys,
              quotas(account, accountId, defaultQuotas, file),
              principals(account.path("principals"), accountId, seenKeys, file)));
    }
    return List.copyOf(result);
  }

  private static Map<String, String> accessKeys(
      JsonNode list, String owner, Set<String> seenKeys, Path file) {
    Map<String, String> keys = new HashMap<>();
    for (JsonNode key : list) {
      String id = key.path("accessKeyId").asText("");
      String secret = key.path("secretAccessKey").asText("");
      if (id.isEmpty() || secret.isEmpty()) {
        throw new InvalidSettingException(
            "credentials file "
                + file
                + ": "
                + owner
                + " has an access key without accessKeyId or secretAccessKey");
      }
      if (!seenKeys.add(id)) {
        throw new InvalidSettingException(
            "credentials file "
                + file
                + ": access key "
                + id
                + " is listed twice; an access key belongs to exactly one account or principal");
      }
      keys.put(id, secret);
    }
    return Map.copyOf(keys);
  }

  private static List<IamPrincipal> principals(
      JsonNode list, String accountId, Set<String> seenKeys, Path file) {
    if (list.isMissingNode()) {
      return List.of();
    }
    String where = "credentials file " + file + ", account " + accountId;
    if (!list.isArray()) {
      throw new InvalidSettingException(
          where
              + ": principals must be a list of {\"type\":\"user\"|\"role\",\"name\":\"...\","
              + "\"accessKeys\":[...],\"policies\":[...]}");
    }
    List<IamPrincipal> result = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (JsonNode entry : list) {
      Principal principal = principal(entry, accountId, where);
      String owner = principal.kind().arnWord() + " " + principal.name();
      if (!seen.add(principal.arn())) {
        throw new InvalidSettingException(where + ": " + owner + " is listed twice");
      }
      result.add(
          new IamPrincipal(
              principal,
              accessKeys(entry.path("accessKeys"), where + ", " + owner, seenKeys, file),
              identityPolicy(entry.path("policies"), accountId, where + ", " + owner)));
    }
    return List.copyOf(result);
  }

  private static Principal principal(JsonNode entry, String accountId, String where) {
    String type = entry.path("type").asText("");
    Principal.Kind kind =
        switch (type) {
          case "user" -> Principal.Kind.USER;
          case "role" -> Principal.Kind.ROLE;
          default ->
              throw new InvalidSettingException(
                  where + ": a principal's type must be \"user\" or \"role\", got '" + type + "'");
        };
    String name = entry.path("name").asText("");
    if (!IAM_NAME.matcher(name).matches()) {
      throw new InvalidSettingException(
          where
              + ": a "
              + type
              + "'s name must be 1 to 64 letters, digits or +=,.@_- characters, got '"
              + name
              + "'");
    }
    return new Principal(accountId, kind, name);
  }

  private static IdentityPolicy identityPolicy(JsonNode policies, String accountId, String where) {
    if (policies.isMissingNode()) {
      return IdentityPolicy.NONE;
    }
    if (!policies.isArray()) {
      throw new InvalidSettingException(
          where + ": policies must be a list of IAM policy documents");
    }
    List<JsonNode> documents = new ArrayList<>();
    policies.forEach(documents::add);
    for (int i = 0; i < documents.size(); i++) {
      try {
        IdentityPolicy.parse(List.of(documents.get(i)), accountId);
      } catch (KmsException e) {
        throw new InvalidSettingException(
            where + ", policies[" + i + "]: " + e.getMessage().replace(MALFORMED_PREFIX, ""));
      }
    }
    return IdentityPolicy.parse(documents, accountId);
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
