package com.verenc.kms.ops;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Prints results as an aligned table for people or as JSON for scripts (--output json). */
final class Output {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final PrintWriter out;
  private final boolean json;

  Output(PrintWriter out, boolean json) {
    this.out = out;
    this.json = json;
  }

  /** One record: "field value" lines, or a JSON object. */
  void record(Map<String, Object> fields) {
    if (json) {
      Map<String, Object> plain = new LinkedHashMap<>();
      fields.forEach((k, v) -> plain.put(k, v instanceof java.time.Instant ? v.toString() : v));
      print(plain);
      return;
    }
    int width = fields.keySet().stream().mapToInt(String::length).max().orElse(0);
    fields.forEach(
        (k, v) -> out.println(String.format("%-" + width + "s  %s", k, v == null ? "-" : v)));
    out.flush();
  }

  /** Rows under a header, or a JSON array of objects. */
  void table(List<String> columns, List<List<Object>> rows) {
    if (json) {
      print(
          rows.stream()
              .map(
                  row -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    for (int i = 0; i < columns.size(); i++) {
                      m.put(columns.get(i), row.get(i));
                    }
                    return m;
                  })
              .toList());
      return;
    }
    int[] widths = new int[columns.size()];
    for (int i = 0; i < columns.size(); i++) {
      widths[i] = columns.get(i).length();
      for (List<Object> row : rows) {
        widths[i] = Math.max(widths[i], String.valueOf(row.get(i)).length());
      }
    }
    printRow(columns.stream().map(c -> (Object) c).toList(), widths);
    rows.forEach(row -> printRow(row, widths));
    out.flush();
  }

  private void printRow(List<Object> row, int[] widths) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < row.size(); i++) {
      line.append(String.format("%-" + widths[i] + "s", row.get(i)));
      if (i < row.size() - 1) {
        line.append("  ");
      }
    }
    out.println(line.toString().stripTrailing());
  }

  /** A JSON document as it is (for --output json of answers that already are JSON). */
  void json(Object value) {
    print(value);
  }

  private void print(Object value) {
    try {
      out.println(JSON.writeValueAsString(value));
      out.flush();
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
