package com.verenc.kms.node.audit;

import com.verenc.kms.protocol.model.KeyMetadata;
import java.lang.invoke.LambdaMetafactory;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Reads, from any request or response record of the wire model, the members the audit trail keeps:
 * the keys and alias a request names, the key ARNs its answer gives, its encryption contexts. By
 * member name, so that operations added to the model are covered without a change here; which
 * members of a record type matter is worked out once per type.
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

  /** A member of a record type that the trail reads, named by its role or its member name. */
  private record Member(String name, Function<Object, Object> reader) {}

  /**
   * What a request type holds for the trail, in member order.
   *
   * @param answered the role of the key its answer names as keyId: ReEncrypt answers its
   *     destination key as KeyId and its source key as SourceKeyId
   */
  private record RequestMembers(List<Member> keys, List<Member> contexts, String answered) {}

  /** Of a response type: the members that give a key's ARN, named by member name. */
  private record ResponseMembers(List<Member> keys) {}

  private static final ClassValue<RequestMembers> REQUESTS =
      new ClassValue<>() {
        @Override
        protected RequestMembers computeValue(Class<?> type) {
          Map<String, Method> accessors = accessors(type);
          List<Member> keys = new ArrayList<>();
          accessors.forEach(
              (name, accessor) -> {
                String role = KEY_ROLES.get(name);
                if (role != null) {
                  keys.add(new Member(role, reader(accessor)));
                }
              });
          List<Member> contexts = new ArrayList<>();
          for (String name : CONTEXTS) {
            if (accessors.containsKey(name)) {
              contexts.add(new Member(name, reader(accessors.get(name))));
            }
          }
          String answered =
              accessors.containsKey("destinationKeyId") ? "DestinationKeyId" : "KeyId";
          return new RequestMembers(List.copyOf(keys), List.copyOf(contexts), answered);
        }
      };

  private static final ClassValue<ResponseMembers> RESPONSES =
      new ClassValue<>() {
        @Override
        protected ResponseMembers computeValue(Class<?> type) {
          List<Member> keys = new ArrayList<>();
          accessors(type)
              .forEach(
                  (name, accessor) -> {
                    if (name.equals("keyMetadata")
                        || name.equals("keyId")
                        || name.equals("sourceKeyId")) {
                      keys.add(new Member(name, reader(accessor)));
                    }
                  });
          return new ResponseMembers(List.copyOf(keys));
        }
      };

  private WireMembers() {}

  /**
   * The keys a request named, in the order of its members, each with the ARN its answer gave;
   * {@code response} is null when the request failed.
   */
  static List<AuditedKey> keys(Object request, Object response) {
    RequestMembers members = REQUESTS.get(request.getClass());
    // Each {role, named, arn}; a request names at most a few keys.
    List<String[]> byRole = new ArrayList<>(members.keys().size() + 1);
    for (Member member : members.keys()) {
      if (member.reader().apply(request) instanceof String named) {
        byRole.add(new String[] {member.name(), named, null});
      }
    }
    if (response != null) {
      for (Member member : RESPONSES.get(response.getClass()).keys()) {
        Object value = member.reader().apply(response);
        String arn = null;
        String role = null;
        if (member.name().equals("keyMetadata") && value instanceof KeyMetadata metadata) {
          arn = metadata.arn();
          role = members.answered();
        } else if (value instanceof String named) {
          arn = named;
          role = member.name().equals("keyId") ? members.answered() : "SourceKeyId";
        }
        if (role != null && arn != null) {
          entry(byRole, role)[2] = arn;
        }
      }
    }
    List<AuditedKey> keys = new ArrayList<>(byRole.size());
    for (String[] key : byRole) {
      keys.add(new AuditedKey(key[0], key[1], aliasOf(key[1]), key[2]));
    }
    return keys;
  }

  /** The request's non-empty encryption contexts by member name. */
  static Map<String, Map<String, String>> encryptionContexts(Object request) {
    Map<String, Map<String, String>> contexts = Map.of();
    for (Member member : REQUESTS.get(request.getClass()).contexts()) {
      if (member.reader().apply(request) instanceof Map<?, ?> context && !context.isEmpty()) {
        if (contexts.isEmpty()) {
          contexts = new LinkedHashMap<>();
        }
        Map<String, String> copy = new LinkedHashMap<>();
        context.forEach((k, v) -> copy.put(String.valueOf(k), String.valueOf(v)));
        contexts.put(member.name(), copy);
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

  private static String[] entry(List<String[]> byRole, String role) {
    for (String[] key : byRole) {
      if (key[0].equals(role)) {
        return key;
      }
    }
    String[] key = {role, null, null};
    byRole.add(key);
    return key;
  }

  private static Map<String, Method> accessors(Class<?> type) {
    Map<String, Method> accessors = new LinkedHashMap<>();
    RecordComponent[] components = type.getRecordComponents();
    if (components != null) {
      for (RecordComponent component : components) {
        accessors.put(component.getName(), component.getAccessor());
      }
    }
    return accessors;
  }

  /**
   * Calls a record's accessor through a generated class, as fast as a lambda (reflective calls were
   * a measurable part of the audit trail's cost).
   */
  @SuppressWarnings("unchecked")
  private static Function<Object, Object> reader(Method accessor) {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      MethodHandle getter = lookup.unreflect(accessor);
      MethodType boxed = getter.type().wrap();
      return (Function<Object, Object>)
          LambdaMetafactory.metafactory(
                  lookup,
                  "apply",
                  MethodType.methodType(Function.class),
                  MethodType.methodType(Object.class, Object.class),
                  getter,
                  boxed)
              .getTarget()
              .invokeExact();
    } catch (Throwable e) {
      throw new IllegalStateException("cannot read " + accessor + " for the audit trail", e);
    }
  }
}
