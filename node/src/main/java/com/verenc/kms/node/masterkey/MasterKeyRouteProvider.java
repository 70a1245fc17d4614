package com.verenc.kms.node.masterkey;

import com.verenc.kms.node.management.JsonResponses;
import com.verenc.kms.node.masterkey.RewrapCommand.Refused;
import com.verenc.kms.node.masterkey.RewrapCommand.Started;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.management.javadsl.ManagementRouteProvider;
import org.apache.pekko.management.javadsl.ManagementRouteProviderSettings;

/**
 * Serves master key rotation on the Pekko Management port: {@code GET /kms/master-key} (this node's
 * master keys and the zone's pass, JSON {@link RotationStatus}), {@code POST
 * /kms/master-key/rotation} (start a pass under the node's current master key) and {@code GET
 * /kms/master-key/secrets} (the zone's secrets by master key, JSON {@link
 * RotationStatus.SecretsByMasterKey}). The start is the one write of our management routes: it
 * moves no key and loses nothing (a pass only re-wraps), so it is served although {@code
 * route-providers-read-only} keeps Pekko's own membership routes read-only.
 */
public final class MasterKeyRouteProvider extends AllDirectives implements ManagementRouteProvider {
  private final MasterKeyRotation rotation;

  public MasterKeyRouteProvider(ExtendedActorSystem system) {
    this.rotation = MasterKeyRotation.get(Adapter.toTyped(system));
  }

  @Override
  public Route routes(ManagementRouteProviderSettings settings) {
    return pathPrefix(
        "kms",
        () ->
            pathPrefix(
                "master-key",
                () ->
                    concat(
                        pathEnd(() -> get(() -> answer(rotation::status, s -> json(200, s)))),
                        path("rotation", () -> post(() -> answer(rotation::rotate, this::started))),
                        path(
                            "secrets",
                            () -> get(() -> answer(rotation::secrets, s -> json(200, s)))))));
  }

  private Route started(RewrapCommand.StartReply reply) {
    if (reply instanceof Refused refused) {
      return json(409, Map.of("message", refused.message()));
    }
    Started started = (Started) reply;
    return json(
        200,
        Map.of(
            "jobId", started.jobId(),
            "targetMasterKey", started.targetKey(),
            "total", started.total(),
            "alreadyRunning", started.alreadyRunning()));
  }

  /** Runs {@code call} once the node is up; a failure is a 503 with its message, no trace. */
  private <T> Route answer(
      java.util.function.Supplier<CompletionStage<T>> call, Function<T, Route> ok) {
    if (!rotation.started()) {
      return json(503, Map.of("message", "the node is still starting; ask again in a moment"));
    }
    return onComplete(
        call.get(),
        result ->
            result.isSuccess()
                ? ok.apply(result.get())
                : json(503, Map.of("message", failureMessage(result.failed().get()))));
  }

  private String failureMessage(Throwable failure) {
    Throwable cause =
        failure instanceof CompletionException && failure.getCause() != null
            ? failure.getCause()
            : failure;
    if (cause instanceof TimeoutException) {
      return "the zone's master key rotation worker did not answer within "
          + rotation.askTimeout().toMillis()
          + " ms; check the zone's nodes (kms cluster status) and ask again";
    }
    return String.valueOf(cause.getMessage());
  }

  private Route json(int status, Object body) {
    return complete(JsonResponses.of(status, body));
  }
}
