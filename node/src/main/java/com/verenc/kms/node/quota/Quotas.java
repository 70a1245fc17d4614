package com.verenc.kms.node.quota;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.Config;
import java.util.Iterator;
import java.util.Map;

/**
 * An account's quotas: request rates per {@link RequestClass} on each node, and keys and aliases
 * per zone. The installation's defaults come from {@code kms.quotas}; the credentials file may give
 * an account its own. Invalid values are {@link IllegalArgumentException}s that say which.
 */
public record Quotas(
    double cryptographicPerSecond,
    double createKeyPerSecond,
    double managementPerSecond,
    int keysPerZone,
    int aliasesPerZone) {

  /** The credentials file's names for the members, as in {@code "quotas":{"keysPerZone":10}}. */
  private static final String CRYPTOGRAPHIC = "cryptographicRequestsPerSecond";

  private static final String CREATE_KEY = "createKeyRequestsPerSecond";
  private static final String MANAGEMENT = "managementRequestsPerSecond";
  private static final String KEYS = "keysPerZone";
  private static final String ALIASES = "aliasesPerZone";

  public Quotas {
    requirePositive(cryptographicPerSecond, "cryptographic request rate");
    requirePositive(createKeyPerSecond, "CreateKey request rate");
    requirePositive(managementPerSecond, "management request rate");
    requirePositive(keysPerZone, "keys per zone");
    requirePositive(aliasesPerZone, "aliases per zone");
  }

  /** The installation's defaults from the {@code kms.quotas} block. */
  public static Quotas from(Config quotas) {
    return new Quotas(
        quotas.getDouble("cryptographic-requests-per-second"),
        quotas.getDouble("create-key-requests-per-second"),
        quotas.getDouble("management-requests-per-second"),
        quotas.getInt("keys-per-zone"),
        quotas.getInt("aliases-per-zone"));
  }

  public double ratePerSecond(RequestClass requestClass) {
    return switch (requestClass) {
      case CRYPTOGRAPHIC -> cryptographicPerSecond;
      case CREATE_KEY -> createKeyPerSecond;
      case MANAGEMENT -> managementPerSecond;
    };
  }

  /**
   * These quotas with the members an account's {@code quotas} object in the credentials file sets;
   * {@code where} names that account in errors.
   *
   * @throws IllegalArgumentException naming the member that is unknown or not a positive number
   */
  public Quotas overriddenBy(JsonNode overrides, String where) {
    if (!overrides.isObject()) {
      throw new IllegalArgumentException(
          where + ": quotas must be an object such as {\"" + KEYS + "\": 1000}");
    }
    Map<String, Double> values =
        new java.util.HashMap<>(
            Map.of(
                CRYPTOGRAPHIC,
                cryptographicPerSecond,
                CREATE_KEY,
                createKeyPerSecond,
                MANAGEMENT,
                managementPerSecond,
                KEYS,
                (double) keysPerZone,
                ALIASES,
                (double) aliasesPerZone));
    for (Iterator<Map.Entry<String, JsonNode>> it = overrides.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> member = it.next();
      if (!values.containsKey(member.getKey())) {
        throw new IllegalArgumentException(
            where
                + ": unknown quota '"
                + member.getKey()
                + "'; the quotas are "
                + String.join(", ", new java.util.TreeSet<>(values.keySet())));
      }
      JsonNode value = member.getValue();
      boolean whole = member.getKey().equals(KEYS) || member.getKey().equals(ALIASES);
      if (!value.isNumber()
          || (whole && !(value.isIntegralNumber() && value.canConvertToInt()))
          || value.asDouble() <= 0) {
        throw new IllegalArgumentException(
            where
                + ": quota "
                + member.getKey()
                + " must be a positive "
                + (whole ? "integer" : "number")
                + ", got "
                + value);
      }
      values.put(member.getKey(), value.asDouble());
    }
    return new Quotas(
        values.get(CRYPTOGRAPHIC),
        values.get(CREATE_KEY),
        values.get(MANAGEMENT),
        values.get(KEYS).intValue(),
        values.get(ALIASES).intValue());
  }

  private static void requirePositive(double value, String what) {
    if (!(value > 0)) {
      throw new IllegalArgumentException("the " + what + " quota must be positive, got " + value);
    }
  }
}
