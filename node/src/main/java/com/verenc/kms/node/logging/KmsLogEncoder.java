package com.verenc.kms.node.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.encoder.EncoderBase;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.event.KeyValuePair;

/**
 * The node's log lines: text with an ISO-8601 UTC timestamp (the default), or one JSON object per
 * line for log shippers when {@code KMS_LOG_FORMAT=json} (or the system property kms.log.format):
 * time, level, logger, thread, message, the MDC (Pekko's source), the event's key/value pairs (the
 * request log's fields, a request id) and the exception. Text lines carry the key/value pairs after
 * the message as key=value.
 */
public final class KmsLogEncoder extends EncoderBase<ILoggingEvent> {
  private static final DateTimeFormatter ISO = DateTimeFormatter.ISO_INSTANT;
  private static final byte[] NONE = new byte[0];

  private final boolean json;

  public KmsLogEncoder() {
    this(format());
  }

  /** Whether the node logs JSON, so that what it prints for people goes through the log too. */
  public static boolean jsonConfigured() {
    return "json".equalsIgnoreCase(format());
  }

  /** An encoder for {@code format} (text or json) whatever the environment says. */
  public KmsLogEncoder(String format) {
    this.json = "json".equalsIgnoreCase(format);
  }

  private static String format() {
    String property = System.getProperty("kms.log.format");
    return property != null ? property : System.getenv().getOrDefault("KMS_LOG_FORMAT", "text");
  }

  @Override
  public byte[] headerBytes() {
    return NONE;
  }

  @Override
  public byte[] footerBytes() {
    return NONE;
  }

  @Override
  public byte[] encode(ILoggingEvent event) {
    String line = json ? json(event) : text(event);
    return line.getBytes(StandardCharsets.UTF_8);
  }

  private static String text(ILoggingEvent event) {
    StringBuilder out = new StringBuilder(160);
    out.append(ISO.format(Instant.ofEpochMilli(event.getTimeStamp())))
        .append(' ')
        .append(String.format(Locale.ROOT, "%-5s", event.getLevel()))
        .append(' ')
        .append(shortLogger(event.getLoggerName()))
        .append(" [")
        .append(event.getMDCPropertyMap().getOrDefault("pekkoSource", ""))
        .append("] - ")
        .append(event.getFormattedMessage());
    List<KeyValuePair> pairs = event.getKeyValuePairs();
    if (pairs != null) {
      for (KeyValuePair pair : pairs) {
        if (pair.value != null) {
          out.append(' ').append(pair.key).append('=');
          textValue(out, String.valueOf(pair.value));
        }
      }
    }
    out.append('\n');
    IThrowableProxy thrown = event.getThrowableProxy();
    if (thrown != null) {
      out.append(ThrowableProxyUtil.asString(thrown)).append('\n');
    }
    return out.toString();
  }

  private static String json(ILoggingEvent event) {
    StringBuilder out = new StringBuilder(256).append('{');
    field(out, "time", ISO.format(Instant.ofEpochMilli(event.getTimeStamp())));
    field(out, "level", event.getLevel().toString());
    field(out, "logger", event.getLoggerName());
    field(out, "thread", event.getThreadName());
    field(out, "message", event.getFormattedMessage());
    for (Map.Entry<String, String> e : new TreeMap<>(event.getMDCPropertyMap()).entrySet()) {
      field(out, e.getKey(), e.getValue());
    }
    List<KeyValuePair> pairs = event.getKeyValuePairs();
    if (pairs != null) {
      for (KeyValuePair pair : pairs) {
        if (pair.value instanceof Number number && Double.isFinite(number.doubleValue())) {
          out.append(',');
          quote(out, pair.key);
          out.append(':').append(number);
        } else if (pair.value != null) {
          field(out, pair.key, String.valueOf(pair.value));
        }
      }
    }
    IThrowableProxy thrown = event.getThrowableProxy();
    if (thrown != null) {
      field(out, "exception", ThrowableProxyUtil.asString(thrown));
    }
    return out.append("}\n").toString();
  }

  private static void field(StringBuilder out, String name, String value) {
    if (out.length() > 1) {
      out.append(',');
    }
    quote(out, name);
    out.append(':');
    quote(out, value == null ? "" : value);
  }

  /**
   * A value as it is when it reads unambiguously (no space, quote, equals sign or control
   * character), else as a JSON string.
   */
  private static void textValue(StringBuilder out, String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c <= ' ' || c == '"' || c == '=' || c == '\\') {
        quote(out, value);
        return;
      }
    }
    if (value.isEmpty()) {
      out.append("\"\"");
    } else {
      out.append(value);
    }
  }

  /** A JSON string: quotes, backslashes and control characters escaped. */
  private static void quote(StringBuilder out, String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  /** a.b.c.ClassName as a.b.c.ClassName up to 36 characters, like logback's %logger{36}. */
  private static String shortLogger(String name) {
    if (name.length() <= 36) {
      return name;
    }
    String[] parts = name.split("\\.");
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < parts.length - 1; i++) {
      out.append(parts[i].charAt(0)).append('.');
    }
    return out.append(parts[parts.length - 1]).toString();
  }
}
