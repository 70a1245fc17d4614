package com.verenc.kms.node.masterkey;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * Encrypt and Decrypt from a few threads while a rotation runs: every answer is checked, every
 * failure kept with its message, every ciphertext kept for decrypting later.
 */
final class RotationLoad implements AutoCloseable {
  private final List<String> keys;

  /** A ciphertext the load made and its plaintext. */
  record Sealed(byte[] ciphertext, byte[] plaintext) {}

  private final List<Sealed> sealed = Collections.synchronizedList(new ArrayList<>());
  private final List<String> failures = Collections.synchronizedList(new ArrayList<>());
  private final AtomicLong ok = new AtomicLong();
  private final List<Thread> threads = new ArrayList<>();
  private final List<KmsClient> clients = new ArrayList<>();
  private volatile boolean running = true;

  RotationLoad(List<String> keys, int threadCount, Supplier<KmsClient> client) {
    this.keys = List.copyOf(keys);
    for (int i = 0; i < threadCount; i++) {
      KmsClient kms = client.get();
      clients.add(kms);
      Thread thread = new Thread(() -> work(kms), "rotation-load-" + i);
      thread.setDaemon(true);
      threads.add(thread);
      thread.start();
    }
  }

  private void work(KmsClient kms) {
    while (running) {
      ThreadLocalRandom random = ThreadLocalRandom.current();
      try {
        byte[] plaintext = new byte[1 + random.nextInt(64)];
        random.nextBytes(plaintext);
        String keyId = keys.get(random.nextInt(keys.size()));
        byte[] blob =
            kms.encrypt(r -> r.keyId(keyId).plaintext(SdkBytes.fromByteArray(plaintext)))
                .ciphertextBlob()
                .asByteArray();
        byte[] back =
            kms.decrypt(r -> r.ciphertextBlob(SdkBytes.fromByteArray(blob)))
                .plaintext()
                .asByteArray();
        if (!Arrays.equals(plaintext, back)) {
          failures.add("Decrypt of " + keyId + " returned another plaintext");
        }
        sealed.add(new Sealed(blob, plaintext));
        ok.addAndGet(2);
      } catch (RuntimeException e) {
        failures.add(e.getClass().getSimpleName() + ": " + e.getMessage());
      }
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** Requests answered as they should be so far. */
  long succeeded() {
    return ok.get();
  }

  List<String> failures() {
    return List.copyOf(failures);
  }

  /** Every ciphertext the load made, with its plaintext. */
  List<Sealed> ciphertexts() {
    synchronized (sealed) {
      return List.copyOf(sealed);
    }
  }

  /** Stops the threads after their current request; closing again changes nothing. */
  @Override
  public void close() {
    running = false;
    try {
      for (Thread thread : threads) {
        thread.join(30_000);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    clients.forEach(KmsClient::close);
    clients.clear();
  }
}
