package dev.parley.integration.boundary;

import dev.parley.identity.boundary.Allowed;
import dev.parley.identity.entity.Role;
import dev.parley.identity.entity.Scope;
import dev.parley.integration.control.Webhooks;
import dev.parley.integration.entity.DeliveryState;
import dev.parley.integration.entity.Webhook;
import dev.parley.integration.entity.WebhookAttempt;
import dev.parley.integration.entity.WebhookDelivery;
import dev.parley.platform.json.Jsons;
import dev.parley.platform.rest.Problem;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Webhook endpoints (Standard Webhooks), for admins and tokens with {@code admin}: the endpoints,
 * their secrets (shown once), the delivery log, redelivery, replay and a test event.
 */
@ApplicationScoped
@Path("webhooks")
@Tag(name = "Webhooks")
@Produces(MediaType.APPLICATION_JSON)
@Allowed(roles = Role.ADMIN, scopes = Scope.ADMIN)
public class WebhooksResource {

  /** An endpoint as set up: where, which events (types, {@code ticket.*}, {@code *}), filters. */
  public record WebhookInput(
      @NotBlank @Size(max = 2000) String url,
      @Size(max = 500) String description,
      @NotEmpty @Size(max = 50) List<@NotBlank @Size(max = 80) String> eventTypes,
      @Positive Long inbox,
      @Positive Long team,
      Boolean enabled) {
    Webhooks.Setup setup() {
      return new Webhooks.Setup(url, description, eventTypes, inbox, team);
    }
  }

  /** A time range of events to deliver again. */
  public record Replay(@NotNull OffsetDateTime from, @NotNull OffsetDateTime to) {}

  @Inject Webhooks webhooks;

  @GET
  @Operation(summary = "The webhook endpoints")
  public JsonObject list() {
    JsonArrayBuilder array = Jsons.array();
    webhooks.list().forEach(w -> array.add(view(w)));
    return Jsons.object().add("webhooks", array).build();
  }

  @POST
  @Operation(
      summary = "Add a webhook endpoint",
      description =
          "It receives the events of the given types that happen from now on, signed with its"
              + " secret (whsec_…), which is in this response only. Only http(s) URLs; private,"
              + " loopback and link-local addresses are refused when delivering unless"
              + " PARLEY_WEBHOOKS_ALLOW_PRIVATE allows them.")
  public Response create(WebhookInput input) {
    Webhooks.Created created = webhooks.create(input.setup());
    if (Boolean.FALSE.equals(input.enabled())) {
      webhooks.change(created.webhook().id(), input.setup(), false);
    }
    return Response.status(201)
        .entity(view(webhooks.find(created.webhook().id())).add("secret", created.secret()).build())
        .build();
  }

  @GET
  @Path("{id}")
  public JsonObject get(@PathParam("id") long id) {
    return view(webhooks.find(id)).build();
  }

  @PUT
  @Path("{id}")
  @Operation(
      summary = "Change a webhook endpoint",
      description =
          "`enabled: true` enables it again (after a 410 or sustained failure): it goes on from the"
              + " first delivery it had not made.")
  public JsonObject change(@PathParam("id") long id, WebhookInput input) {
    return view(webhooks.change(id, input.setup(), input.enabled())).build();
  }

  @DELETE
  @Path("{id}")
  public Response delete(@PathParam("id") long id) {
    webhooks.delete(id);
    return Response.noContent().build();
  }

  @POST
  @Path("{id}/secret")
  @Operation(
      summary = "Rotate the secret",
      description =
          "A new secret, in this response only; the previous one keeps signing beside it (two"
              + " signatures in webhook-signature) for `overlapHours` (query, 0–168; 24).")
  public JsonObject rotate(
      @PathParam("id") long id, @QueryParam("overlapHours") @DefaultValue("24") int hours) {
    if (hours < 0 || hours > 168) {
      throw Problem.validation().field("overlapHours", "must be between 0 and 168").exception();
    }
    String secret = webhooks.rotate(id, Duration.ofHours(hours));
    return view(webhooks.find(id)).add("secret", secret).build();
  }

  @POST
  @Path("{id}/test")
  @Operation(summary = "Send a test event now", description = "A webhook.test event, signed.")
  public JsonObject test(@PathParam("id") long id) {
    Webhooks.Tested t = webhooks.test(id);
    return delivery(t.delivery())
        .add("durationMs", t.outcome().millis())
        .add("response", t.outcome().response() == null ? "" : t.outcome().response())
        .build();
  }

  @GET
  @Path("{id}/deliveries")
  @Operation(
      summary = "The delivery log",
      description = "Newest first; `state` filters (pending, delivered, failed). Kept 7 days.")
  public JsonObject deliveries(
      @PathParam("id") long id,
      @QueryParam("state") String state,
      @QueryParam("limit") @DefaultValue("50") int limit) {
    Problem problem = Problem.validation();
    DeliveryState parsed = null;
    if (state != null && !state.isBlank()) {
      try {
        parsed = DeliveryState.fromWire(state);
      } catch (IllegalArgumentException e) {
        problem.field("state", "must be pending, delivered or failed");
      }
    }
    if (limit < 1 || limit > 500) {
      problem.field("limit", "must be between 1 and 500");
    }
    if (problem.hasFieldErrors()) {
      throw problem.exception();
    }
    JsonArrayBuilder array = Jsons.array();
    webhooks.deliveries(id, parsed, limit).forEach(d -> array.add(delivery(d)));
    return Jsons.object().add("deliveries", array).build();
  }

  @GET
  @Path("{id}/deliveries/{delivery}")
  @Operation(summary = "A delivery with its attempts (status, first KB of the response, duration)")
  public JsonObject delivery(@PathParam("id") long id, @PathParam("delivery") long delivery) {
    JsonArrayBuilder attempts = Jsons.array();
    for (WebhookAttempt a : webhooks.attempts(id, delivery)) {
      JsonObjectBuilder o =
          Jsons.object()
              .add("attempt", a.attempt())
              .add("at", a.attemptedAt().toString())
              .add("durationMs", a.durationMs());
      nullable(o, "status", a.status());
      o.add("response", a.response() == null ? "" : a.response());
      if (a.error() != null) {
        o.add("error", a.error());
      }
      attempts.add(o);
    }
    WebhookDelivery d = webhooks.delivery(id, delivery);
    return delivery(d).add("body", d.body()).add("attempts", attempts).build();
  }

  @POST
  @Path("{id}/deliveries/{delivery}/redeliver")
  @Operation(summary = "Send a delivery again, now (same event id)")
  public JsonObject redeliver(@PathParam("id") long id, @PathParam("delivery") long delivery) {
    return delivery(webhooks.redeliver(id, delivery)).build();
  }

  @POST
  @Path("{id}/replay")
  @Operation(
      summary = "Deliver again every event of a time range",
      description = "Events still kept (7 days) that the endpoint takes, with their own ids.")
  public JsonObject replay(@PathParam("id") long id, Replay replay) {
    return Jsons.object().add("replayed", webhooks.replay(id, replay.from(), replay.to())).build();
  }

  static JsonObjectBuilder view(Webhook w) {
    JsonObjectBuilder o =
        Jsons.object()
            .add("id", w.id())
            .add("url", w.url())
            .add("eventTypes", Jsons.array(w.eventTypes()))
            .add("enabled", w.enabled())
            .add("createdAt", w.createdAt().toString())
            .add("updatedAt", w.updatedAt().toString());
    if (w.description() != null) {
      o.add("description", w.description());
    }
    nullable(o, "inbox", w.inboxId());
    nullable(o, "team", w.teamId());
    if (w.disabledReason() != null) {
      o.add("disabledReason", w.disabledReason());
    }
    if (w.failingSince() != null) {
      o.add("failingSince", w.failingSince().toString());
    }
    if (w.previousUntil() != null && w.previousUntil().isAfter(OffsetDateTime.now())) {
      o.add("previousSecretUntil", w.previousUntil().toString());
    }
    return o;
  }

  static JsonObjectBuilder delivery(WebhookDelivery d) {
    JsonObjectBuilder o =
        Jsons.object()
            .add("id", d.id())
            .add("event", d.eventId())
            .add("type", d.eventType())
            .add("state", d.state().wire())
            .add("attempts", d.attempts())
            .add("createdAt", d.createdAt().toString());
    if (d.nextAttemptAt() != null) {
      o.add("nextAttemptAt", d.nextAttemptAt().toString());
    }
    nullable(o, "lastStatus", d.lastStatus());
    if (d.lastError() != null) {
      o.add("lastError", d.lastError());
    }
    if (d.finishedAt() != null) {
      o.add("finishedAt", d.finishedAt().toString());
    }
    return o;
  }

  private static void nullable(JsonObjectBuilder o, String key, Number value) {
    if (value == null) {
      o.addNull(key);
    } else {
      o.add(key, value.longValue());
    }
  }
}
