package com.verenc.kms.protocol;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;

/**
 * Turns Jackson's failures into messages for the caller: which member, what was expected. Jackson's
 * own texts name Java classes and are never passed through.
 */
final class SerializationMessages {

  private SerializationMessages() {}

  static String describe(JacksonException e) {
    if (e instanceof JsonMappingException mapping) {
      return describeMapping(mapping);
    }
    return "Malformed JSON"
        + at(e.getLocation())
        + ": "
        + cleanParserMessage(e.getOriginalMessage());
  }

  private static String describeMapping(JsonMappingException e) {
    String path = path(e);
    if (path.isEmpty()) {
      if (e instanceof WireValueException) {
        return "The request body " + e.getOriginalMessage();
      }
      return "The request body must be a JSON object";
    }
    String member = "Member '" + path + "' ";
    if (e instanceof WireValueException) {
      return member + e.getOriginalMessage();
    }
    if (e.getCause() instanceof InputCoercionException) {
      return member + "is out of range: it must be an integer between -2147483648 and 2147483647";
    }
    if (e.getCause() instanceof JacksonException cause
        && !(cause instanceof JsonMappingException)) {
      return "Malformed JSON"
          + at(cause.getLocation())
          + ": "
          + cleanParserMessage(cause.getOriginalMessage());
    }
    if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
      return member + "must be " + expected(mismatch.getTargetType());
    }
    return member + "has a value of the wrong type";
  }

  /** The member path in wire names, e.g. {@code Tags[0].TagKey}. */
  private static String path(JsonMappingException e) {
    StringBuilder sb = new StringBuilder();
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        if (sb.length() > 0) {
          sb.append('.');
        }
        sb.append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        sb.append('[').append(ref.getIndex()).append(']');
      }
    }
    return sb.toString();
  }

  private static String expected(Class<?> type) {
    if (type == String.class) {
      return "a string";
    }
    if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
      return "an integer";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "a boolean (true or false)";
    }
    if (type == byte[].class) {
      return "a base64-encoded string";
    }
    if (type == Instant.class) {
      return "a timestamp";
    }
    if (Collection.class.isAssignableFrom(type) || type.isArray()) {
      return "a JSON array";
    }
    if (Map.class.isAssignableFrom(type)) {
      return "a JSON object of string values";
    }
    return "a JSON object";
  }

  private static String at(JsonLocation location) {
    if (location == null || location.getLineNr() < 0) {
      return "";
    }
    return " at line " + location.getLineNr() + ", column " + location.getColumnNr();
  }

  /**
   * Jackson appends source snippets ("at [Source: ...]"), which the caller has already, and its
   * limits name the Java setting that holds them ("from `StreamReadConstraints...`"), which means
   * nothing to a caller. Cut with plain string search: the message quotes caller input.
   */
  private static String cleanParserMessage(String message) {
    if (message == null) {
      return "the body is not valid JSON";
    }
    String clean = cutAt(cutAt(message, "(start marker at [Source"), " at [Source");
    int from = clean.indexOf(", from `");
    if (from >= 0) {
      int end = clean.indexOf('`', from + 8);
      clean =
          end < 0 ? clean.substring(0, from) : clean.substring(0, from) + clean.substring(end + 1);
    }
    clean = clean.trim();
    return clean.isEmpty() || clean.contains("`") || clean.contains("com.fasterxml")
        ? "the body is not valid JSON"
        : clean;
  }

  private static String cutAt(String message, String marker) {
    int at = message.indexOf(marker);
    return at < 0 ? message : message.substring(0, at);
  }
}
