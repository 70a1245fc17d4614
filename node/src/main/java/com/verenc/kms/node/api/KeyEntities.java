package com.verenc.kms.node.api;

import com.verenc.kms.node.async.Failures;
import com.verenc.kms.node.async.SameThread;
import com.verenc.kms.node.auth.GrantUse;
import com.verenc.kms.node.directory.Directories;
import com.verenc.kms.node.directory.DirectoryCommand;
import com.verenc.kms.node.directory.DirectoryReply;
import com.verenc.kms.node.key.CryptoRequest;
import com.verenc.kms.node.key.CryptoRequest.DecryptRequest;
import com.verenc.kms.node.key.KeyAnswer;
import com.verenc.kms.node.key.KeyCommand;
import com.verenc.kms.node.key.KeyEntity;
import com.verenc.kms.node.key.KeyReply;
import com.verenc.kms.node.key.Requester;
import com.verenc.kms.node.key.ResidentKeys;
import com.verenc.kms.node.key.ZoneLeases;
import com.verenc.kms.protocol.Arns;
import com.verenc.kms.protocol.ErrorCode;
import com.verenc.kms.protocol.KmsException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;

/**
 * Asks the key entities of this zone, wherever in the zone's cluster they run. Every ask answers
 * the command's own answer type; a rejection completes the stage with its KmsException.
 */
public final class KeyEntities {
  private final ClusterSharding sharding;

  /**
   * CreateKey of an RSA key and GetParametersForImport wait this much longer than other requests:
   * the entity generates an RSA key pair first, and an RSA_4096 pair takes seconds of CPU on a busy
   * node. Below Pekko HTTP's request timeout (20 s) with the default ask timeout. Other keys wait
   * the ask timeout, so a zone database outage is answered as quickly as for any request.
   */
  private static final Duration KEY_GENERATION_ALLOWANCE = Duration.ofSeconds(10);

  private final Duration timeout;
  private final ResidentKeys resident;
  private final ZoneLeases leases;
  private final KeyPresence presence;
  private final ResourceAliases aliases;

  /**
   * @param presenceGenerationSize how many confirmed keys a node remembers per generation
   *     (KeyPresence)
   */
  public KeyEntities(
      ClusterSharding sharding,
      Duration timeout,
      ResidentKeys resident,
      ZoneLeases leases,
      Directories directories,
      Arns arns,
      int presenceGenerationSize) {
    this.sharding = sharding;
    this.timeout = timeout;
    this.resident = resident;
    this.leases = leases;
    this.aliases = new ResourceAliases(directories);
    this.presence =
        new KeyPresence(
            (accountId, keyId) ->
                directories
                    .ask(
                        accountId,
                        replyTo -> new DirectoryCommand.ContainsKey(keyId, replyTo),
                        DirectoryReply.KeyPresence.class)
                    .thenApply(DirectoryReply.KeyPresence::present),
            arns,
            presenceGenerationSize);
  }

  /**
   * Asks an existing key of {@code accountId}. A key the account does not have in this zone is
   * NotFoundException without any entity being started.
   */
  public <A extends KeyAnswer> CompletionStage<A> ask(
      String accountId, String keyId, Function<ActorRef<KeyReply<A>>, KeyCommand<A>> command) {
    return ask(accountId, keyId, command, GrantUse.IGNORED);
  }

  private <A extends KeyAnswer> CompletionStage<A> ask(
      String accountId,
      String keyId,
      Function<ActorRef<KeyReply<A>>, KeyCommand<A>> command,
      GrantUse grantUse) {
    return ask(accountId, keyId, command, grantUse, timeout);
  }

  private <A extends KeyAnswer> CompletionStage<A> ask(
      String accountId,
      String keyId,
      Function<ActorRef<KeyReply<A>>, KeyCommand<A>> command,
      GrantUse grantUse,
      Duration timeout) {
    return presence
        .require(accountId, keyId)
        .thenCompose(
            present ->
                askReply(keyId, command, timeout)
                    .thenApply(
                        reply -> {
                          // The key's own entity says it is gone: the owner's next request asks the
                          // directory again.
                          if (reply instanceof KeyReply.Rejected<A> rejected
                              && rejected.code() == ErrorCode.NOT_FOUND) {
                            presence.forget(accountId, keyId);
                          }
                          return answer(reply, grantUse);
                        }));
  }

  /**
   * Asks an existing key of {@code ownerAccountId} on behalf of a requester (of that account, or of
   * another one for a key shared with it): a caller's command is judged by the key for that
   * requester (principal, identity policies, request facts). When a policy of the key reads
   * kms:ResourceAliases, the key asks for its aliases and is asked again with them.
   */
  public <A extends KeyAnswer> CompletionStage<A> ask(
      Requester requester,
      String ownerAccountId,
      String keyId,
      Function<ActorRef<KeyReply<A>>, KeyCommand<A>> command) {
    return ask(requester, GrantUse.IGNORED, ownerAccountId, keyId, command);
  }

  /**
   * As {@link #ask(Requester, String, String, Function)}, telling {@code grantUse} the grant that
   * allowed the command when no policy did.
   */
  public <A extends KeyAnswer> CompletionStage<A> ask(
      Requester requester,
      GrantUse grantUse,
      String ownerAccountId,
      String keyId,
      Function<ActorRef<KeyReply<A>>, KeyCommand<A>> command) {
    return ask(requester, grantUse, ownerAccountId, keyId, command, timeout);
  }

  /**
   * As {@link #ask(Requester, GrantUse, String, String, Function)} for a command that has the
   * entity generate an RSA key pair first, which may take seconds on a busy node.
   */
  public <A extends KeyAnswer> CompletionStage<A> askGenerating(
      Requester requester,
      GrantUse grantUse,
      String ownerAccountId,
      String keyId,
      Function<ActorRef<KeyReply<A>>, KeyCommand<A>> command) {
    return ask(
        requester,
        grantUse,
        ownerAccountId,
        keyId,
        command,
        timeout.plus(KEY_GENERATION_ALLOWANCE));
  }

  private <A extends KeyAnswer> CompletionStage<A> ask(
      Requester requester,
      GrantUse grantUse,
      String ownerAccountId,
      String keyId,
      Function<ActorRef<KeyReply<A>>, KeyCommand<A>> command,
      Duration timeout) {
    CompletionStage<A> asked =
        ask(
            ownerAccountId,
            keyId,
            replyTo -> asRequester(requester, command.apply(replyTo)),
            grantUse,
            timeout);
    return asked.exceptionallyCompose(
        failure -> {
          if (!(Failures.cause(failure) instanceof ResourceAliases.Needed)
              || requester.resourceAliases() != null) {
            return CompletableFuture.failedStage(failure);
          }
          return aliases
              .of(ownerAccountId, keyId)
              .thenCompose(
                  found ->
                      ask(
                          requester.withResourceAliases(found),
                          grantUse,
                          ownerAccountId,
                          keyId,
                          command,
                          timeout));
        });
  }

  /**
   * Serves a cryptographic request: right here when the key is resident on this node (ResidentKeys)
   * and the requester is its account's root, else by its entity.
   */
  public <A extends KeyAnswer> CompletionStage<A> crypto(
      Requester requester,
      String ownerAccountId,
      String keyId,
      CryptoRequest<A> request,
      Function<ActorRef<KeyReply<A>>, KeyCommand<A>> command) {
    return crypto(requester, GrantUse.IGNORED, ownerAccountId, keyId, request, command);
  }

  /**
   * As {@link #crypto(Requester, String, String, CryptoRequest, Function)}, telling {@code
   * grantUse} the grant that allowed the request when no policy did (the resident key serves only
   * what its policy allows).
   */
  public <A extends KeyAnswer> CompletionStage<A> crypto(
      Requester requester,
      GrantUse grantUse,
      String ownerAccountId,
      String keyId,
      CryptoRequest<A> request,
      Function<ActorRef<KeyReply<A>>, KeyCommand<A>> command) {
    // Only an account root's requests are decided by the resident key's precomputed actions; a
    // user's or role's need its identity policies, which the entity evaluates.
    boolean root = requester.principal().isRoot();
    return residentOr(
        () -> root ? resident.serve(keyId, request) : Optional.empty(),
        () ->
            ask(requester, grantUse, ownerAccountId, keyId, command)
                .thenApply(
                    answer -> {
                      // Served by the entity, maybe on another node: this node asks to hold the
                      // key on lease and serve the next requests itself.
                      if (root) {
                        leases.wanted(keyId);
                      }
                      return answer;
                    }));
  }

  public CompletionStage<KeyAnswer.Plaintext> decrypt(
      Requester requester,
      GrantUse grantUse,
      String ownerAccountId,
      String keyId,
      DecryptRequest request) {
    return crypto(
        requester,
        grantUse,
        ownerAccountId,
        keyId,
        request,
        replyTo -> new KeyCommand.Decrypt(request, replyTo));
  }

  private static <A extends KeyAnswer> KeyCommand<A> asRequester(
      Requester requester, KeyCommand<A> command) {
    return command instanceof KeyCommand.FromCaller<A> call
        ? new KeyCommand.AsRequester<>(requester, call)
        : command;
  }

  /**
   * Creates a key: the one request that may start an entity for a new id. The key is found by later
   * requests once the account directory lists it ({@link #registered}).
   */
  public CompletionStage<KeyAnswer.Metadata> create(
      String keyId,
      boolean slowGeneration,
      Function<ActorRef<KeyReply<KeyAnswer.Metadata>>, KeyCommand.Create> command) {
    return askEntity(
        keyId, command, slowGeneration ? timeout.plus(KEY_GENERATION_ALLOWANCE) : timeout);
  }

  /** The account directory lists the key now: this node need not ask it again. */
  public void registered(String accountId, String keyId) {
    presence.remember(accountId, keyId);
  }

  /** The answer of an Ok reply; a rejection as the KmsException the client gets. */
  static <A extends KeyAnswer> A answer(KeyReply<A> reply) {
    return answer(reply, GrantUse.IGNORED);
  }

  /** As {@link #answer(KeyReply)}, telling {@code grantUse} the grant an Ok reply names. */
  static <A extends KeyAnswer> A answer(KeyReply<A> reply, GrantUse grantUse) {
    if (reply instanceof KeyReply.Ok<A> ok) {
      if (ok.grantId() != null) {
        grantUse.allowedBy(ok.grantId());
      }
      return ok.answer();
    }
    if (reply instanceof KeyReply.NeedsResourceAliases<A>) {
      throw ResourceAliases.Needed.INSTANCE;
    }
    KeyReply.Rejected<A> rejected = (KeyReply.Rejected<A>) reply;
    throw new KmsException(rejected.code(), rejected.message());
  }

  /**
   * Whatever the resident key cannot answer with certainty goes to the entity, which words any
   * refusal.
   */
  private static <A extends KeyAnswer> CompletionStage<A> residentOr(
      Supplier<Optional<A>> residentAnswer, Supplier<CompletionStage<A>> entityAnswer) {
    Optional<A> served = residentAnswer.get();
    return served.isPresent()
        ? CompletableFuture.completedFuture(served.get())
        : entityAnswer.get();
  }

  private <A extends KeyAnswer> CompletionStage<A> askEntity(
      String keyId,
      Function<ActorRef<KeyReply<A>>, ? extends KeyCommand<A>> command,
      Duration timeout) {
    return askReply(keyId, command, timeout).thenApply(KeyEntities::answer);
  }

  private <A extends KeyAnswer> CompletionStage<KeyReply<A>> askReply(
      String keyId,
      Function<ActorRef<KeyReply<A>>, ? extends KeyCommand<A>> command,
      Duration timeout) {
    return SameThread.of(
        sharding.entityRefFor(KeyEntity.TYPE_KEY, keyId).<KeyReply<A>>ask(command::apply, timeout));
  }
}
