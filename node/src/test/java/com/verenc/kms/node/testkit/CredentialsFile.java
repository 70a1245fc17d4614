package com.verenc.kms.node.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Builds a kms.credentials-file: accounts with their root access keys, users and roles. */
public final class CredentialsFile {
  private final List<Account> accounts = new ArrayList<>();

  /**
   * The account's root (access key test/test), a role "app" and a user "ops" whose policies allow
   * nothing, so that only a grant lets them act, and a user "admin" allowed every kms: action.
   */
  public static CredentialsFile granteesAndAdmin(String accountId) {
    return new CredentialsFile()
        .account(accountId, "test", "test")
        .principal("role", "app", "app", null)
        .principal("user", "ops", "ops", null)
        .principal(
            "user",
            "admin",
            "admin",
            "{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"kms:*\",\"Resource\":\"*\"}]}");
  }

  /** An account whose root signs with this access key; principals added next belong to it. */
  public CredentialsFile account(String accountId, String accessKeyId, String secret) {
    accounts.add(new Account(accountId, accessKeyId, secret, new ArrayList<>()));
    return this;
  }

  /**
   * A user or role of the last account, signing with access key {@code accessKey} and secret
   * "secret-" + accessKey; without identity policies when {@code policy} is null.
   */
  public CredentialsFile principal(String type, String name, String accessKey, String policy) {
    return principal(type, name, accessKey, "secret-" + accessKey, policy);
  }

  /** A user or role of the last account with its own secret; no policies when it is null. */
  public CredentialsFile principal(
      String type, String name, String accessKey, String secret, String policy) {
    if (accounts.isEmpty()) {
      throw new IllegalStateException("a principal belongs to an account: add one first");
    }
    accounts
        .get(accounts.size() - 1)
        .principals()
        .add(principalJson(type, name, accessKey, secret, policy));
    return this;
  }

  /** The file's JSON. */
  public String json() {
    return "{\"accounts\":["
        + String.join(",", accounts.stream().map(Account::json).toList())
        + "]}";
  }

  /** Writes the JSON to {@code file} and returns it. */
  public Path writeTo(Path file) throws IOException {
    Files.writeString(file, json());
    return file;
  }

  private static String principalJson(
      String type, String name, String accessKey, String secret, String policy) {
    return "{\"type\":\""
        + type
        + "\",\"name\":\""
        + name
        + "\",\"accessKeys\":[{\"accessKeyId\":\""
        + accessKey
        + "\",\"secretAccessKey\":\""
        + secret
        + "\"}]"
        + (policy == null ? "" : ",\"policies\":[" + policy + "]")
        + "}";
  }

  private record Account(
      String accountId, String accessKeyId, String secret, List<String> principals) {
    String json() {
      return "{\"accountId\":\""
          + accountId
          + "\",\"accessKeys\":[{\"accessKeyId\":\""
          + accessKeyId
          + "\",\"secretAccessKey\":\""
          + secret
          + "\"}]"
          + (principals.isEmpty() ? "" : ",\"principals\":[" + String.join(",", principals) + "]")
          + "}";
    }
  }
}
