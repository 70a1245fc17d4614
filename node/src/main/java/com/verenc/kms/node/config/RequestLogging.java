package com.verenc.kms.node.config;

import java.util.Locale;

/** Which API requests the request log ({@code kms.request-log}) gives a line. */
public enum RequestLogging {
  /** None. */
  OFF,
  /** Those answered with a server-side error (HTTP 5xx) or throttled, at WARN. */
  ERRORS,
  /** Every one: the above at WARN, the rest (refusals included) at INFO. */
  ALL;

  static RequestLogging parse(String value) {
    try {
      return valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new InvalidSettingException(
          "kms.request-log (KMS_REQUEST_LOG) must be off, errors or all; got '" + value + "'");
    }
  }
}
