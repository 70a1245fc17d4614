package com.verenc.kms.node.api;

import com.verenc.kms.node.auth.Caller;
import com.verenc.kms.node.key.CryptoRequest;
import com.verenc.kms.node.key.KeyAnswer;
import com.verenc.kms.node.key.KeyCommand;
import com.verenc.kms.node.key.KeyReply;
import com.verenc.kms.node.key.Requester;
import com.verenc.kms.protocol.KeyReference;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;

/** Resolves the key a request names, then asks that key's entity (or the key resident here). */
final class KeyRequests {
  private final KeyResolver resolver;
  private final KeyEntities keys;

  KeyRequests(KeyResolver resolver, KeyEntities keys) {
    this.resolver = resolver;
    this.keys = keys;
  }

  <A extends KeyAnswer> CompletionStage<A> ask(
      Caller caller, String keyReference, Function<ActorRef<KeyReply<A>>, KeyCommand<A>> command) {
    return ask(caller, keyReference, command, false);
  }

  /**
   * As {@link #ask(Caller, String, Function)} for a command that has the entity generate an RSA key
   * pair first (KeyEntities#askGenerating).
   */
  <A extends KeyAnswer> CompletionStage<A> askGenerating(
      Caller caller, String keyReference, Function<ActorRef<KeyReply<A>>, KeyCommand<A>> command) {
    return ask(caller, keyReference, command, true);
  }

  private <A extends KeyAnswer> CompletionStage<A> ask(
      Caller caller,
      String keyReference,
      Function<ActorRef<KeyReply<A>>, KeyCommand<A>> command,
      boolean generating) {
    return resolver
        .target(caller, keyReference)
        .thenCompose(
            key -> {
              Requester requester = requester(caller, keyReference);
              return generating
                  ? keys.askGenerating(
                      requester, caller.grantUse(), key.accountId(), key.keyId(), command)
                  : keys.ask(requester, caller.grantUse(), key.accountId(), key.keyId(), command);
            });
  }

  /** Asks a key already resolved, one that the request named by key id or key ARN. */
  <A extends KeyAnswer> CompletionStage<A> ask(
      Caller caller,
      KeyResolver.KeyTarget key,
      Function<ActorRef<KeyReply<A>>, KeyCommand<A>> command) {
    return keys.ask(
        requester(caller, null), caller.grantUse(), key.accountId(), key.keyId(), command);
  }

  /**
   * The caller as the key judges it: its principal, where the request came from, and the alias it
   * named the key by (kms:RequestAlias), if any.
   */
  static Requester requester(Caller caller, String keyReference) {
    // Parsed again only once resolved, so it is known to be well formed, and only when it can
    // name an alias: key ids and key ARNs, most requests, cost nothing here.
    KeyReference ref =
        keyReference != null && keyReference.contains("alias/")
            ? KeyReference.parse(keyReference)
            : null;
    String alias =
        ref instanceof KeyReference.AliasName name
            ? name.aliasName()
            : ref instanceof KeyReference.AliasArn arn ? arn.aliasName() : null;
    return new Requester(
        caller.principal(), caller.origin().sourceIp(), caller.origin().secureTransport(), alias);
  }

  /** A cryptographic request, served by the key resident here or by its entity. */
  <A extends KeyAnswer> CompletionStage<A> crypto(
      Caller caller,
      String keyReference,
      CryptoRequest<A> request,
      Function<ActorRef<KeyReply<A>>, KeyCommand<A>> command) {
    return resolver
        .target(caller, keyReference)
        .thenCompose(
            key ->
                keys.crypto(
                    requester(caller, keyReference),
                    caller.grantUse(),
                    key.accountId(),
                    key.keyId(),
                    request,
                    command));
  }

  CompletionStage<KeyAnswer.Ciphertext> encrypt(
      Caller caller, String keyReference, CryptoRequest.EncryptRequest request) {
    return crypto(
        caller, keyReference, request, replyTo -> new KeyCommand.Encrypt(request, replyTo));
  }

  CompletionStage<KeyAnswer.DataKey> dataKey(
      Caller caller, String keyReference, CryptoRequest.DataKeyRequest request) {
    return crypto(
        caller, keyReference, request, replyTo -> new KeyCommand.GenerateDataKey(request, replyTo));
  }
}
