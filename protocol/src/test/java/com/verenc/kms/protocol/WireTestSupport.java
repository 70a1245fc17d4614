package com.verenc.kms.protocol;

import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.verenc.kms.protocol.model.KmsRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Builds request bodies and runs them through an AWS-dialect codec. */
final class WireTestSupport {

    static final ObjectMapper JSON = new ObjectMapper();
    static final WireCodec AWS = new WireCodec(Dialect.AWS);
    static final WireCodec SEED = new WireCodec(Dialect.SEED);

    private WireTestSupport() {
    }

    static ObjectNode body() {
        return JSON.createObjectNode();
    }

    static String a(int length) {
        return "a".repeat(length);
    }

    static String b64(int length) {
        return Base64.getEncoder().encodeToString(new byte[length]);
    }

    static KmsRequest read(Operation op, ObjectNode body) {
        return AWS.readRequest(op, body.toString().getBytes(StandardCharsets.UTF_8));
    }

    static KmsRequest read(Operation op, String body) {
        return AWS.readRequest(op, body.getBytes(StandardCharsets.UTF_8));
    }

    static KmsException rejected(Operation op, ObjectNode body) {
        return assertThrows(KmsException.class, () -> read(op, body), () -> op + " accepted " + body);
    }

    static KmsException rejected(Operation op, String body) {
        return assertThrows(KmsException.class, () -> read(op, body), () -> op + " accepted " + body);
    }
}
