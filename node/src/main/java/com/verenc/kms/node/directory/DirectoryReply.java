package com.verenc.kms.node.directory;

import com.verenc.kms.node.CborSerializable;
import com.verenc.kms.protocol.ErrorCode;
import java.util.List;

/** The account directory's answer. */
public sealed interface DirectoryReply extends CborSerializable {

  record Done() implements DirectoryReply {}

  /** The key an alias points to. */
  record Resolved(String keyId) implements DirectoryReply {}

  record KeyPresence(boolean present) implements DirectoryReply {}

  /** The account's own keys in this zone: what its key quota counts. */
  record KeyCount(int customerKeys) implements DirectoryReply {}

  /** One page of key ids; {@code nextMarker} is null on the last page. */
  record KeyPage(List<String> keyIds, String nextMarker) implements DirectoryReply {}

  record AliasPage(List<AliasEntry> aliases, String nextMarker) implements DirectoryReply {}

  record Rejected(ErrorCode code, String message) implements DirectoryReply {}
}
