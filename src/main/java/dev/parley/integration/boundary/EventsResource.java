package dev.parley.integration.boundary;

import dev.parley.identity.boundary.Allowed;
import dev.parley.identity.boundary.Views;
import dev.parley.identity.entity.Caller;
import dev.parley.identity.entity.Role;
import dev.parley.identity.entity.Scope;
import dev.parley.integration.control.EventConsumers;
import dev.parley.integration.control.EventStream;
import dev.parley.integration.control.Webhooks;
import dev.parley.integration.entity.OutboxEvent;
import dev.parley.platform.json.Jsons;
import dev.parley.platform.rest.Problem;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The event stream over REST: every domain event in one order, from a cursor, long-polling for the
 * next ones. For admins and API tokens with {@code events:read}; the text of private notes only for
 * admins and tokens with {@code admin}.
 */
@ApplicationScoped
@Path("events")
@Tag(name = "Events")
@Produces(MediaType.APPLICATION_JSON)
@Allowed(
    roles = Role.ADMIN,
    scopes = {Scope.EVENTS_READ, Scope.ADMIN})
public class EventsResource {

  static final int MAX_WAIT_SECONDS = 30;

  @Inject EventStream stream;
  @Inject EventConsumers consumers;
  @Inject Webhooks webhooks;

  private static final java.util.logging.Logger LOG =
      java.util.logging.Logger.getLogger(EventsResource.class.getName());

  /** A reader of the stream and how far behind the latest event it is. */
  public record Reader(
      String key,
      String kind,
      String name,
      String types,
      long position,
      long behind,
      String readAt,
      long reads) {}

  /** A webhook endpoint's place in the stream: the events it has taken for delivery. */
  public record EndpointPlace(long id, String url, boolean enabled, long position, long behind) {}

  /** Everyone reading the stream that Parley knows of, against its latest position. */
  public record Readers(long latest, List<Reader> readers, List<EndpointPlace> webhooks) {}

  @GET
  @Path("consumers")
  @Allowed(roles = Role.ADMIN, scopes = Scope.ADMIN)
  @Operation(
      summary = "Who reads the event stream, and how far",
      description =
          "The API tokens and users that read GET /events (the types they ask for, the cursor"
              + " they were last given, when, how often) and the webhook endpoints (the position"
              + " they have taken for delivery), each with how many events it is behind the latest."
              + " Readers Parley cannot see (a Debezium connector, a JMS subscriber) are not"
              + " listed.")
  public Readers consumers() {
    long latest = stream.latest();
    List<Reader> readers =
        consumers.all().stream()
            .map(
                c ->
                    new Reader(
                        c.key(),
                        c.kind(),
                        c.name(),
                        c.types(),
                        c.position(),
                        Math.max(0, latest - c.position()),
                        c.readAt().toString(),
                        c.reads()))
            .toList();
    List<EndpointPlace> places =
        webhooks.list().stream()
            .map(
                w ->
                    new EndpointPlace(
                        w.id(),
                        w.url(),
                        w.enabled(),
                        w.cursorPosition(),
                        Math.max(0, latest - w.cursorPosition())))
            .toList();
    return new Readers(latest, readers, places);
  }

  @GET
  @Operation(
      summary = "Read the event stream",
      description =
          "Events after the cursor `after` (omit it to start at the oldest event kept;"
              + " `latest` to follow only what happens from now on), oldest first, with `next`: the cursor to read on from. `types` filters by type"
              + " (comma-separated; `ticket.*` takes a family). With `wait` (seconds, at most 30)"
              + " and nothing new yet, the request waits for the next events (long polling). A"
              + " cursor older than the events kept (7 days by default) is 410 Gone: events were"
              + " missed.")
  public JsonObject read(
      @QueryParam("after") String after,
      @QueryParam("types") String types,
      @QueryParam("limit") @DefaultValue("100") int limit,
      @QueryParam("wait") @DefaultValue("0") int wait,
      @Context SecurityContext security) {
    Problem problem = Problem.validation();
    long cursor = 0;
    if (after != null && after.strip().equals("latest")) {
      cursor = stream.latest(); // only what happens from now on
    } else if (after != null && !after.isBlank()) {
      try {
        cursor = Long.parseLong(after.strip());
        if (cursor < 0) {
          problem.field("after", "must be a cursor from a previous response");
        }
      } catch (NumberFormatException e) {
        problem.field("after", "must be a cursor from a previous response");
      }
    }
    List<String> patterns = new ArrayList<>();
    if (types != null) {
      for (String t : types.split(",")) {
        String p = t.strip();
        if (p.isEmpty()) {
          continue;
        }
        if (p.length() > 80 || !EventStream.TYPE_PATTERN.matcher(p).matches()) {
          problem.field("types", "must be event types such as ticket.created or ticket.*");
          break;
        }
        patterns.add(p);
      }
      if (patterns.size() > 50) {
        problem.field("types", "must be at most 50 types");
      }
    }
    if (limit < 1 || limit > 1000) {
      problem.field("limit", "must be between 1 and 1000");
    }
    if (wait < 0 || wait > MAX_WAIT_SECONDS) {
      problem.field("wait", "must be between 0 and " + MAX_WAIT_SECONDS + " seconds");
    }
    if (problem.hasFieldErrors()) {
      throw problem.exception();
    }
    EventStream.Page page;
    try {
      page = stream.read(cursor, patterns, limit, wait * 1_000L);
    } catch (EventStream.Expired e) {
      throw Problem.of(410, "cursor-expired", "Cursor expired")
          .detail(
              "Events after this cursor are no longer kept (the oldest is at position "
                  + e.oldest()
                  + "): read again without a cursor, and reconcile what was missed.")
          .exception();
    }
    Caller caller = Views.caller(security);
    boolean notes = caller.isAdmin() || caller.scopes().contains(Scope.ADMIN);
    JsonArrayBuilder events = Jsons.array();
    for (OutboxEvent e : page.events()) {
      events.add(EventStream.json(e, notes));
    }
    try {
      consumers.read(caller, patterns, page.next());
    } catch (RuntimeException e) {
      LOG.log(java.util.logging.Level.FINE, "Cannot record who read the event stream", e);
    }
    return Jsons.object().add("events", events).add("next", Long.toString(page.next())).build();
  }
}
