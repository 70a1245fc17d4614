package com.verenc.kms.node.masterkey;

import com.fasterxml.jackson.databind.JsonNode;
import com.verenc.kms.node.testkit.ManagementHttp;
import java.net.http.HttpResponse;

/** The master key routes of a node's management port, as JSON. */
final class ManagementCalls {
  private final int port;

  ManagementCalls(int port) {
    this.port = port;
  }

  /** An answer: its status code and body. */
  record Answer(int status, JsonNode body) {}

  JsonNode status() {
    return ManagementHttp.json(ManagementHttp.body(port, "/kms/master-key"));
  }

  JsonNode secrets() {
    return ManagementHttp.json(ManagementHttp.body(port, "/kms/master-key/secrets"));
  }

  Answer rotate() {
    HttpResponse<String> response = ManagementHttp.post(port, "/kms/master-key/rotation");
    return new Answer(response.statusCode(), ManagementHttp.json(response.body()));
  }
}
