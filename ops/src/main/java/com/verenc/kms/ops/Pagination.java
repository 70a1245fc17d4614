package com.verenc.kms.ops;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Walks an AWS-style paged list (Marker in, NextMarker/Truncated out) to its end. */
final class Pagination {
  private Pagination() {}

  /**
   * @param fetch one page, given the marker (null for the first)
   * @param items the page's entries
   * @param nextMarker the marker of the next page, null on the last
   */
  static <P, T> List<T> all(
      Function<String, P> fetch, Function<P, List<T>> items, Function<P, String> nextMarker) {
    List<T> all = new ArrayList<>();
    String marker = null;
    do {
      P page = fetch.apply(marker);
      all.addAll(items.apply(page));
      marker = nextMarker.apply(page);
    } while (marker != null);
    return all;
  }

  /** NextMarker when the page says it is truncated. */
  static String next(Boolean truncated, String nextMarker) {
    return Boolean.TRUE.equals(truncated) ? nextMarker : null;
  }
}
