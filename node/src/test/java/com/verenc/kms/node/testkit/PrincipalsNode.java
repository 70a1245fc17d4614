package com.verenc.kms.node.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * A node on H2 reading its own credentials file, and the clients a test class signs in with;
 * closing it closes them all and deletes its directory. A PER_CLASS test holds it in an
 * {@code @AutoClose} field, so that it is closed once, after the class's last test.
 */
public final class PrincipalsNode implements AutoCloseable {
  private final Path dir;
  private final TestNode node;
  private final List<KmsClient> clients = new ArrayList<>();

  private PrincipalsNode(Path dir, TestNode node) {
    this.dir = dir;
    this.node = node;
  }

  /** Writes the credentials into a new temporary directory named from {@code prefix}; starts. */
  public static PrincipalsNode start(String prefix, CredentialsFile credentials)
      throws IOException {
    Path dir = Files.createTempDirectory(prefix);
    try {
      Path file = credentials.writeTo(dir.resolve("credentials.json"));
      TestNode node =
          TestNode.start(
              TestDatabase.h2(dir.resolve("data")),
              Map.of("kms.credentials-file", file.toString()));
      return new PrincipalsNode(dir, node);
    } catch (IOException | RuntimeException e) {
      // No test class holds the directory yet to delete it in its @AfterAll.
      TestFiles.deleteRecursively(dir);
      throw e;
    }
  }

  /** A client signing with this access key, closed with the node. */
  public KmsClient client(String accessKey, String secret) {
    KmsClient client = node.client(accessKey, secret);
    clients.add(client);
    return client;
  }

  /** A client of a principal whose secret is "secret-" + its access key (CredentialsFile's). */
  public KmsClient as(String accessKey) {
    return client(accessKey, "secret-" + accessKey);
  }

  /** Closes every client opened so far: after a restart they hold connections to the old node. */
  public void closeClients() {
    clients.forEach(KmsClient::close);
    clients.clear();
  }

  public TestNode node() {
    return node;
  }

  public Path dir() {
    return dir;
  }

  @Override
  public void close() {
    closeClients();
    node.close();
    TestFiles.deleteRecursively(dir);
  }
}
