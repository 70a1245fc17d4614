package com.verenc.kms.node.http;

import com.verenc.kms.node.api.KmsApi;
import com.verenc.kms.node.async.Failures;
import com.verenc.kms.node.async.SameThread;
import com.verenc.kms.node.audit.AuditDraft;
import com.verenc.kms.node.audit.AuditRecord;
import com.verenc.kms.node.audit.AuditTrail;
import com.verenc.kms.node.auth.Caller;
import com.verenc.kms.node.auth.RequestOrigin;
import com.verenc.kms.node.auth.SigV4Verifier;
import com.verenc.kms.node.logging.RequestLog;
import com.verenc.kms.node.metrics.NodeMetrics;
import com.verenc.kms.protocol.ErrorCode;
import com.verenc.kms.protocol.KmsException;
import com.verenc.kms.protocol.Operation;
import com.verenc.kms.protocol.WireCodec;
import com.verenc.kms.protocol.model.KmsRequest;
import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.apache.pekko.http.javadsl.model.AttributeKeys;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.RemoteAddress;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.scaladsl.model.EntityStreamException;
import org.apache.pekko.http.scaladsl.model.EntityStreamSizeException;
import org.apache.pekko.pattern.AskTimeoutException;
import org.apache.pekko.stream.Materializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TrentService endpoint: {@code POST /} with {@code X-Amz-Target}. Parses, identifies the
 * caller, delegates to {@link KmsApi} and renders; it holds no business rules.
 */
public final class KmsHttpHandler implements Function<HttpRequest, CompletionStage<HttpResponse>> {
  private static final Logger log = LoggerFactory.getLogger(KmsHttpHandler.class);
  private static final ContentType AMZ_JSON = ContentTypes.parse(WireCodec.CONTENT_TYPE);
  private static final int MAX_USER_AGENT_CHARS = 1024;

  private final KmsApi api;
  private final SigV4Verifier verifier;
  private final AuditTrail audit;
  private final RequestLog requestLog;
  private final NodeMetrics metrics;
  private final WireCodec codec;
  private final Materializer materializer;
  private final long maxRequestBytes;
  private final Duration bodyTimeout;
  private final boolean secureTransport;

  public KmsHttpHandler(
      KmsApi api,
      SigV4Verifier verifier,
      AuditTrail audit,
      RequestLog requestLog,
      NodeMetrics metrics,
      WireCodec codec,
      Materializer materializer,
      long maxRequestBytes,
      Duration bodyTimeout,
      boolean secureTransport) {
    this.secureTransport = secureTransport;
    this.api = api;
    this.verifier = verifier;
    this.audit = audit;
    this.requestLog = requestLog;
    this.metrics = metrics;
    this.codec = codec;
    this.materializer = materializer;
    this.maxRequestBytes = maxRequestBytes;
    this.bodyTimeout = bodyTimeout;
  }

  @Override
  public CompletionStage<HttpResponse> apply(HttpRequest request) {
    long start = System.nanoTime();
    String requestId = RequestIds.next();
    String operation = operationName(request);
    RequestOrigin origin = origin(request);
    AuditDraft draft =
        audit.draft(requestId, operation, start, origin.sourceIp(), userAgent(request));
    String[] outcome = {"ok"};
    CompletionStage<HttpResponse> response;
    try {
      response = serve(request, requestId, origin, draft).thenApply(body -> ok(body));
    } catch (RuntimeException e) {
      response = CompletableFuture.failedFuture(e);
    }
    return response
        .exceptionally(
            failure -> {
              KmsException e = toKmsException(Failures.cause(failure), request, requestId);
              outcome[0] = e.code().awsName();
              return error(e);
            })
        .thenCompose(r -> recorded(r, draft, operation, outcome[0], start))
        .thenApply(r -> r.addHeader(RawHeader.create("x-amzn-RequestId", requestId)));
  }

  /**
   * The answer once the request's record is written, and its line in the request log. The record is
   * made only when the audit trail or the request log wants it.
   */
  private CompletionStage<HttpResponse> recorded(
      HttpResponse answer, AuditDraft draft, String operation, String outcome, long start) {
    long end = System.nanoTime();
    metrics.recordRequest(operation, outcome, end - start);
    String errorCode = outcome.equals("ok") ? null : outcome;
    int status = answer.status().intValue();
    if (!audit.recording() && !requestLog.logs(status, errorCode)) {
      return CompletableFuture.completedFuture(answer);
    }
    AuditRecord record = draft.finish(errorCode, end);
    // Answered only once its record is written: a request is never done unrecorded.
    return audit
        .append(record)
        .handle(
            (written, failure) -> {
              if (failure == null) {
                requestLog.answered(record, status);
                return answer;
              }
              KmsException e = unrecorded(record.requestId());
              requestLog.answered(record.answeredWith(e.code().awsName()), e.code().httpStatus());
              return error(e);
            });
  }

  private static KmsException unrecorded(String requestId) {
    return KmsException.internal(
        "The KMS could not record this request in its audit trail, so it is not answered; it "
            + "may be retried. Request id "
            + requestId
            + ".");
  }

  private HttpResponse error(KmsException e) {
    return HttpResponse.create()
        .withStatus(e.code().httpStatus())
        .withEntity(AMZ_JSON, codec.writeError(e));
  }

  /** The client's User-Agent for the audit trail, bounded. */
  private static String userAgent(HttpRequest request) {
    return request
        .getHeader("User-Agent")
        .map(h -> h.value())
        .map(v -> v.length() > MAX_USER_AGENT_CHARS ? v.substring(0, MAX_USER_AGENT_CHARS) : v)
        .orElse(null);
  }

  /** The operation for metrics: only known names, so a client cannot create series at will. */
  private static String operationName(HttpRequest request) {
    try {
      return Operation.fromTarget(
              request.getHeader("X-Amz-Target").map(h -> h.value()).orElse(null))
          .name();
    } catch (KmsException unknown) {
      return "unknown";
    }
  }

  private CompletionStage<byte[]> serve(
      HttpRequest request, String requestId, RequestOrigin origin, AuditDraft draft) {
    if (request.method() != HttpMethods.POST || !request.getUri().path().equals("/")) {
      throw new KmsException(
          ErrorCode.UNKNOWN_OPERATION,
          "Send TrentService requests as POST / with an X-Amz-Target header; got "
              + request.method().value()
              + " "
              + request.getUri().path());
    }
    Operation op =
        Operation.fromTarget(request.getHeader("X-Amz-Target").map(h -> h.value()).orElse(null));
    requireAmzJson(request.entity().getContentType());
    // Oversized bodies are refused from their declared length, before anything is read.
    if (request.entity().getContentLengthOption().orElse(0L) > maxRequestBytes) {
      throw tooLarge();
    }
    return readBody(request)
        .thenCompose(
            strict -> {
              byte[] body = strict.getData().toArray();
              Caller caller =
                  verifier
                      .verify(SignedRequests.of(request, strict.getContentType(), body))
                      .from(origin, draft);
              draft.caller(caller);
              api.admit(caller, op);
              KmsRequest parsed = codec.readRequest(op, body);
              draft.request(parsed);
              return api.handle(op, parsed, caller, requestId);
            })
        .thenApply(
            answer -> {
              draft.response(answer);
              return codec.writeResponse(answer);
            });
  }

  /** Where the request came from, for aws:SourceIp and aws:SecureTransport conditions. */
  private RequestOrigin origin(HttpRequest request) {
    String sourceIp =
        request
            .getAttribute(AttributeKeys.remoteAddress)
            .flatMap(RemoteAddress::getAddress)
            .map(InetAddress::getHostAddress)
            .orElse(null);
    return new RequestOrigin(sourceIp, secureTransport);
  }

  /** TrentService bodies are JSON 1.1 only; anything else would be read under the wrong rules. */
  private static void requireAmzJson(ContentType type) {
    String media = type.mediaType().mainType() + "/" + type.mediaType().subType();
    if (!media.equalsIgnoreCase(WireCodec.CONTENT_TYPE)) {
      throw new KmsException(
          ErrorCode.SERIALIZATION,
          "Send TrentService requests with Content-Type: "
              + WireCodec.CONTENT_TYPE
              + "; got "
              + (type.equals(ContentTypes.NO_CONTENT_TYPE) ? "none" : "'" + printable(media) + "'")
              + ".");
    }
  }

  /**
   * The whole body, or a client error: a body that breaks its framing (bad chunks, the connection
   * ending early) or stops arriving is the caller's fault, never the node's.
   */
  private CompletionStage<HttpEntity.Strict> readBody(HttpRequest request) {
    CompletableFuture<HttpEntity.Strict> body = new CompletableFuture<>();
    request
        .entity()
        .withSizeLimit(maxRequestBytes)
        .toStrict(bodyTimeout.toMillis(), materializer)
        // On the completing thread: Pekko's stages would otherwise run this on a new thread (see
        // SameThread).
        .whenCompleteAsync(
            (strict, failure) -> {
              if (failure == null) {
                body.complete(strict);
              } else {
                body.completeExceptionally(unreadableBody(Failures.cause(failure)));
              }
            },
            SameThread.EXECUTOR);
    return body;
  }

  private KmsException unreadableBody(Throwable failure) {
    if (failure instanceof EntityStreamSizeException) {
      return tooLarge();
    }
    if (failure instanceof TimeoutException) {
      return new KmsException(
          ErrorCode.SERIALIZATION,
          "The request body did not arrive in full within "
              + bodyTimeout.toMillis()
              + " ms: send as many bytes as Content-Length announces, or end a "
              + "chunked body with its last (empty) chunk.");
    }
    String why =
        failure instanceof EntityStreamException e ? ": " + printable(e.info().summary()) : "";
    return new KmsException(
        ErrorCode.SERIALIZATION,
        "The request body could not be read"
            + why
            + ". Send one complete body, framed by Content-Length "
            + "or by chunked transfer encoding.");
  }

  private static String printable(String text) {
    return ClientText.printable(text, 100);
  }

  private KmsException tooLarge() {
    return new KmsException(
        ErrorCode.REQUEST_TOO_LARGE,
        "The request body is larger than the " + maxRequestBytes + " bytes this node accepts.");
  }

  private HttpResponse ok(byte[] body) {
    return HttpResponse.create().withStatus(StatusCodes.OK).withEntity(AMZ_JSON, body);
  }

  private KmsException toKmsException(Throwable t, HttpRequest request, String requestId) {
    if (t instanceof KmsException e) {
      return e;
    }
    if (t instanceof AskTimeoutException || t instanceof TimeoutException) {
      log.atWarn()
          .addKeyValue("requestId", requestId)
          .log(
              "Request {} ({}) timed out inside the node",
              requestId,
              request.getHeader("X-Amz-Target").map(h -> h.value()).orElse("?"));
      return new KmsException(
          ErrorCode.DEPENDENCY_TIMEOUT,
          "The node did not answer in time; the request may be retried. Request id "
              + requestId
              + ".");
    }
    // Unexpected: log it with the request id, but never send internals to the client.
    log.atError()
        .addKeyValue("requestId", requestId)
        .setCause(t)
        .log("Request {} failed unexpectedly", requestId);
    return KmsException.internal(
        "The request failed inside the KMS. Request id " + requestId + ".");
  }
}
