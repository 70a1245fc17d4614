package com.verenc.kms.node.api;

import com.verenc.kms.protocol.ErrorCode;
import com.verenc.kms.protocol.KmsException;
import com.verenc.kms.protocol.model.Tag;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The rules tags follow beyond their lengths: no reserved prefix, no duplicate keys. */
final class TagRules {
  private TagRules() {}

  static Map<String, String> toMap(List<Tag> tags) {
    Map<String, String> map = new LinkedHashMap<>();
    if (tags == null) {
      return map;
    }
    for (Tag tag : tags) {
      if (tag.tagKey().startsWith("aws:")) {
        throw new KmsException(
            ErrorCode.TAG, "Tag keys beginning with 'aws:' are reserved: " + tag.tagKey());
      }
      if (map.put(tag.tagKey(), tag.tagValue() == null ? "" : tag.tagValue()) != null) {
        throw new KmsException(
            ErrorCode.TAG, "Tag key '" + tag.tagKey() + "' appears more than once in the request");
      }
    }
    return map;
  }
}
