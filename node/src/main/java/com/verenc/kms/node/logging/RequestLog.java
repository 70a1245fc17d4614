package com.verenc.kms.node.logging;

import com.verenc.kms.node.audit.AuditRecord;
import com.verenc.kms.node.audit.AuditedKey;
import com.verenc.kms.node.config.RequestLogging;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * The request log ({@code kms.request-log}): one line per API request on the logger {@value
 * #LOGGER}, its facts as key/value pairs ({@link KmsLogEncoder} writes them as JSON members or as
 * key=value), made from the same {@link AuditRecord} the audit trail writes.
 */
public final class RequestLog {
  /** The logger's name, for operators who route or silence it in their logging configuration. */
  public static final String LOGGER = "com.verenc.kms.requests";

  private static final Logger log = LoggerFactory.getLogger(LOGGER);
  private static final String THROTTLED = "ThrottlingException";
  private static final String OK = "ok";

  private final RequestLogging logging;

  public RequestLog(RequestLogging logging) {
    this.logging = logging;
  }

  /**
   * Whether a request answered with {@code status} and {@code errorCode} (null: success) gets a
   * line. Asked before any record is made, so a request that is not logged costs only this.
   */
  public boolean logs(int status, String errorCode) {
    return switch (logging) {
      case OFF -> false;
      case ERRORS -> serious(status, errorCode);
      case ALL -> true;
    };
  }

  /** Logs a request answered with {@code status}, if {@link #logs} says it is to be. */
  public void answered(AuditRecord record, int status) {
    String errorCode = record.errorCode();
    if (!logs(status, errorCode)) {
      return;
    }
    boolean serious = serious(status, errorCode);
    if (serious ? !log.isWarnEnabled() : !log.isInfoEnabled()) {
      return;
    }
    LoggingEventBuilder line = serious ? log.atWarn() : log.atInfo();
    line.addKeyValue("requestId", record.requestId())
        .addKeyValue("account", record.account())
        .addKeyValue("principal", record.principalArn())
        .addKeyValue("operation", record.operation());
    for (AuditedKey key : record.keys()) {
      String named = key.arn() != null ? key.arn() : key.requested();
      if (named != null) {
        line.addKeyValue(memberName(key.role()), named);
      }
    }
    line.addKeyValue("outcome", errorCode == null ? OK : errorCode)
        .addKeyValue("status", status)
        .addKeyValue("latencyMs", record.latencyMs())
        .log("API request answered");
  }

  /** Server-side errors and throttling: what an operator is alerted to. */
  private static boolean serious(int status, String errorCode) {
    return status >= 500 || THROTTLED.equals(errorCode);
  }

  /** KeyId as keyId, DestinationKeyId as destinationKeyId: member names as JSON spells them. */
  private static String memberName(String role) {
    return Character.toLowerCase(role.charAt(0)) + role.substring(1);
  }
}
