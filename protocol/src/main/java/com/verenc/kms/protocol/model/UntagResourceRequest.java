package com.verenc.kms.protocol.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** Request of UntagResource: removes tags from a key by tag key. */
public record UntagResourceRequest(
    @JsonProperty("KeyId") String keyId, @JsonProperty("TagKeys") List<String> tagKeys)
    implements KmsRequest {

  @Override
  public void validate() {
    Constraints c = Constraints.validation();
    KmsMembers.keyId(c, "keyId", keyId, true);
    c.required("tagKeys", tagKeys)
        .size("tagKeys", tagKeys, 0, KmsMembers.MAX_TAGS)
        .noNullElements("tagKeys", tagKeys);
    c.throwIfViolated();
    KmsMembers.checkTagKeys(tagKeys);
  }
}
