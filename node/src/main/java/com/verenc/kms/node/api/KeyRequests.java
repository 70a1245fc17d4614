package com.verenc.kms.node.api;

import com.verenc.kms.node.auth.Caller;
import com.verenc.kms.node.key.KeyCommand;
import com.verenc.kms.node.key.KeyReply;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;

/** Resolves the key a request names, then asks that key's entity. */
final class KeyRequests {
  private final KeyResolver resolver;
  private final KeyEntities keys;

  KeyRequests(KeyResolver resolver, KeyEntities keys) {
    this.resolver = resolver;
    this.keys = keys;
  }

  <R extends KeyReply> CompletionStage<R> ask(
      Caller caller, String keyReference, Function<ActorRef<KeyReply>, KeyCommand> command, Class<R> expected) {
    return resolver.keyId(caller, keyReference).thenCompose(keyId -> keys.ask(caller.accountId(), keyId, command, expected));
  }
}
