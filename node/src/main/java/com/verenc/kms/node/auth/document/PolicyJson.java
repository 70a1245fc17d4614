package com.verenc.kms.node.auth.document;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import com.verenc.kms.protocol.ErrorCode;
import com.verenc.kms.protocol.KmsException;
import java.io.IOException;

/**
 * Reads a key policy document into a JSON tree strictly: a member given twice or anything after the
 * document is refused, where a lenient reader would keep the last value (a policy a reader sees as
 * Deny would act as Allow) or ignore the rest. Refusals name the place, never Jackson's own text.
 */
public final class PolicyJson {
  // Duplicates are found here rather than by Jackson's STRICT_DUPLICATE_DETECTION, whose
  // exception does not say which member and where in terms a policy author knows.
  private static final JsonFactory FACTORY = new JsonFactory();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final int MAX_QUOTED = 64;

  private PolicyJson() {}

  /** MalformedPolicyDocumentException naming the problem, as every policy refusal reads. */
  public static KmsException malformed(String why) {
    return new KmsException(
        ErrorCode.MALFORMED_POLICY, "The key policy is malformed: " + why + ".");
  }

  /**
   * @throws com.verenc.kms.protocol.KmsException MalformedPolicyDocumentException naming the
   *     problem
   */
  public static JsonNode read(String document) {
    try (JsonParser parser = FACTORY.createParser(document)) {
      if (parser.nextToken() == null) {
        throw malformed("the policy is empty; give a JSON object");
      }
      JsonNode root = value(parser);
      JsonToken after;
      try {
        after = parser.nextToken();
      } catch (JsonProcessingException e) {
        throw trailing(e.getLocation());
      }
      if (after != null) {
        throw trailing(parser.currentTokenLocation());
      }
      return root;
    } catch (StreamConstraintsException e) {
      throw malformed(
          "the policy nests deeper, or has longer numbers or names, than JSON "
              + "readers accept (at most 1000 levels)");
    } catch (JsonProcessingException e) {
      throw malformed("the policy is not valid JSON" + at(e.getLocation()));
    } catch (IOException e) {
      // A String source has no I/O to fail; this is Jackson's checked signature only.
      throw malformed("the policy is not valid JSON");
    }
  }

  /**
   * How a refusal names a place in the document, e.g. {@code Statement[0].Principal}; the root is
   * "the policy".
   */
  public static String describe(String path) {
    return path.isEmpty() ? "the policy" : path;
  }

  /** The place of a member, e.g. {@code Statement[0].Condition} and "StringEquals". */
  public static String member(String path, String name) {
    return path.isEmpty() ? quotable(name) : path + "." + quotable(name);
  }

  /** The place of a list element, e.g. {@code Statement[0].Action[2]}. */
  public static String element(String path, int index) {
    return path + "[" + index + "]";
  }

  /**
   * A member name as a message may show it: names are the caller's text and also reach the log, so
   * they are cut short and control characters escaped (no forged log lines).
   */
  public static String quotable(String name) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < name.length() && i < MAX_QUOTED; i++) {
      char c = name.charAt(i);
      if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return name.length() > MAX_QUOTED ? out.append("...").toString() : out.toString();
  }

  private static JsonNode value(JsonParser parser) throws IOException {
    switch (parser.currentToken()) {
      case START_OBJECT -> {
        ObjectNode object = NODES.objectNode();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
          String name = parser.currentName();
          if (object.has(name)) {
            throw malformed(
                describe(pathOf(parser.getParsingContext()))
                    + " has the member \""
                    + quotable(name)
                    + "\" twice");
          }
          parser.nextToken();
          object.set(name, value(parser));
        }
        return object;
      }
      case START_ARRAY -> {
        ArrayNode array = NODES.arrayNode();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
          array.add(value(parser));
        }
        return array;
      }
      case VALUE_STRING -> {
        return NODES.textNode(parser.getText());
      }
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
        // Kept as text, not converted: a policy never computes with numbers, and converting
        // 1e9999999999 would fail outside the parser's checks.
        return NODES.rawValueNode(new RawValue(parser.getText()));
      }
      case VALUE_TRUE, VALUE_FALSE -> {
        return NODES.booleanNode(parser.getBooleanValue());
      }
      case VALUE_NULL -> {
        return NODES.nullNode();
      }
      default ->
          throw malformed("the policy is not valid JSON" + at(parser.currentTokenLocation()));
    }
  }

  /**
   * Where the object or array the parser is in sits in the document. Built from the parser's own
   * context, and only for a refusal: most documents need no path at all.
   */
  private static String pathOf(JsonStreamContext container) {
    JsonStreamContext parent = container.getParent();
    if (parent == null || parent.inRoot()) {
      return "";
    }
    String at = pathOf(parent);
    return parent.inArray()
        ? element(at, parent.getCurrentIndex())
        : member(at, parent.getCurrentName());
  }

  private static RuntimeException trailing(JsonLocation location) {
    return malformed(
        "the policy has more content after its JSON object"
            + at(location)
            + "; send exactly one JSON object");
  }

  private static String at(JsonLocation location) {
    if (location == null || location.getLineNr() < 1) {
      return "";
    }
    return " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
  }
}
