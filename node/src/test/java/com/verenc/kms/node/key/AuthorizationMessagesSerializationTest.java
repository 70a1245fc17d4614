package com.verenc.kms.node.key;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.verenc.kms.node.auth.Principal;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The messages that carry a DryRun's encryption context and a key's aliases between nodes survive
 * the wire (Jackson CBOR), the requester with and without the aliases looked up.
 */
class AuthorizationMessagesSerializationTest {
  private static final ActorTestKit testKit = ActorTestKit.create(KeyEntityFixture.CONFIG);

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  private static <T> T roundTrip(T message) {
    return testKit.serializationTestKit().verifySerialization(message, false);
  }

  @Test
  void aDryRunsEncryptionContextAndTheRequestersAliasesTravel() {
    TestProbe<KeyReply<KeyAnswer.Metadata>> probe = testKit.createTestProbe();
    Principal role = new Principal("111122223333", Principal.Kind.ROLE, "app");
    Requester asked = new Requester(role, "127.0.0.1", true, null);
    Requester withAliases = asked.withResourceAliases(List.of("alias/finance-eu"));
    KeyCommand.Authorize authorize =
        new KeyCommand.Authorize(
            "111122223333", "kms:Encrypt", Map.of("tenant", "blue"), probe.ref());

    KeyCommand.AsRequester<?> back =
        roundTrip(new KeyCommand.AsRequester<>(withAliases, authorize));
    assertEquals(withAliases, back.requester());
    assertEquals(authorize, back.command());
    assertEquals(asked, roundTrip(new KeyCommand.AsRequester<>(asked, authorize)).requester());
    assertEquals(
        new KeyReply.NeedsResourceAliases<KeyAnswer.Metadata>(),
        roundTrip(new KeyReply.NeedsResourceAliases<KeyAnswer.Metadata>()));
  }
}
