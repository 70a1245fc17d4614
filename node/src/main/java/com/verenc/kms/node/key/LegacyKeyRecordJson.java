package com.verenc.kms.node.key;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Reads a key record as version 1 of the journal wrote it (one flat record) into the parts the
 * current {@link KeyRecord} has, so old events and snapshots still recover.
 */
final class LegacyKeyRecordJson {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private LegacyKeyRecordJson() {}

  /** The record in its current shape; one already in that shape is returned as it is. */
  static JsonNode nest(JsonNode flat) {
    if (flat == null || !flat.isObject() || flat.has("identity")) {
      return flat;
    }
    ObjectNode identity = NODES.objectNode();
    copy(
        flat,
        identity,
        "accountId",
        "keyId",
        "createdAt",
        "keySpec",
        "keyUsage",
        "origin",
        "keyManager",
        "multiRegion");
    ObjectNode settings = NODES.objectNode();
    copy(flat, settings, "enabled", "description", "tags", "policy");
    ObjectNode materials = NODES.objectNode();
    materials.set("versions", flat.get("materials"));
    ObjectNode rotation = NODES.objectNode();
    rotation.set("enabled", flat.get("rotationEnabled"));
    rotation.set("periodInDays", flat.get("rotationPeriodInDays"));
    rotation.set("anchor", flat.get("rotationAnchor"));
    ObjectNode nested = NODES.objectNode();
    nested.set("identity", identity);
    nested.set("settings", settings);
    nested.set("materials", materials);
    nested.set("rotation", rotation);
    JsonNode deletionDate = flat.get("deletionDate");
    if (deletionDate != null && !deletionDate.isNull()) {
      ObjectNode deletion = NODES.objectNode();
      deletion.set("deletionDate", deletionDate);
      deletion.set("pendingWindowInDays", flat.get("pendingWindowInDays"));
      nested.set("deletion", deletion);
    } else {
      nested.putNull("deletion");
    }
    nested.set("replication", flat.has("replication") ? flat.get("replication") : NODES.nullNode());
    return nested;
  }

  /** Nests the record held in {@code holder}'s {@code key} member, in place. */
  static JsonNode nestKeyOf(JsonNode holder) {
    if (holder instanceof ObjectNode object && object.has("key")) {
      object.set("key", nest(object.get("key")));
    }
    return holder;
  }

  private static void copy(JsonNode from, ObjectNode to, String... fields) {
    for (String field : fields) {
      if (from.has(field)) {
        to.set(field, from.get(field));
      }
    }
  }
}
