package com.verenc.kms.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.verenc.kms.protocol.model.KeyMetadata;
import com.verenc.kms.protocol.model.KeyState;
import com.verenc.kms.protocol.model.ReplicateKeyRequest;
import com.verenc.kms.protocol.model.ReplicateKeyResponse;
import com.verenc.kms.protocol.model.Tag;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The ReplicateKey example of the seed page (seeds/002) reads and renders as the page shows. */
class SeedReplicateKeyTest {

  private static final String POLICY =
      "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"Enable IAM User"
          + " Permissions\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::111122223333:root\"},"
          + "\"Action\":\"kms:*\",\"Resource\":\"*\"}]}";

  // Copied from the seed page's ApiExample request body.
  private static final String REQUEST =
      """
            {
              "KeyId": "mrk-1234567890abcdef0",
              "ReplicaRegion": "us-west-2",
              "Description": "Example replica key",
              "Policy": "{\\"Version\\":\\"2012-10-17\\",\\"Statement\\":[{\\"Sid\\":\\"Enable IAM User Permissions\\",\\"Effect\\":\\"Allow\\",\\"Principal\\":{\\"AWS\\":\\"arn:aws:iam::111122223333:root\\"},\\"Action\\":\\"kms:*\\",\\"Resource\\":\\"*\\"}]}",
              "Tags": [
                {
                  "TagKey": "Purpose",
                  "TagValue": "Test"
                }
              ]
            }
            """;

  // Copied from the seed page's ApiTester exampleResponse.
  private static final String RESPONSE =
      """
            {
              "ReplicaKeyMetadata": {
                "AWSAccountId": "111122223333",
                "Arn": "arn:verenc:111122223333:key/mrk-1234567890abcdef0",
                "CreationDate": "2023-12-01T21:15:00Z",
                "Description": "Example replica key",
                "Enabled": true,
                "KeyId": "mrk-1234567890abcdef0",
                "KeyManager": "CUSTOMER",
                "KeyState": "ENABLED",
                "KeyUsage": "ENCRYPT_DECRYPT",
                "MultiRegion": true,
                "MultiRegionConfiguration": {
                  "MultiRegionKeyType": "REPLICA",
                  "PrimaryKey": {
                    "Arn": "arn:verenc:111122223333:key/mrk-1234567890abcdef0",
                    "Region": "us-east-1"
                  },
                  "ReplicaKeys": [
                    {
                      "Arn": "arn:verenc:111122223333:key/mrk-1234567890abcdef0",
                      "Region": "us-west-2"
                    }
                  ]
                }
              },
              "ReplicaPolicy": "{\\"Version\\":\\"2012-10-17\\",\\"Statement\\":[{\\"Sid\\":\\"Enable IAM User Permissions\\",\\"Effect\\":\\"Allow\\",\\"Principal\\":{\\"AWS\\":\\"arn:aws:iam::111122223333:root\\"},\\"Action\\":\\"kms:*\\",\\"Resource\\":\\"*\\"}]}",
              "ReplicaTags": [
                {
                  "TagKey": "Purpose",
                  "TagValue": "Test"
                }
              ]
            }
            """;

  private static final WireCodec SEED = new WireCodec(Dialect.SEED);
  private static final WireCodec AWS = new WireCodec(Dialect.AWS);

  @Test
  void theSeedRequestIsReadAndValid() {
    ReplicateKeyRequest r =
        (ReplicateKeyRequest)
            SEED.readRequest(Operation.ReplicateKey, REQUEST.getBytes(StandardCharsets.UTF_8));
    assertEquals(
        new ReplicateKeyRequest(
            "mrk-1234567890abcdef0",
            "us-west-2",
            POLICY,
            null,
            "Example replica key",
            List.of(new Tag("Purpose", "Test"))),
        r);
  }

  @Test
  void theSeedResponseRoundTripsInTheSeedDialect() throws Exception {
    ReplicateKeyResponse r =
        WireTestSupport.readResponse(
            Dialect.SEED, RESPONSE.getBytes(StandardCharsets.UTF_8), ReplicateKeyResponse.class);
    KeyMetadata m = r.replicaKeyMetadata();
    assertEquals(KeyState.ENABLED, m.keyState());
    assertEquals(Instant.parse("2023-12-01T21:15:00Z"), m.creationDate());
    assertEquals("REPLICA", m.multiRegionConfiguration().multiRegionKeyType());
    assertEquals("us-east-1", m.multiRegionConfiguration().primaryKey().region());
    assertEquals(POLICY, r.replicaPolicy());

    ObjectMapper json = new ObjectMapper();
    JsonNode expected = json.readTree(RESPONSE);
    assertEquals(expected, json.readTree(SEED.writeResponse(r)));
  }

  @Test
  void theSameResponseInTheAwsDialect() {
    ReplicateKeyResponse r =
        WireTestSupport.readResponse(
            Dialect.SEED, RESPONSE.getBytes(StandardCharsets.UTF_8), ReplicateKeyResponse.class);
    String aws = new String(AWS.writeResponse(r), StandardCharsets.UTF_8);
    assertTrue(aws.contains("\"KeyState\":\"Enabled\""), aws);
    assertTrue(aws.contains("\"CreationDate\":1701465300.000,"), aws);
  }
}
