package com.verenc.kms.node.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * SigV4 signing keys, derived once per (secret, date, region, service) and cached: the four HMACs
 * of the derivation would otherwise dominate the cost of verifying a request.
 */
final class SigningKeys {
  private static final int MAX_ENTRIES = 10_000;

  private record Scope(String secret, String date, String region, String service) {}

  private final ConcurrentHashMap<Scope, byte[]> cache = new ConcurrentHashMap<>();

  byte[] forScope(String secret, String date, String region, String service) {
    Scope scope = new Scope(secret, date, region, service);
    byte[] key = cache.get(scope);
    if (key == null) {
      if (cache.size() >= MAX_ENTRIES) {
        // Dates roll over daily; dropping everything is simpler than LRU and costs one derivation
        // per key.
        cache.clear();
      }
      key = derive(scope);
      cache.put(scope, key);
    }
    return key;
  }

  private static byte[] derive(Scope s) {
    byte[] kDate = hmac(("AWS4" + s.secret()).getBytes(StandardCharsets.UTF_8), s.date());
    byte[] kRegion = hmac(kDate, s.region());
    byte[] kService = hmac(kRegion, s.service());
    return hmac(kService, "aws4_request");
  }

  // Mac.getInstance walks the provider list on every call; one Mac per thread, re-keyed per use.
  private static final ThreadLocal<Mac> MACS =
      ThreadLocal.withInitial(
          () -> {
            try {
              return Mac.getInstance("HmacSHA256");
            } catch (GeneralSecurityException e) {
              throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
            }
          });

  static byte[] hmac(byte[] key, String data) {
    Mac mac = MACS.get();
    try {
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 refused a signing key", e);
    }
    return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
  }
}
