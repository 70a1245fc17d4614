package com.verenc.kms.node.quota;

import com.verenc.kms.protocol.ErrorCode;
import com.verenc.kms.protocol.KmsException;
import com.verenc.kms.protocol.Operation;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.LongSupplier;

/**
 * Admits an account's requests within its request-rate quotas on this node: one token bucket per
 * account and {@link RequestClass}, so one account's flood is refused without slowing any other.
 * Accounts come from the credentials file, so the buckets are bounded by it.
 */
public final class RequestThrottle {
  private final Quotas defaults;
  private final Map<String, Quotas> accountQuotas;
  private final LongSupplier nanoTime;
  private final BiConsumer<String, RequestClass> onThrottled;
  private final ConcurrentHashMap<String, TokenBucket[]> buckets = new ConcurrentHashMap<>();

  /**
   * @param accountQuotas the accounts with quotas of their own; every other account gets {@code
   *     defaults}
   * @param onThrottled told of every refused request (account, class), for metrics
   */
  public RequestThrottle(
      Quotas defaults,
      Map<String, Quotas> accountQuotas,
      LongSupplier nanoTime,
      BiConsumer<String, RequestClass> onThrottled) {
    this.defaults = defaults;
    this.accountQuotas = Map.copyOf(accountQuotas);
    this.nanoTime = nanoTime;
    this.onThrottled = onThrottled;
  }

  /** The quotas that apply to the account. */
  public Quotas quotasOf(String accountId) {
    return accountQuotas.getOrDefault(accountId, defaults);
  }

  /**
   * @throws KmsException ThrottlingException ("Rate exceeded", as AWS words it) when the account
   *     has used its rate for the operation's class
   */
  public void admit(String accountId, Operation op) {
    RequestClass requestClass = RequestClass.of(op);
    TokenBucket[] accountBuckets = buckets.get(accountId);
    if (accountBuckets == null) {
      accountBuckets = buckets.computeIfAbsent(accountId, this::newBuckets);
    }
    if (!accountBuckets[requestClass.ordinal()].tryTake(nanoTime.getAsLong())) {
      onThrottled.accept(accountId, requestClass);
      throw new KmsException(ErrorCode.THROTTLING, "Rate exceeded");
    }
  }

  private TokenBucket[] newBuckets(String accountId) {
    Quotas quotas = quotasOf(accountId);
    long now = nanoTime.getAsLong();
    RequestClass[] classes = RequestClass.values();
    TokenBucket[] result = new TokenBucket[classes.length];
    for (RequestClass c : classes) {
      result[c.ordinal()] = new TokenBucket(quotas.ratePerSecond(c), now);
    }
    return result;
  }
}
