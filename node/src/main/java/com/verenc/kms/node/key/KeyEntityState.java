package com.verenc.kms.node.key;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.verenc.kms.node.CborSerializable;

/** The lifecycle of a key entity in one zone: not created yet, live, or destroyed for good. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = KeyEntityState.Absent.class, name = "absent"),
  @JsonSubTypes.Type(value = KeyEntityState.Live.class, name = "live"),
  @JsonSubTypes.Type(value = KeyEntityState.Destroyed.class, name = "destroyed")
})
public sealed interface KeyEntityState extends CborSerializable {

  /** No key with this id was ever created in this zone. */
  record Absent() implements KeyEntityState {}

  record Live(KeyRecord key) implements KeyEntityState {}

  /** The key was deleted; its secret is erased, so its material cannot come back. */
  record Destroyed(String accountId) implements KeyEntityState {}
}
