package com.verenc.kms.node.paging;

import com.verenc.kms.protocol.ErrorCode;
import com.verenc.kms.protocol.KmsException;
import java.util.List;
import java.util.function.Function;

/**
 * One page of a list in the AWS style: Limit caps it, the opaque Marker of the previous page (the
 * id of the first item not yet returned) says where it starts.
 */
public record Page<T>(List<T> items, String nextMarker) {

  public boolean truncated() {
    return nextMarker != null;
  }

  /**
   * @throws KmsException InvalidMarkerException when the marker names no item of the list
   */
  public static <T> Page<T> of(List<T> all, int limit, String marker, Function<T, String> idOf) {
    int start = 0;
    if (marker != null) {
      start = -1;
      for (int i = 0; i < all.size(); i++) {
        if (idOf.apply(all.get(i)).equals(marker)) {
          start = i;
          break;
        }
      }
      if (start < 0) {
        throw new KmsException(
            ErrorCode.INVALID_MARKER,
            "The marker is not valid for this list (it may be from another call or the item was removed). "
                + "Repeat the call without Marker.");
      }
    }
    int end = Math.min(all.size(), start + limit);
    String next = end < all.size() ? idOf.apply(all.get(end)) : null;
    return new Page<>(List.copyOf(all.subList(start, end)), next);
  }
}
