package com.verenc.kms.node.grant;

import com.verenc.kms.crypto.RandomBytes;
import com.verenc.kms.protocol.ErrorCode;
import com.verenc.kms.protocol.KmsException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** Grant ids as AWS makes them: 64 lowercase hex digits, random. */
public final class GrantIds {
  private static final Pattern FORM = Pattern.compile("[0-9a-f]{64}");

  private GrantIds() {}

  public static String next() {
    return HexFormat.of().formatHex(RandomBytes.next(32));
  }

  /**
   * Checks that {@code grantId} can name a grant.
   *
   * @throws KmsException InvalidGrantIdException when it cannot
   */
  public static String require(String grantId) {
    if (!FORM.matcher(grantId).matches()) {
      throw new KmsException(
          ErrorCode.INVALID_GRANT_ID,
          "Grant id '"
              + (grantId.length() <= 128 ? grantId : grantId.substring(0, 128) + "...")
              + "' is not valid: a grant id is the 64 hexadecimal digits CreateGrant, ListGrants "
              + "or ListRetirableGrants answered.");
    }
    return grantId;
  }
}
