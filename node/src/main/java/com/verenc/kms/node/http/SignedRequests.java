package com.verenc.kms.node.http;

import com.verenc.kms.node.auth.SignedRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpRequest;

/**
 * Rebuilds what the client signed from a Pekko HTTP request. Pekko models Content-Type and
 * Content-Length on the entity rather than as headers, so they are put back here.
 */
final class SignedRequests {
  private SignedRequests() {}

  static SignedRequest of(HttpRequest request, ContentType contentType, byte[] body) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (HttpHeader header : request.getHeaders()) {
      headers.computeIfAbsent(header.lowercaseName(), k -> new ArrayList<>()).add(header.value());
    }
    if (!contentType.equals(ContentTypes.NO_CONTENT_TYPE)) {
      headers.put("content-type", List.of(contentType.toString()));
    }
    if (body.length > 0 || request.entity().getContentLengthOption().isPresent()) {
      headers.put("content-length", List.of(Long.toString(body.length)));
    }
    String query = request.getUri().rawQueryString().orElse("");
    return new SignedRequest(
        request.method().value().toUpperCase(Locale.ROOT),
        request.getUri().path(),
        query,
        headers,
        body);
  }
}
