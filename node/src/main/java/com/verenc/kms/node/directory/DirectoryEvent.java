package com.verenc.kms.node.directory;

import com.verenc.kms.node.CborSerializable;
import java.time.Instant;

/** What happened to an account's key list and aliases. */
public sealed interface DirectoryEvent extends CborSerializable {

  record KeyRegistered(String keyId) implements DirectoryEvent {}

  record KeyRemoved(String keyId) implements DirectoryEvent {}

  record AliasCreated(String aliasName, String targetKeyId, Instant at) implements DirectoryEvent {}

  record AliasUpdated(String aliasName, String targetKeyId, Instant at) implements DirectoryEvent {}

  record AliasDeleted(String aliasName) implements DirectoryEvent {}
}
