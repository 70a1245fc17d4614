package com.verenc.kms.node.reliability.input;

import java.nio.charset.StandardCharsets;

/**
 * One hostile input as it goes on the wire: the request head, the body written after it, and
 * whether a correct node may accept it (only when the mutation can leave a valid request).
 */
record Probe(String category, String description, byte[] head, byte[] body, boolean mayPass) {

  static Probe raw(String category, String description, String head, byte[] body) {
    return new Probe(
        category, description, head.getBytes(StandardCharsets.ISO_8859_1), body, false);
  }

  Probe acceptable() {
    return new Probe(category, description, head, body, true);
  }

  @Override
  public String toString() {
    String shownBody = new String(body, 0, Math.min(body.length, 160), StandardCharsets.ISO_8859_1);
    return category
        + "/"
        + description
        + " head="
        + new String(head, 0, Math.min(head.length, 600), StandardCharsets.ISO_8859_1)
            .replace("\r\n", "\\r\\n ")
        + " body["
        + body.length
        + "]="
        + shownBody;
  }
}
