package com.verenc.kms.loadtest.prep;

import com.fasterxml.jackson.databind.JsonNode;
import com.verenc.kms.loadtest.settings.KeyType;
import com.verenc.kms.loadtest.settings.LoadSettings;
import com.verenc.kms.loadtest.signing.KmsRequestSigner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Creates the keys a simulation uses before it starts, so key creation is not measured: N
 * single-zone keys, or one multi-zone key replicated to a second zone and waited for until the
 * replica is Enabled.
 *
 * <p>Command line: {@code KeyPreparer --count N --out keys.csv [--multi-zone] [--key-spec SPEC]
 * [--encrypt-reply FILE]}; endpoints, zones and credentials come from the same {@code -D}
 * properties as the simulations. {@code --key-spec} (or {@code load.keySpec}; default
 * SYMMETRIC_DEFAULT) creates single-zone keys of that spec with the usage {@link KeyType} gives it
 * (SIGN_VERIFY, GENERATE_VERIFY_MAC). {@code --encrypt-reply} also saves the body of one real
 * reply, which the nginx ceiling serves: Encrypt (32-byte plaintext), or for signing and HMAC keys
 * Sign or GenerateMac of the load's 32-byte message.
 */
public final class KeyPreparer {
  private static final int IN_FLIGHT = 16;

  private KeyPreparer() {}

  public static void main(String[] args) throws Exception {
    int count = 1;
    Path out = null;
    Path encryptReply = null;
    boolean multiZone = false;
    KeyType keyType = KeyType.fromSystemProperties();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--count" -> count = Integer.parseInt(args[++i]);
        case "--out" -> out = Path.of(args[++i]);
        case "--encrypt-reply" -> encryptReply = Path.of(args[++i]);
        case "--multi-zone" -> multiZone = true;
        case "--key-spec" -> keyType = new KeyType(args[++i]);
        default ->
            throw new IllegalArgumentException(
                "unknown option "
                    + args[i]
                    + " (usage: --count N --out keys.csv [--multi-zone] [--key-spec SPEC]"
                    + " [--encrypt-reply FILE])");
      }
    }
    if (out == null) {
      throw new IllegalArgumentException("--out keys.csv is required");
    }
    LoadSettings settings = LoadSettings.fromSystemProperties(0, 0);
    long start = System.nanoTime();
    List<String> keys =
        multiZone ? multiZoneKeys(settings, count) : singleZoneKeys(settings, count, keyType);
    writeCsv(out, keys);
    System.out.printf(
        "prepared %d key(s) in %.1f s -> %s%n",
        keys.size(), (System.nanoTime() - start) / 1e9, out);
    if (encryptReply != null) {
      var response =
          client(settings, 0)
              .callRaw(keyType.sampleOperation(), sampleBody(keyType, keys.get(0)))
              .get(30, TimeUnit.SECONDS);
      String reply = response.body();
      if (response.statusCode() != 200 && !keyType.symmetric()) {
        throw new IllegalStateException(
            keyType.sampleOperation() + " answered " + response.statusCode() + ": " + reply);
      }
      Files.writeString(encryptReply, reply, StandardCharsets.UTF_8);
      System.out.println(
          "sample "
              + keyType.sampleOperation()
              + " reply: "
              + reply.length()
              + " bytes -> "
              + encryptReply);
    }
  }

  /** The keys to use: read from the prepared file, or created now when there is none. */
  public static List<String> keysFor(LoadSettings settings, boolean multiZone) {
    try {
      if (settings.keysFile() != null) {
        List<String> lines = Files.readAllLines(settings.keysFile());
        List<String> keys =
            lines.subList(1, lines.size()).stream()
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .toList();
        if (keys.isEmpty()) {
          throw new IllegalArgumentException(
              settings.keysFile() + " holds no key id below its keyId header");
        }
        return settings.keys() > 0 && settings.keys() < keys.size()
            ? keys.subList(0, settings.keys())
            : keys;
      }
      int count = Math.max(1, settings.keys());
      return multiZone
          ? multiZoneKeys(settings, count)
          : singleZoneKeys(settings, count, KeyType.fromSystemProperties());
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException("could not prepare keys: " + e.getMessage(), e);
    }
  }

  static String encryptBody(String keyId) {
    return "{\"KeyId\":\""
        + keyId
        + "\",\"Plaintext\":\""
        + Base64.getEncoder().encodeToString(new byte[32])
        + "\"}";
  }

  static String sampleBody(KeyType keyType, String keyId) {
    return keyType.symmetric() ? encryptBody(keyId) : keyType.sampleBody(keyId);
  }

  private static KmsHttpClient client(LoadSettings settings, int index) {
    return new KmsHttpClient(
        settings.endpoint(index),
        new KmsRequestSigner(
            settings.accessKeyId(), settings.secretAccessKey(), settings.zone(index)));
  }

  private static List<String> singleZoneKeys(LoadSettings settings, int count, KeyType keyType)
      throws InterruptedException {
    String createKey = keyType.createKeyBody("loadtest");
    KmsHttpClient kms = client(settings, 0);
    List<String> keys = Collections.synchronizedList(new ArrayList<>(count));
    Semaphore inFlight = new Semaphore(IN_FLIGHT);
    List<CompletableFuture<?>> pending = Collections.synchronizedList(new ArrayList<>());
    for (int i = 0; i < count; i++) {
      inFlight.acquire();
      CompletableFuture<?> created =
          createWithRetry(kms, createKey, 3)
              .whenComplete((reply, failure) -> inFlight.release())
              .thenAccept(reply -> keys.add(reply.path("KeyMetadata").path("KeyId").asText()));
      pending.add(created);
      if (i > 0 && i % 10_000 == 0) {
        System.out.printf("  %d keys created%n", i);
      }
    }
    CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join();
    return new ArrayList<>(keys);
  }

  private static CompletableFuture<JsonNode> createWithRetry(
      KmsHttpClient kms, String body, int attempts) {
    return kms.call("CreateKey", body)
        .handle(
            (reply, failure) -> {
              if (failure == null) {
                return CompletableFuture.completedFuture(reply);
              }
              if (attempts <= 1) {
                return CompletableFuture.<JsonNode>failedFuture(failure);
              }
              return createWithRetry(kms, body, attempts - 1);
            })
        .thenCompose(f -> f);
  }

  private static List<String> multiZoneKeys(LoadSettings settings, int count)
      throws InterruptedException {
    if (settings.endpoints().size() < 2) {
      throw new IllegalArgumentException(
          "a multi-zone key needs two endpoints in kms.endpoints and two zones in kms.zones");
    }
    KmsHttpClient primary = client(settings, 0);
    KmsHttpClient replica = client(settings, 1);
    String replicaZone = settings.zone(1);
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String keyId =
          primary
              .call("CreateKey", "{\"Description\":\"loadtest multi-zone\",\"MultiRegion\":true}")
              .join()
              .path("KeyMetadata")
              .path("KeyId")
              .asText();
      primary
          .call(
              "ReplicateKey",
              "{\"KeyId\":\"" + keyId + "\",\"ReplicaRegion\":\"" + replicaZone + "\"}")
          .join();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (true) {
        var reply = replica.callRaw("DescribeKey", "{\"KeyId\":\"" + keyId + "\"}").join();
        if (reply.statusCode() == 200 && reply.body().contains("\"KeyState\":\"Enabled\"")) {
          break;
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "the replica of "
                  + keyId
                  + " in "
                  + replicaZone
                  + " did not become Enabled within 60 s; last reply: "
                  + reply.body());
        }
        Thread.sleep(200);
      }
      keys.add(keyId);
    }
    return keys;
  }

  private static void writeCsv(Path out, List<String> keys) throws IOException {
    Files.write(out, concat("keyId", keys), StandardCharsets.UTF_8);
  }

  private static List<String> concat(String header, List<String> lines) {
    List<String> all = new ArrayList<>(lines.size() + 1);
    all.add(header);
    all.addAll(lines);
    return all;
  }
}
