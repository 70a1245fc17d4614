package com.verenc.kms.protocol.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** Request of TagResource: adds or replaces tags on a key. */
public record TagResourceRequest(
    @JsonProperty("KeyId") String keyId, @JsonProperty("Tags") List<Tag> tags)
    implements KmsRequest {

  @Override
  public void validate() {
    Constraints c = Constraints.validation();
    KmsMembers.keyId(c, "keyId", keyId, true);
    c.required("tags", tags);
    KmsMembers.tagList(c, tags);
    c.throwIfViolated();
    KmsMembers.checkTags(tags);
  }
}
