package com.verenc.kms.node.http;

import com.verenc.kms.protocol.Dialect;
import com.verenc.kms.protocol.ErrorCode;
import com.verenc.kms.protocol.KmsException;
import com.verenc.kms.protocol.WireCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.apache.pekko.util.ByteString;

/**
 * The 408 answer, as bytes, to a request head that did not arrive in time. Written below Pekko HTTP
 * (which never saw the head), so it is a whole HTTP/1.1 response of its own.
 */
final class HeadTimeoutAnswer {
  // Spelled the same in both dialects.
  private static final WireCodec CODEC = new WireCodec(Dialect.AWS);
  private static final DateTimeFormatter HTTP_DATE =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ENGLISH);

  private HeadTimeoutAnswer() {}

  static ByteString render(String requestId, Duration headTimeout) {
    byte[] body =
        CODEC.writeError(
            new KmsException(
                ErrorCode.REQUEST_TIMEOUT,
                "The request head (request line and headers) did not arrive within "
                    + headTimeout.toMillis()
                    + " ms; send the whole head at once. Request id "
                    + requestId
                    + "."));
    String head =
        "HTTP/1.1 408 Request Timeout\r\n"
            + "Date: "
            + HTTP_DATE.format(ZonedDateTime.now(ZoneOffset.UTC))
            + "\r\n"
            + "Connection: close\r\n"
            + "Content-Type: "
            + WireCodec.CONTENT_TYPE
            + "\r\n"
            + "Content-Length: "
            + body.length
            + "\r\n"
            + "x-amzn-RequestId: "
            + requestId
            + "\r\n"
            + "\r\n";
    return ByteString.fromString(head, StandardCharsets.US_ASCII)
        .concat(ByteString.fromArrayUnsafe(body));
  }
}
