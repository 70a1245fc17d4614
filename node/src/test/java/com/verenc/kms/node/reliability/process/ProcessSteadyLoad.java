package com.verenc.kms.node.reliability.process;

import com.verenc.kms.node.reliability.process.AcknowledgedLedger.TrackedAlias;
import com.verenc.kms.node.reliability.process.AcknowledgedLedger.TrackedKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DataKeySpec;
import software.amazon.awssdk.services.kms.model.KmsException;

/**
 * Client threads changing and using keys the way an application would: CreateKey,
 * RotateKeyOnDemand, CreateAlias/UpdateAlias, Encrypt and GenerateDataKey, paced, recording every
 * acknowledged answer in an {@link AcknowledgedLedger}. Each worker owns its keys and aliases, so
 * the expected state of each is unambiguous. Workers survive across node restarts: {@link #start}
 * with the new node's client, {@link #stop} before verifying.
 */
public final class ProcessSteadyLoad {
  private final AcknowledgedLedger ledger;
  private final String prefix;
  private final List<Worker> workers = new ArrayList<>();
  private final Map<String, AtomicLong> serviceErrors = new ConcurrentHashMap<>();
  private final AtomicBoolean running = new AtomicBoolean();
  private final List<Thread> threads = new ArrayList<>();

  public ProcessSteadyLoad(AcknowledgedLedger ledger, int workerCount, String prefix) {
    this.ledger = ledger;
    this.prefix = prefix;
    for (int i = 0; i < workerCount; i++) {
      workers.add(new Worker(i, new Random(31L * i + prefix.hashCode())));
    }
  }

  /** Starts every worker against {@code client}. */
  public void start(KmsClient client) {
    if (!running.compareAndSet(false, true)) {
      throw new IllegalStateException("load already running");
    }
    threads.clear();
    for (Worker worker : workers) {
      Thread thread = new Thread(() -> worker.run(client), prefix + "-load-" + worker.index);
      thread.setDaemon(true);
      threads.add(thread);
      thread.start();
    }
  }

  /** Stops the workers and waits for their last request to end. */
  public void stop() {
    running.set(false);
    for (Thread thread : threads) {
      try {
        thread.join(60_000);
        if (thread.isAlive()) {
          throw new AssertionError(thread.getName() + " still running 60 s after stop");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  /** Errors the node answered with (rather than no answer), by error code: none expected. */
  public Map<String, Long> serviceErrors() {
    Map<String, Long> copy = new java.util.TreeMap<>();
    serviceErrors.forEach((k, v) -> copy.put(k, v.get()));
    return copy;
  }

  private final class Worker {
    final int index;
    final Random random;
    final List<TrackedKey> keys = new ArrayList<>();
    final List<TrackedAlias> aliases = new ArrayList<>();
    int aliasesMade;
    long counter;

    Worker(int index, Random random) {
      this.index = index;
      this.random = random;
    }

    void run(KmsClient client) {
      while (running.get()) {
        boolean ok = step(client);
        NodeProcess.sleep(ok ? 5 : 50);
      }
    }

    /** One operation; false when it failed. */
    private boolean step(KmsClient client) {
      double pick = random.nextDouble();
      List<TrackedKey> rotatable = keys.stream().filter(k -> k.rotationsLeft() > 0).toList();
      if (keys.size() < 2 || pick < 0.08 || (pick < 0.16 && rotatable.isEmpty())) {
        return createKey(client);
      }
      if (pick < 0.16) {
        return rotate(client, rotatable.get(random.nextInt(rotatable.size())));
      }
      if (pick < 0.26) {
        List<TrackedAlias> live = aliases.stream().filter(a -> !a.retired).toList();
        if (!live.isEmpty() && random.nextBoolean()) {
          return updateAlias(client, live.get(random.nextInt(live.size())));
        }
        return createAlias(client);
      }
      TrackedKey key = keys.get(random.nextInt(keys.size()));
      return pick < 0.70 ? encrypt(client, key) : generateDataKey(client, key);
    }

    private boolean createKey(KmsClient client) {
      String description = prefix + " worker " + index + " key " + (counter++);
      try {
        String keyId = client.createKey(r -> r.description(description)).keyMetadata().keyId();
        keys.add(ledger.keyCreated(keyId, description));
        return true;
      } catch (SdkException e) {
        failed(e);
        ledger.failed();
        return false;
      }
    }

    private boolean rotate(KmsClient client, TrackedKey key) {
      try {
        client.rotateKeyOnDemand(r -> r.keyId(key.keyId));
        ledger.rotated(key);
        return true;
      } catch (SdkException e) {
        failed(e);
        ledger.rotationFailed(key);
        return false;
      }
    }

    private boolean createAlias(KmsClient client) {
      String name = "alias/" + prefix + "/w" + index + "-" + (aliasesMade++);
      String keyId = keys.get(random.nextInt(keys.size())).keyId;
      try {
        client.createAlias(r -> r.aliasName(name).targetKeyId(keyId));
        aliases.add(ledger.aliasCreated(name, keyId));
        return true;
      } catch (SdkException e) {
        failed(e);
        ledger.aliasCreateFailed(name, keyId);
        return false;
      }
    }

    private boolean updateAlias(KmsClient client, TrackedAlias alias) {
      String keyId = keys.get(random.nextInt(keys.size())).keyId;
      try {
        client.updateAlias(r -> r.aliasName(alias.name).targetKeyId(keyId));
        ledger.aliasUpdated(alias, keyId);
        return true;
      } catch (SdkException e) {
        failed(e);
        ledger.aliasUpdateFailed(alias, keyId);
        return false;
      }
    }

    private boolean encrypt(KmsClient client, TrackedKey key) {
      byte[] bytes = new byte[1 + random.nextInt(64)];
      random.nextBytes(bytes);
      SdkBytes plaintext = SdkBytes.fromByteArray(bytes);
      Map<String, String> context =
          Map.of("worker", Integer.toString(index), "n", Long.toString(counter++));
      try {
        SdkBytes blob =
            client
                .encrypt(r -> r.keyId(key.keyId).plaintext(plaintext).encryptionContext(context))
                .ciphertextBlob();
        ledger.encrypted(new AcknowledgedLedger.Ciphertext(key.keyId, blob, plaintext, context));
        return true;
      } catch (SdkException e) {
        failed(e);
        ledger.failed();
        return false;
      }
    }

    private boolean generateDataKey(KmsClient client, TrackedKey key) {
      Map<String, String> context =
          Map.of("worker", Integer.toString(index), "n", Long.toString(counter++));
      try {
        var dataKey =
            client.generateDataKey(
                r -> r.keyId(key.keyId).keySpec(DataKeySpec.AES_256).encryptionContext(context));
        ledger.encrypted(
            new AcknowledgedLedger.Ciphertext(
                key.keyId, dataKey.ciphertextBlob(), dataKey.plaintext(), context));
        return true;
      } catch (SdkException e) {
        failed(e);
        ledger.failed();
        return false;
      }
    }

    private void failed(SdkException e) {
      if (e instanceof KmsException kms && kms.awsErrorDetails() != null) {
        serviceErrors
            .computeIfAbsent(kms.awsErrorDetails().errorCode(), c -> new AtomicLong())
            .incrementAndGet();
      }
    }
  }
}
