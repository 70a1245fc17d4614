package com.verenc.kms.node.grant;

import com.verenc.kms.crypto.Hmac;
import com.verenc.kms.crypto.MacAlgorithm;
import com.verenc.kms.crypto.RandomBytes;
import com.verenc.kms.crypto.masterkey.MasterKey;
import com.verenc.kms.protocol.ErrorCode;
import com.verenc.kms.protocol.KmsException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * Issues and checks grant tokens. A token names its grant (zone, account, key, grant id), carries a
 * random nonce so every CreateGrant answers a new one (as AWS's do), and is authenticated with an
 * HMAC under a secret every node of the installation derives from the master key: a token no node
 * issued, or one changed on the way, is InvalidGrantTokenException. Tokens hold no secret and grant
 * nothing by themselves; the grant in the key's state does.
 */
public final class GrantTokens {
  private static final String PURPOSE = "verenc-kms grant tokens v1";
  private static final byte VERSION = 1;
  private static final int NONCE_BYTES = 16;
  private static final int MAC_BYTES = 32;
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  private final byte[] macKey;
  private final String zone;

  /**
   * @param macKey the installation's token secret
   * @param zone the zone whose grants this node serves
   */
  public GrantTokens(byte[] macKey, String zone) {
    this.macKey = macKey.clone();
    this.zone = zone;
  }

  /** The tokens of a node of {@code zone}, with the secret derived from the master key. */
  public static GrantTokens of(MasterKey masterKey, String zone) {
    return new GrantTokens(masterKey.derive(PURPOSE, 32), zone);
  }

  /** A new token for the grant {@code grantId} of {@code keyId}. */
  public String issue(String accountId, String keyId, String grantId) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(VERSION);
      out.writeUTF(zone);
      out.writeUTF(accountId);
      out.writeUTF(keyId);
      out.writeUTF(grantId);
      out.write(RandomBytes.next(NONCE_BYTES));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    byte[] body = bytes.toByteArray();
    byte[] mac = Hmac.generate(MacAlgorithm.HMAC_SHA_256, macKey, body);
    byte[] token = Arrays.copyOf(body, body.length + MAC_BYTES);
    System.arraycopy(mac, 0, token, body.length, MAC_BYTES);
    return ENCODER.encodeToString(token);
  }

  /**
   * The grant a token names.
   *
   * @throws KmsException InvalidGrantTokenException when this installation did not issue it, or
   *     issued it in another zone
   */
  public GrantToken open(String token) {
    byte[] bytes;
    try {
      bytes = DECODER.decode(token);
    } catch (IllegalArgumentException e) {
      throw invalid("it is not a grant token this KMS issued (not URL-safe base64)");
    }
    if (bytes.length <= MAC_BYTES + NONCE_BYTES
        || !Hmac.verify(
            MacAlgorithm.HMAC_SHA_256,
            macKey,
            Arrays.copyOf(bytes, bytes.length - MAC_BYTES),
            Arrays.copyOfRange(bytes, bytes.length - MAC_BYTES, bytes.length))) {
      throw invalid("it is not a grant token this KMS issued, or it was changed");
    }
    GrantToken named;
    try (DataInputStream in =
        new DataInputStream(new ByteArrayInputStream(bytes, 0, bytes.length - MAC_BYTES))) {
      if (in.readByte() != VERSION) {
        throw invalid("its format is not one this node reads");
      }
      named = new GrantToken(in.readUTF(), in.readUTF(), in.readUTF(), in.readUTF());
    } catch (IOException e) {
      throw invalid("its format is not one this node reads");
    }
    if (!named.zone().equals(zone)) {
      throw invalid(
          "it was issued in zone "
              + named.zone()
              + " and grants are per zone: use it with the key in "
              + named.zone());
    }
    return named;
  }

  /**
   * Checks every token of a request (GrantTokens); the grants themselves are in the keys' state at
   * once, so the tokens need nothing else.
   *
   * @throws KmsException InvalidGrantTokenException for the first token that does not open
   */
  public void check(List<String> tokens) {
    if (tokens != null) {
      tokens.forEach(this::open);
    }
  }

  private static KmsException invalid(String why) {
    return new KmsException(
        ErrorCode.INVALID_GRANT_TOKEN, "The grant token is not valid: " + why + ".");
  }
}
