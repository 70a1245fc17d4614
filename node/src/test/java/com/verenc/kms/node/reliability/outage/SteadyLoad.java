package com.verenc.kms.node.reliability.outage;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DataKeySpec;
import software.amazon.awssdk.services.kms.model.KmsException;

/**
 * Steady client load on a node (CreateKey, Encrypt, GenerateDataKey, Decrypt) from a few threads,
 * recording every call and everything the node acknowledged, so a test can later check that nothing
 * acknowledged was lost.
 */
final class SteadyLoad implements AutoCloseable {
  /** One call as the client saw it; status -1 means no HTTP answer at all (client-side failure). */
  record Call(
      String operation,
      long startNanos,
      long endNanos,
      int status,
      String errorCode,
      String message) {
    boolean ok() {
      return errorCode == null;
    }

    long millis() {
      return (endNanos - startNanos) / 1_000_000;
    }
  }

  /** A plaintext and the ciphertext the node returned for it. */
  record Sealed(String keyId, byte[] plaintext, byte[] ciphertext) {}

  private final List<String> keys = new CopyOnWriteArrayList<>();
  private final List<Sealed> sealed = Collections.synchronizedList(new ArrayList<>());
  private final ConcurrentLinkedQueue<Call> calls = new ConcurrentLinkedQueue<>();
  private final List<Thread> workers = new ArrayList<>();
  private final List<KmsClient> clients = new ArrayList<>();
  private volatile boolean running;

  SteadyLoad(List<String> warmKeys) {
    keys.addAll(warmKeys);
  }

  /**
   * Starts {@code mixed} threads that also create keys and {@code cryptoOnly} threads that only use
   * existing keys, so crypto load goes on while key creation waits on a dead database.
   */
  void start(int mixed, int cryptoOnly, Supplier<KmsClient> client) {
    running = true;
    for (int i = 0; i < mixed + cryptoOnly; i++) {
      KmsClient kms = client.get();
      clients.add(kms);
      double createShare = i < mixed ? 0.25 : 0;
      Thread worker = new Thread(() -> work(kms, createShare), "steady-load-" + i);
      worker.setDaemon(true);
      workers.add(worker);
      worker.start();
    }
  }

  private void work(KmsClient kms, double createShare) {
    while (running) {
      double dice = ThreadLocalRandom.current().nextDouble();
      if (dice < createShare) {
        call(
            "CreateKey",
            () -> keys.add(kms.createKey(b -> b.description("outage load")).keyMetadata().keyId()));
      } else if (dice < 0.5 || sealed.isEmpty()) {
        String keyId = anyKey();
        byte[] plaintext = randomBytes();
        call(
            "Encrypt",
            () ->
                sealed.add(
                    new Sealed(
                        keyId,
                        plaintext,
                        kms.encrypt(
                                b -> b.keyId(keyId).plaintext(SdkBytes.fromByteArray(plaintext)))
                            .ciphertextBlob()
                            .asByteArray())));
      } else if (dice < 0.7) {
        String keyId = anyKey();
        call(
            "GenerateDataKey",
            () -> {
              var dataKey = kms.generateDataKey(b -> b.keyId(keyId).keySpec(DataKeySpec.AES_256));
              sealed.add(
                  new Sealed(
                      keyId,
                      dataKey.plaintext().asByteArray(),
                      dataKey.ciphertextBlob().asByteArray()));
            });
      } else {
        Sealed one = anySealed();
        call(
            "Decrypt",
            () -> {
              byte[] plaintext =
                  kms.decrypt(b -> b.ciphertextBlob(SdkBytes.fromByteArray(one.ciphertext())))
                      .plaintext()
                      .asByteArray();
              if (!java.util.Arrays.equals(plaintext, one.plaintext())) {
                throw new IllegalStateException(
                    "Decrypt returned another plaintext for a ciphertext of " + one.keyId());
              }
            });
      }
      pause(10);
    }
  }

  private void call(String operation, Runnable body) {
    long start = System.nanoTime();
    try {
      body.run();
      calls.add(new Call(operation, start, System.nanoTime(), 200, null, null));
    } catch (KmsException e) {
      calls.add(
          new Call(
              operation,
              start,
              System.nanoTime(),
              e.statusCode(),
              e.awsErrorDetails().errorCode(),
              e.awsErrorDetails().errorMessage()));
    } catch (SdkClientException e) {
      calls.add(
          new Call(
              operation,
              start,
              System.nanoTime(),
              -1,
              "client:" + e.getClass().getSimpleName(),
              e.getMessage()));
    }
  }

  private String anyKey() {
    return keys.get(ThreadLocalRandom.current().nextInt(keys.size()));
  }

  private Sealed anySealed() {
    synchronized (sealed) {
      return sealed.get(ThreadLocalRandom.current().nextInt(sealed.size()));
    }
  }

  private static byte[] randomBytes() {
    byte[] bytes = new byte[1 + ThreadLocalRandom.current().nextInt(512)];
    ThreadLocalRandom.current().nextBytes(bytes);
    return bytes;
  }

  List<Call> calls() {
    return List.copyOf(calls);
  }

  /** Every key whose CreateKey the node acknowledged (and the warm keys). */
  List<String> acknowledgedKeys() {
    return List.copyOf(keys);
  }

  List<Sealed> acknowledgedCiphertexts() {
    synchronized (sealed) {
      return List.copyOf(sealed);
    }
  }

  void stop() {
    running = false;
    for (Thread worker : workers) {
      try {
        worker.join(60_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    stop();
    clients.forEach(KmsClient::close);
  }
}
