package com.verenc.kms.protocol.model;

/** The answer of operations whose AWS response has no members; rendered as {@code {}}. */
public record EmptyResponse() implements KmsResponse {

  public static final EmptyResponse INSTANCE = new EmptyResponse();
}
