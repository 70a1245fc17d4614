package com.verenc.kms.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.verenc.kms.protocol.model.AliasListEntry;
import com.verenc.kms.protocol.model.GrantConstraints;
import com.verenc.kms.protocol.model.GrantListEntry;
import com.verenc.kms.protocol.model.KeyLastUsageData;
import com.verenc.kms.protocol.model.KeyListEntry;
import com.verenc.kms.protocol.model.KeyMetadata;
import com.verenc.kms.protocol.model.MultiRegionConfiguration;
import com.verenc.kms.protocol.model.MultiRegionKey;
import com.verenc.kms.protocol.model.RecipientInfo;
import com.verenc.kms.protocol.model.RotationsListEntry;
import com.verenc.kms.protocol.model.Tag;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every wire record maps each component to its AWS member name, lowerCamel in Java. */
class RecordNamingTest {

  private static Set<Class<?>> wireRecords() {
    Set<Class<?>> types =
        new LinkedHashSet<>(
            List.of(
                Tag.class,
                KeyListEntry.class,
                AliasListEntry.class,
                RotationsListEntry.class,
                MultiRegionKey.class,
                MultiRegionConfiguration.class,
                RecipientInfo.class,
                KeyLastUsageData.class,
                KeyMetadata.class,
                GrantListEntry.class,
                GrantConstraints.class));
    for (Operation op : Operation.values()) {
      types.add(op.requestType());
      types.add(op.responseType());
    }
    return types;
  }

  /** AWSAccountId -> awsAccountId, KeyId -> keyId. */
  private static String lowerCamel(String wire) {
    int upper = 0;
    while (upper < wire.length() && Character.isUpperCase(wire.charAt(upper))) {
      upper++;
    }
    int lower = upper > 1 && upper < wire.length() ? upper - 1 : Math.max(upper, 1);
    return wire.substring(0, lower).toLowerCase() + wire.substring(lower);
  }

  @Test
  void componentsAreTheLowerCamelFormOfTheWireName() {
    for (Class<?> type : wireRecords()) {
      assertTrue(type.isRecord(), type.getSimpleName());
      for (RecordComponent c : type.getRecordComponents()) {
        // @JsonProperty cannot target a record component; Java copies it to the accessor.
        JsonProperty p = c.getAccessor().getAnnotation(JsonProperty.class);
        assertNotNull(p, type.getSimpleName() + "." + c.getName());
        assertEquals(lowerCamel(p.value()), c.getName(), type.getSimpleName());
      }
    }
  }

  @Test
  void keyMetadataKeepsTheAgreedOrder() {
    List<String> names = new ArrayList<>();
    Arrays.stream(KeyMetadata.class.getRecordComponents()).forEach(c -> names.add(c.getName()));
    assertEquals(
        List.of(
            "awsAccountId",
            "keyId",
            "arn",
            "creationDate",
            "enabled",
            "description",
            "keyUsage",
            "keyState",
            "deletionDate",
            "validTo",
            "origin",
            "keyManager",
            "customerMasterKeySpec",
            "keySpec",
            "encryptionAlgorithms",
            "multiRegion",
            "multiRegionConfiguration",
            "pendingDeletionWindowInDays",
            "nextRotationDate",
            "signingAlgorithms",
            "keyAgreementAlgorithms",
            "macAlgorithms",
            "expirationModel",
            "currentKeyMaterialId"),
        names);
  }

  @Test
  void everyOperationReadsAnEmptyBodyOrNamesWhatIsMissing() {
    for (Operation op : Operation.values()) {
      try {
        assertEquals(
            op.requestType(), WireTestSupport.AWS.readRequest(op, "{}".getBytes()).getClass());
      } catch (KmsException e) {
        assertEquals(ErrorCode.VALIDATION, e.code(), op.name());
        assertTrue(e.getMessage().contains("Value null at '"), op + ": " + e.getMessage());
      }
    }
  }
}
