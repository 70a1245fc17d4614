package com.verenc.kms.node.http;

import com.verenc.kms.protocol.Dialect;
import com.verenc.kms.protocol.ErrorCode;
import com.verenc.kms.protocol.KmsException;
import com.verenc.kms.protocol.WireCodec;
import org.apache.pekko.event.LoggingAdapter;
import org.apache.pekko.http.ParsingErrorHandler;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.scaladsl.model.ErrorInfo;
import org.apache.pekko.http.scaladsl.model.StatusCode;
import org.apache.pekko.http.scaladsl.settings.ServerSettings;

/**
 * Answers requests Pekko HTTP cannot even parse (broken request line, headers or framing) with a
 * KMS error body instead of Pekko's plain text, so every client sees the same error shape.
 * Installed by {@code pekko.http.server.parsing.error-handler}; Pekko creates it by reflection.
 */
public final class KmsParsingErrorHandler extends ParsingErrorHandler {
  // The two errors used here are spelled the same in both dialects, and this handler is created
  // by Pekko without access to the node's settings.
  private static final WireCodec CODEC = new WireCodec(Dialect.AWS);

  @Override
  public HttpResponse handle(
      StatusCode status, ErrorInfo info, LoggingAdapter log, ServerSettings settings) {
    String requestId = RequestIds.next();
    String summary = printable(info.summary());
    log.info(
        "Unparseable HTTP request {} answered as a client error: {} {}",
        requestId,
        status.intValue(),
        summary);
    KmsException error =
        status.intValue() == 413
            ? new KmsException(
                ErrorCode.REQUEST_TOO_LARGE,
                "The request is larger than this node accepts: "
                    + summary
                    + ". Request id "
                    + requestId
                    + ".")
            : new KmsException(
                ErrorCode.SERIALIZATION,
                "The HTTP request could not be parsed ("
                    + summary
                    + "). Send POST / HTTP/1.1 with Content-Type: "
                    + WireCodec.CONTENT_TYPE
                    + ", an X-Amz-Target "
                    + "header and one JSON body. Request id "
                    + requestId
                    + ".");
    return HttpResponse.create()
        .withStatus(error.code().httpStatus())
        .withEntity(ContentTypes.parse(WireCodec.CONTENT_TYPE), CODEC.writeError(error))
        .addHeader(RawHeader.create("x-amzn-RequestId", requestId));
  }

  /** Parser messages quote the caller's bytes. */
  private static String printable(String text) {
    return text == null ? "malformed request" : ClientText.printable(text, 200);
  }
}
