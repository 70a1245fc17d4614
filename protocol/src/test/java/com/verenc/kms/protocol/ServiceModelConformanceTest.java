package com.verenc.kms.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.verenc.kms.protocol.ServiceModel.Member;
import com.verenc.kms.protocol.ServiceModel.Shape;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every member of every operation the node serves is validated as the AWS KMS API model says:
 * required members, lengths of strings, blobs and lists, integer ranges, patterns and enums, in
 * lists and nested structures too. The cases come from the model itself, so a member the model
 * constrains and the node does not check fails here. A value that breaks one constraint is refused
 * with AWS's wording ({@code 1 validation error detected: Value ... at 'member' failed to satisfy
 * constraint: ...}); a value at either end of its range is never refused for that member. Where a
 * member's documentation narrows the model's integer range ("it must be between 7 and 30,
 * inclusive", as for PendingWindowInDays), the documented range is the one checked.
 */
class ServiceModelConformanceTest {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final ServiceModel MODEL = ServiceModel.load();

  /** Valid strings of a given length for shapes whose pattern plain letters would break. */
  private static final Map<String, java.util.function.IntFunction<Optional<String>>> SAMPLES =
      Map.of(
          "AliasNameType",
              n -> n < 7 ? Optional.empty() : Optional.of("alias/" + "a".repeat(n - 6)),
          "RegionType", n -> n < 7 ? Optional.empty() : Optional.of("a".repeat(n - 6) + "-b-c-1"));

  /** A value of the right length that breaks the shape's pattern. */
  private static final Map<String, String> PATTERN_BREAKERS =
      Map.of(
          "AliasNameType", "alias/has space",
          "RegionType", "us_west_2",
          "PolicyNameType", "has-dash",
          "PolicyType", "\u0100",
          "MarkerType", "\u0100",
          "XksKeyIdType", "has space");

  /** Members the baseline request of an operation needs beyond the model's required ones. */
  private static final Map<Operation, Consumer<ObjectNode>> EXTRAS =
      Map.of(
          Operation.Decrypt, b -> b.put("CiphertextBlob", b64(10)),
          Operation.ReEncrypt, b -> b.put("CiphertextBlob", b64(10)),
          Operation.GenerateDataKey, b -> b.put("KeySpec", "AES_256"),
          Operation.GenerateDataKeyWithoutPlaintext, b -> b.put("KeySpec", "AES_256"),
          Operation.GenerateRandom, b -> b.put("NumberOfBytes", 32));

  @TestFactory
  Stream<DynamicTest> everyMemberOfEveryOperationIsValidatedAsTheModelSays() {
    List<DynamicTest> tests = new ArrayList<>();
    for (Operation op : Operation.values()) {
      assertTrue(MODEL.hasOperation(op.name()), op + " is not in the AWS model");
      for (Member member : MODEL.inputMembers(op.name())) {
        cases(op, member).forEach(tests::add);
      }
    }
    return tests.stream();
  }

  private static List<DynamicTest> cases(Operation op, Member member) {
    List<DynamicTest> tests = new ArrayList<>();
    String path = member.messageName();
    if (member.required()) {
      tests.add(
          refused(
              op,
              member.name() + " missing",
              b -> b.remove(member.name()),
              "Value null at '" + path + "' failed to satisfy constraint: Member must not be null",
              path));
    }
    for (Case c : valueCases(documented(member), path)) {
      Consumer<ObjectNode> set = b -> b.set(member.name(), c.value());
      String name = member.name() + " " + c.description();
      tests.add(
          c.expected() == null
              ? accepted(op, name, set, path)
              : refused(op, name, set, c.expected(), path));
    }
    return tests;
  }

  private static final java.util.regex.Pattern DOCUMENTED_RANGE =
      java.util.regex.Pattern.compile("must be between (\\d+) and (\\d+), inclusive");

  /** The member's shape with the integer range its documentation gives, where it gives one. */
  private static Shape documented(Member member) {
    Shape s = member.shape();
    java.util.regex.Matcher m = DOCUMENTED_RANGE.matcher(member.documentation());
    if (!s.type().equals("integer") || !m.find()) {
      return s;
    }
    return new Shape(
        s.name(),
        s.type(),
        Optional.of(Long.parseLong(m.group(1))),
        Optional.of(Long.parseLong(m.group(2))),
        s.pattern(),
        s.enumValues(),
        s.listMember(),
        s.members());
  }

  /** A value for a member and the constraint text it must be refused with (null: it must pass). */
  private record Case(String description, JsonNode value, String expected) {}

  private static List<Case> valueCases(Shape shape, String path) {
    List<Case> cases = new ArrayList<>();
    String at = " at '" + path + "' failed to satisfy constraint: Member must ";
    switch (shape.type()) {
      case "string" -> {
        if (!shape.enumValues().isEmpty()) {
          shape.enumValues().forEach(v -> cases.add(new Case("= " + v, JSON.textNode(v), null)));
          cases.add(
              new Case(
                  "not in enum",
                  JSON.textNode("NOT_A_VALUE"),
                  "Value 'NOT_A_VALUE'" + at + "satisfy enum value set: " + shape.enumValues()));
          return cases;
        }
        long min = shape.min().orElse(0L);
        long max = shape.max().orElse(64L);
        sample(shape, (int) Math.max(min, 1))
            .ifPresent(v -> cases.add(new Case("shortest", JSON.textNode(v), null)));
        sample(shape, (int) max)
            .ifPresent(v -> cases.add(new Case("longest", JSON.textNode(v), null)));
        if (min >= 1) {
          cases.add(
              new Case(
                  "too short",
                  JSON.textNode("a".repeat((int) min - 1)),
                  at + "have length greater than or equal to " + min));
        }
        if (shape.max().isPresent()) {
          sample(shape, (int) max + 1)
              .ifPresent(
                  v ->
                      cases.add(
                          new Case(
                              "too long",
                              JSON.textNode(v),
                              at + "have length less than or equal to " + max)));
        }
        shape
            .pattern()
            .ifPresent(
                p ->
                    cases.add(
                        new Case(
                            "breaking the pattern",
                            JSON.textNode(PATTERN_BREAKERS.getOrDefault(shape.name(), "\u0100")),
                            "Value '"
                                + PATTERN_BREAKERS.getOrDefault(shape.name(), "\u0100")
                                + "'"
                                + at
                                + "satisfy regular expression pattern: "
                                + p)));
      }
      case "integer" -> {
        shape
            .min()
            .ifPresent(
                min -> {
                  cases.add(new Case("= min", JSON.numberNode(min.intValue()), null));
                  cases.add(
                      new Case(
                          "below min",
                          JSON.numberNode(min.intValue() - 1),
                          "Value '"
                              + (min - 1)
                              + "'"
                              + at
                              + "have value greater than or equal to "
                              + min));
                });
        shape
            .max()
            .ifPresent(
                max -> {
                  cases.add(new Case("= max", JSON.numberNode(max.intValue()), null));
                  cases.add(
                      new Case(
                          "above max",
                          JSON.numberNode(max.intValue() + 1),
                          "Value '"
                              + (max + 1)
                              + "'"
                              + at
                              + "have value less than or equal to "
                              + max));
                });
      }
      case "blob" -> {
        long min = shape.min().orElse(0L);
        shape
            .max()
            .ifPresent(
                max -> {
                  cases.add(new Case("longest", JSON.textNode(b64(max.intValue())), null));
                  cases.add(
                      new Case(
                          "too long",
                          JSON.textNode(b64(max.intValue() + 1)),
                          at + "have length less than or equal to " + max));
                });
        if (min >= 1) {
          cases.add(new Case("shortest", JSON.textNode(b64((int) min)), null));
          cases.add(
              new Case(
                  "empty", JSON.textNode(""), at + "have length greater than or equal to " + min));
        }
      }
      case "list" -> {
        Shape element = MODEL.shape(shape.listMember().orElseThrow());
        JsonNode one = validValue(element);
        shape
            .max()
            .ifPresent(
                max -> {
                  cases.add(
                      new Case("with " + max + " entries", repeat(one, max.intValue()), null));
                  cases.add(
                      new Case(
                          "with " + (max + 1) + " entries",
                          repeat(one, max.intValue() + 1),
                          at + "have length less than or equal to " + max));
                });
        for (Case c : valueCases(element, path + ".1.member")) {
          ArrayNode list = JSON.arrayNode().add(c.value());
          cases.add(new Case("entry " + c.description(), list, c.expected()));
        }
      }
      case "structure" -> {
        for (Member m : shape.members()) {
          String inner = path + "." + m.messageName();
          for (Case c : valueCases(m.shape(), inner)) {
            ObjectNode value = validStructure(shape);
            value.set(m.name(), c.value());
            cases.add(new Case(m.name() + " " + c.description(), value, c.expected()));
          }
          if (m.required()) {
            ObjectNode value = validStructure(shape);
            value.remove(m.name());
            cases.add(
                new Case(
                    m.name() + " missing",
                    value,
                    "Value null at '"
                        + inner
                        + "' failed to satisfy constraint: Member must not be null"));
          }
        }
      }
      default -> {
        // boolean, map (no constraints in the model) and timestamps: nothing to check.
      }
    }
    return cases;
  }

  private static Optional<String> sample(Shape shape, int length) {
    var special = SAMPLES.get(shape.name());
    return special != null ? special.apply(length) : Optional.of("a".repeat(length));
  }

  private static JsonNode validValue(Shape shape) {
    return switch (shape.type()) {
      case "string" ->
          JSON.textNode(
              shape.enumValues().isEmpty()
                  ? sample(shape, (int) Math.max(shape.min().orElse(1L), 7)).orElseThrow()
                  : shape.enumValues().get(0));
      case "blob" -> JSON.textNode(b64((int) Math.max(shape.min().orElse(1L), 1)));
      case "integer" -> JSON.numberNode(shape.min().orElse(1L).intValue());
      case "structure" -> validStructure(shape);
      case "list" ->
          JSON.arrayNode().add(validValue(MODEL.shape(shape.listMember().orElseThrow())));
      default -> throw new IllegalStateException("no sample for " + shape);
    };
  }

  private static ObjectNode validStructure(Shape shape) {
    ObjectNode value = JSON.objectNode();
    shape.members().stream()
        .filter(Member::required)
        .forEach(m -> value.set(m.name(), validValue(m.shape())));
    return value;
  }

  private static ArrayNode repeat(JsonNode value, int times) {
    ArrayNode list = JSON.arrayNode();
    for (int i = 0; i < times; i++) {
      list.add(value.deepCopy());
    }
    return list;
  }

  private static ObjectNode baseline(Operation op) {
    ObjectNode body = JSON.objectNode();
    for (Member m : MODEL.inputMembers(op.name())) {
      if (m.required()) {
        body.set(m.name(), validValue(m.shape()));
      }
    }
    EXTRAS.getOrDefault(op, b -> {}).accept(body);
    return body;
  }

  private static DynamicTest refused(
      Operation op, String name, Consumer<ObjectNode> change, String constraint, String path) {
    return dynamicTest(
        op + " " + name,
        () -> {
          ObjectNode body = baseline(op);
          change.accept(body);
          KmsException e = WireTestSupport.rejected(op, body.toString());
          // Tag keys and values are TagException at AWS; everything else, the lists included,
          // ValidationException.
          ErrorCode expected =
              constraint.contains(" at 'tags.") || constraint.contains(" at 'tagKeys.")
                  ? ErrorCode.TAG
                  : ErrorCode.VALIDATION;
          assertEquals(expected, e.code(), e.getMessage());
          // An empty value can break a length and a pattern at once: AWS reports both.
          assertTrue(
              e.getMessage().matches("^\\d+ validation errors? detected: .*"), e.getMessage());
          assertTrue(
              e.getMessage().contains(constraint),
              () -> "expected '" + constraint + "' in: " + e.getMessage());
        });
  }

  private static DynamicTest accepted(
      Operation op, String name, Consumer<ObjectNode> change, String path) {
    return dynamicTest(
        op + " " + name,
        () -> {
          ObjectNode body = baseline(op);
          change.accept(body);
          try {
            WireTestSupport.read(op, body.toString());
          } catch (KmsException e) {
            // Rules across members may still refuse the request, but never this member's value.
            assertTrue(
                !e.getMessage().contains("at '" + path) || e.code() == ErrorCode.SERIALIZATION,
                () -> path + " refused: " + e.getMessage());
            assertTrue(e.code() != ErrorCode.SERIALIZATION, () -> path + ": " + e.getMessage());
          }
        });
  }

  private static String b64(int bytes) {
    return Base64.getEncoder()
        .encodeToString("x".repeat(bytes).getBytes(StandardCharsets.US_ASCII));
  }
}
