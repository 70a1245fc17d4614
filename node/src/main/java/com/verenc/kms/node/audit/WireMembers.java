package com.verenc.kms.node.audit;

import com.verenc.kms.protocol.model.KeyMetadata;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads, from any request or response record of the wire model, the members the audit trail keeps:
 * the keys and alias a request names, the key ARNs its answer gives, its encryption contexts. By
 * member name, so that operations added to the model are covered without a change here.
 */
final class WireMembers {
  /** The request members that name a key or alias, and the role the record gives them. */
  private static final Map<String, String> KEY_ROLES =
      Map.of(
          "keyId", "KeyId",
          "sourceKeyId", "SourceKeyId",
          "destinationKeyId", "DestinationKeyId",
          "targetKeyId", "TargetKeyId",
          "aliasName", "AliasName");

  private static final List<String> CONTEXTS =
      List.of("encryptionContext", "sourceEncryptionContext", "destinationEncryptionContext");

  private static final ClassValue<Map<String, Method>> ACCESSORS =
      new ClassValue<>() {
        @Override
        protected Map<String, Method> computeValue(Class<?> type) {
          Map<String, Method> accessors = new LinkedHashMap<>();
          RecordComponent[] components = type.getRecordComponents();
          if (components != null) {
            for (RecordComponent component : components) {
              accessors.put(component.getName(), component.getAccessor());
            }
          }
          return accessors;
        }
      };

  private WireMembers() {}

  /**
   * The keys a request named, in the order of its members, each with the ARN its answer gave;
   * {@code response} is null when the request failed.
   */
  static List<AuditedKey> keys(Object request, Object response) {
    Map<String, String[]> byRole = new LinkedHashMap<>();
    Map<String, Method> requestMembers = ACCESSORS.get(request.getClass());
    requestMembers.forEach(
        (name, accessor) -> {
          String role = KEY_ROLES.get(name);
          if (role != null && read(accessor, request) instanceof String named) {
            byRole.put(role, new String[] {named, null});
          }
        });
    if (response != null) {
      // ReEncrypt answers its destination key as KeyId and its source key as SourceKeyId.
      String answered =
          requestMembers.containsKey("destinationKeyId") ? "DestinationKeyId" : "KeyId";
      ACCESSORS
          .get(response.getClass())
          .forEach(
              (name, accessor) -> {
                Object value = read(accessor, response);
                String arn = null;
                String role = null;
                if (name.equals("keyMetadata") && value instanceof KeyMetadata metadata) {
                  arn = metadata.arn();
                  role = answered;
                } else if (value instanceof String named) {
                  arn = named;
                  role =
                      switch (name) {
                        case "keyId" -> answered;
                        case "sourceKeyId" -> "SourceKeyId";
                        default -> null;
                      };
                }
                if (role != null && arn != null) {
                  byRole.computeIfAbsent(role, r -> new String[2])[1] = arn;
                }
              });
    }
    List<AuditedKey> keys = new ArrayList<>(byRole.size());
    byRole.forEach(
        (role, named) -> keys.add(new AuditedKey(role, named[0], aliasOf(named[0]), named[1])));
    return keys;
  }

  /** The request's non-empty encryption contexts by member name. */
  static Map<String, Map<String, String>> encryptionContexts(Object request) {
    Map<String, Method> accessors = ACCESSORS.get(request.getClass());
    Map<String, Map<String, String>> contexts = new LinkedHashMap<>();
    for (String name : CONTEXTS) {
      Method accessor = accessors.get(name);
      if (accessor != null && read(accessor, request) instanceof Map<?, ?> context) {
        if (!context.isEmpty()) {
          Map<String, String> copy = new LinkedHashMap<>();
          context.forEach((k, v) -> copy.put(String.valueOf(k), String.valueOf(v)));
          contexts.put(name, copy);
        }
      }
    }
    return contexts;
  }

  /** The alias name ("alias/...") when a key is named by an alias or an alias ARN. */
  static String aliasOf(String named) {
    if (named == null) {
      return null;
    }
    if (named.startsWith("alias/")) {
      return named;
    }
    int at = named.indexOf(":alias/");
    return named.startsWith("arn:") && at > 0 ? named.substring(at + 1) : null;
  }

  private static Object read(Method accessor, Object record) {
    try {
      return accessor.invoke(record);
    } catch (IllegalAccessException | InvocationTargetException e) {
      throw new IllegalStateException("cannot read " + accessor + " for the audit trail", e);
    }
  }
}
