package com.verenc.kms.protocol.model;

import java.util.List;

/**
 * A request that may carry grant tokens (GrantTokens), which the server checks before serving it.
 */
public interface WithGrantTokens {

  /** The tokens sent; null when the request has none. */
  List<String> grantTokens();
}
