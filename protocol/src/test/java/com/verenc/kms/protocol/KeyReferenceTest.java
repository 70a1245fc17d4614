package com.verenc.kms.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Keys are named by id, ARN (ours or AWS's), alias name or alias ARN. */
class KeyReferenceTest {

  private static final String UUID = "1234abcd-12ab-34cd-56ef-1234567890ab";
  private static final String MRK = "mrk-1234abcd12ab34cd56ef1234567890ab";

  @Test
  void keyIds() {
    assertEquals(new KeyReference.KeyId(UUID), KeyReference.parse(UUID));
    assertEquals(
        new KeyReference.KeyId(UUID.toUpperCase()), KeyReference.parse(UUID.toUpperCase()));
    assertEquals(new KeyReference.KeyId(MRK), KeyReference.parse(MRK));
    assertTrue(KeyReference.isKeyId(MRK));
    assertFalse(KeyReference.isKeyId("alias/x"));
  }

  @Test
  void keyArns() {
    assertEquals(
        new KeyReference.KeyArn("verenc", null, "111122223333", UUID),
        KeyReference.parse("arn:verenc:111122223333:key/" + UUID));
    assertEquals(
        new KeyReference.KeyArn("aws", "ch-gva-2", "111122223333", MRK),
        KeyReference.parse("arn:aws:kms:ch-gva-2:111122223333:key/" + MRK));
    assertEquals(
        new KeyReference.KeyArn("aws-us-gov", "us-gov-west-1", "111122223333", UUID),
        KeyReference.parse("arn:aws-us-gov:kms:us-gov-west-1:111122223333:key/" + UUID));
  }

  @Test
  void aliases() {
    assertEquals(
        new KeyReference.AliasName("alias/payments"), KeyReference.parse("alias/payments"));
    assertEquals(
        new KeyReference.AliasName("alias/verenc/default"),
        KeyReference.parse("alias/verenc/default"));
    assertEquals(
        new KeyReference.AliasArn("verenc", null, "111122223333", "alias/payments"),
        KeyReference.parse("arn:verenc:111122223333:alias/payments"));
    assertEquals(
        new KeyReference.AliasArn("aws", "us-east-1", "111122223333", "alias/team_a/pay-ments"),
        KeyReference.parse("arn:aws:kms:us-east-1:111122223333:alias/team_a/pay-ments"));
    // The model's alias pattern allows ':'.
    assertEquals(
        new KeyReference.AliasName("alias/app:prod"), KeyReference.parse("alias/app:prod"));
    assertEquals(
        new KeyReference.AliasArn("aws", "ch-gva-2", "111122223333", "alias/app:prod"),
        KeyReference.parse("arn:aws:kms:ch-gva-2:111122223333:alias/app:prod"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "arn:verenc:1111:key/" + UUID,
        "arn:verenc:111122223333:key/not-a-key",
        "arn:verenc:111122223333:secret/x",
        "arn:aws:s3:us-east-1:111122223333:key/" + UUID,
        "arn:aws:kms:111122223333:key/" + UUID,
        "arn:verenc:111122223333:alias/",
        "arn:"
      })
  void malformedArnsSayWhatIsExpected(String arn) {
    KmsException e = assertThrows(KmsException.class, () -> KeyReference.parse(arn));
    assertEquals(ErrorCode.INVALID_ARN, e.code());
    assertTrue(
        e.getMessage().contains(arn)
            && e.getMessage().contains("arn:verenc:<12-digit account>:key/<key-id>"),
        e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "payments",
        "1234abcd",
        "mrk-1234",
        "MRK-1234abcd12ab34cd56ef1234567890ab",
        "alias/",
        "alias/pay ments",
        UUID + "0"
      })
  void otherValuesAreNotFound(String value) {
    KmsException e = assertThrows(KmsException.class, () -> KeyReference.parse(value));
    assertEquals(ErrorCode.NOT_FOUND, e.code());
    assertTrue(e.getMessage().startsWith("Invalid keyId '" + value + "'"), e.getMessage());
  }

  @Test
  void tooLongOrMissingIsAValidationError() {
    assertEquals(
        ErrorCode.VALIDATION,
        assertThrows(KmsException.class, () -> KeyReference.parse("alias/" + "a".repeat(2043)))
            .code());
    assertEquals(
        ErrorCode.NOT_FOUND,
        assertThrows(KmsException.class, () -> KeyReference.parse("b".repeat(2048))).code());
    assertEquals(
        ErrorCode.VALIDATION,
        assertThrows(KmsException.class, () -> KeyReference.parse("")).code());
    assertEquals(
        ErrorCode.VALIDATION,
        assertThrows(KmsException.class, () -> KeyReference.parse(null)).code());
  }

  @Test
  void theSeedDialectBuildsVerencFormArns() {
    Arns seed = Arns.of(Dialect.SEED, "aws", "ch-gva-2");
    assertEquals("arn:verenc:111122223333:key/" + UUID, seed.key("111122223333", UUID));
    assertEquals("arn:verenc:111122223333:key/" + UUID, seed.key("111122223333", UUID, "de-fra-1"));
    assertEquals(
        "arn:verenc:111122223333:alias/payments", seed.alias("111122223333", "alias/payments"));
    assertEquals("arn:verenc:111122223333:alias/payments", seed.alias("111122223333", "payments"));
    assertEquals(
        new KeyReference.AliasArn("verenc", null, "111122223333", "alias/payments"),
        KeyReference.parse(seed.alias("111122223333", "alias/payments")));
    assertEquals(
        new KeyReference.KeyArn("verenc", null, "111122223333", UUID),
        KeyReference.parse(seed.key("111122223333", UUID)));
  }

  @Test
  void theAwsDialectBuildsAwsFormArnsOfItsPartitionAndZone() {
    Arns aws = Arns.of(Dialect.AWS, "aws-cn", "ch-gva-2");
    assertEquals("arn:aws-cn:kms:ch-gva-2:111122223333:key/" + MRK, aws.key("111122223333", MRK));
    assertEquals(
        "arn:aws-cn:kms:de-fra-1:111122223333:key/" + MRK,
        aws.key("111122223333", MRK, "de-fra-1"));
    assertEquals(
        "arn:aws-cn:kms:ch-gva-2:111122223333:alias/payments",
        aws.alias("111122223333", "payments"));
    assertEquals("arn:verenc:111122223333:key/" + UUID, Arns.verencKey("111122223333", UUID));
    assertEquals(
        "arn:aws-cn:kms:ch-gva-2:111122223333:key/" + UUID,
        Arns.of(Dialect.SEED, "aws-cn", "ch-gva-2").awsKey("111122223333", UUID));
  }

  @Test
  void onlyArnsOfTheNodesPartitionAndZoneOrOfVerencFormAreLocal() {
    Arns aws = Arns.of(Dialect.AWS, "aws", "ch-gva-2");
    assertTrue(aws.isLocal("aws", "ch-gva-2"));
    assertTrue(aws.isLocal("verenc", null));
    assertFalse(aws.isLocal("aws", "de-fra-1"));
    assertFalse(aws.isLocal("aws-cn", "ch-gva-2"));
    assertFalse(
        aws.isLocal("verenc", "ch-gva-2"), "arn:verenc:kms:<zone>:... is not the Verenc form");
    assertThrows(IllegalArgumentException.class, () -> Arns.of(Dialect.AWS, "verenc", "ch-gva-2"));
    assertThrows(IllegalArgumentException.class, () -> Arns.of(Dialect.AWS, "AWS", "ch-gva-2"));
  }
}
