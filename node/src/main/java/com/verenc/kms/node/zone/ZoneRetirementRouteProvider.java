package com.verenc.kms.node.zone;

import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.verenc.kms.node.config.NodeSettings;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Map;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.management.javadsl.ManagementRouteProvider;
import org.apache.pekko.management.javadsl.ManagementRouteProviderSettings;

/**
 * Serves, on the Pekko Management port, POST /kms/zones/ZONE/retire (`kms zone retire`): JSON
 * {@code {"message": ..., "zones": [findings per remaining zone]}}, 200 when the zone is retired,
 * 409 when it may not be (a key's primary, the platform primary zone, nodes still running), 503
 * when a zone or key did not answer, 400 for a name that is no zone; and GET /kms/zones (the zones
 * configured and the zones retired).
 */
public final class ZoneRetirementRouteProvider extends AllDirectives
    implements ManagementRouteProvider {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private final ZoneRetirement retirement;
  private final RetiredZones retired;
  private final NodeSettings settings;
  private final Duration timeout;

  public ZoneRetirementRouteProvider(ExtendedActorSystem system) {
    this.settings = NodeSettings.from(system.settings().config());
    this.timeout = system.settings().config().getDuration("kms.management.zone-retire-timeout");
    this.retirement = new ZoneRetirement(Adapter.toTyped(system), settings, timeout);
    this.retired = RetiredZones.get(Adapter.toTyped(system));
  }

  @Override
  public Route routes(ManagementRouteProviderSettings routeSettings) {
    return pathPrefix(
        "kms",
        () ->
            pathPrefix(
                "zones",
                () ->
                    concat(
                        pathEnd(
                            () ->
                                get(
                                    () ->
                                        json(
                                            200,
                                            Map.of(
                                                "zones",
                                                new java.util.TreeSet<>(settings.zones()),
                                                "retired",
                                                retired.all())))),
                        path(
                            segment().slash("retire"),
                            zone ->
                                post(
                                    () ->
                                        // Going through every multi-zone key of every zone takes
                                        // longer than an ordinary management request may.
                                        withRequestTimeout(
                                            timeout.multipliedBy(2).plusSeconds(30),
                                            () ->
                                                onSuccess(
                                                    retirement.retire(zone),
                                                    outcome ->
                                                        json(
                                                            outcome.status(),
                                                            Map.of(
                                                                "message",
                                                                outcome.message(),
                                                                "zones",
                                                                outcome.zones())))))))));
  }

  private Route json(int status, Object body) {
    try {
      return complete(
          HttpResponse.create()
              .withStatus(status)
              .withEntity(
                  HttpEntities.create(
                      ContentTypes.APPLICATION_JSON, JSON.writeValueAsString(body))));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
