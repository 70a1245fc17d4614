package com.verenc.kms.protocol;

import static com.verenc.kms.protocol.WireTestSupport.rejected;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.verenc.kms.protocol.model.DescribeKeyRequest;
import com.verenc.kms.protocol.model.ListKeysRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Bodies that are not the JSON an operation expects are a SerializationException that names the
 * member.
 */
class SerializationErrorTest {

  private static KmsException serializationError(Operation op, String body) {
    KmsException e = rejected(op, body);
    assertEquals(ErrorCode.SERIALIZATION, e.code(), e.getMessage());
    // Never leak implementation details to the caller.
    assertFalse(
        e.getMessage()
            .matches("(?s).*(java\\.|com\\.fasterxml|com\\.verenc|Exception|\\[Source).*"),
        e.getMessage());
    return e;
  }

  @Test
  void malformedJsonSaysWhere() {
    KmsException e = serializationError(Operation.DescribeKey, "{\"KeyId\": }");
    assertTrue(e.getMessage().startsWith("Malformed JSON at line 1, column "), e.getMessage());
    KmsException truncated = serializationError(Operation.DescribeKey, "{\"KeyId\": \"k\"");
    assertTrue(
        truncated.getMessage().endsWith("expected close marker for Object"),
        truncated.getMessage());
    serializationError(Operation.DescribeKey, "{\"KeyId\": \"k\"} trailing");
    serializationError(Operation.DescribeKey, "not json");
  }

  @Test
  void parserLimitsAreWordedWithoutNamingTheParser() {
    String deep = "{\"KeyId\":\"k\",\"Future\":" + "[".repeat(1500) + "]".repeat(1500) + "}";
    KmsException e = serializationError(Operation.DescribeKey, deep);
    assertFalse(
        e.getMessage().contains("`") || e.getMessage().contains("StreamReadConstraints"),
        e.getMessage());
    assertTrue(e.getMessage().contains("nesting depth"), e.getMessage());
  }

  @Test
  void bodyMustBeAnObject() {
    assertEquals(
        "The request body must be a JSON object",
        serializationError(Operation.ListKeys, "[]").getMessage());
    serializationError(Operation.ListKeys, "\"KeyId\"");
    serializationError(Operation.ListKeys, "null");
  }

  @Test
  void emptyBodyIsAnEmptyObject() {
    assertEquals(
        new ListKeysRequest(null, null),
        WireTestSupport.AWS.readRequest(Operation.ListKeys, new byte[0]));
    assertEquals(
        new ListKeysRequest(null, null), WireTestSupport.AWS.readRequest(Operation.ListKeys, null));
  }

  @Test
  void invalidBase64NamesTheMember() {
    KmsException e =
        serializationError(Operation.Encrypt, "{\"KeyId\":\"k\",\"Plaintext\":\"not base64!\"}");
    assertTrue(e.getMessage().startsWith("Member 'Plaintext' is not valid base64"), e.getMessage());
    serializationError(Operation.Decrypt, "{\"CiphertextBlob\":\"AAAA AAAA\"}");
    serializationError(Operation.Decrypt, "{\"CiphertextBlob\":\"AA_-\"}");
    serializationError(Operation.Decrypt, "{\"CiphertextBlob\":\"A\"}");
    KmsException number = serializationError(Operation.Decrypt, "{\"CiphertextBlob\":12}");
    assertEquals("Member 'CiphertextBlob' must be a base64-encoded string", number.getMessage());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "ListKeys|{\"Limit\":\"10\"}|Member 'Limit' must be an integer",
        "ListKeys|{\"Limit\":10.5}|Member 'Limit' must be an integer",
        "ListKeys|{\"Limit\":true}|Member 'Limit' must be an integer",
        "ListKeys|{\"Limit\":99999999999}|Member 'Limit' is out of range",
        "ListKeys|{\"Marker\":5}|Member 'Marker' must be a string",
        "DescribeKey|{\"KeyId\":{\"a\":1}}|Member 'KeyId' must be a string",
        "DescribeKey|{\"KeyId\":\"k\",\"GrantTokens\":\"t\"}|Member 'GrantTokens' must be a JSON array",
        "CreateKey|{\"MultiRegion\":\"yes\"}|Member 'MultiRegion' must be a boolean",
        "CreateKey|{\"Tags\":[\"Purpose\"]}|Member 'Tags[0]' must be a JSON object",
        "CreateKey|{\"Tags\":[{\"TagKey\":1,\"TagValue\":\"v\"}]}|Member 'Tags[0].TagKey' must be a string",
        "Encrypt|{\"KeyId\":\"k\",\"Plaintext\":\"AA==\",\"EncryptionContext\":[]}|Member 'EncryptionContext' must be a JSON object",
        "Encrypt|{\"KeyId\":\"k\",\"Plaintext\":\"AA==\",\"EncryptionContext\":{\"a\":1}}|Member 'EncryptionContext.a' must be a string",
      })
  void wrongMemberTypeNamesTheMember(String op, String body, String expectedStart) {
    KmsException e = serializationError(Operation.valueOf(op), body);
    assertTrue(e.getMessage().startsWith(expectedStart), e.getMessage());
  }

  @Test
  void duplicateMembersAreRejected() {
    serializationError(Operation.DescribeKey, "{\"KeyId\":\"a\",\"KeyId\":\"b\"}");
  }

  @Test
  void unknownMembersAreIgnored() {
    assertInstanceOf(
        DescribeKeyRequest.class,
        WireTestSupport.read(
            Operation.DescribeKey, "{\"KeyId\":\"k\",\"SomethingNew\":{\"x\":[1,2]}}"));
  }
}
