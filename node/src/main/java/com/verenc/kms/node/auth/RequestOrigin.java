package com.verenc.kms.node.auth;

/**
 * Where a request arrived from, as policy conditions see it.
 *
 * @param sourceIp the client's address (aws:SourceIp); null when unknown
 * @param secureTransport whether it arrived over TLS (aws:SecureTransport)
 */
public record RequestOrigin(String sourceIp, boolean secureTransport) {
  public static final RequestOrigin UNKNOWN = new RequestOrigin(null, false);
}
