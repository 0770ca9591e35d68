package dev.parley.integration.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.testing.ChatFixture;
import dev.parley.testing.Parley;
import dev.parley.testing.TicketFixture;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * INT-2 the event stream: every domain event in one order from a cursor, long polling, type
 * filters, private notes only for those who may read them, clear refusals.
 */
class EventStreamIT {

  static Parley.Reply events(String token, String query) {
    return Parley.get("/api/v1/events?" + query, token);
  }

  /** Everything after a cursor, of some types, until {@code until} holds (following `next`). */
  static List<JsonObject> follow(
      String token,
      String cursor,
      String types,
      java.util.function.Predicate<List<JsonObject>> until) {
    List<JsonObject> seen = new ArrayList<>();
    String[] at = {cursor};
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              Parley.Reply r = events(token, "after=" + at[0] + "&types=" + types + "&wait=5");
              assertEquals(200, r.status(), r.toString());
              seen.addAll(r.json().getJsonArray("events").getValuesAs(JsonObject.class));
              at[0] = r.json().getString("next");
              return until.test(seen);
            });
    return seen;
  }

  @Test
  void eventsArriveInOrderAfterACursorAndAWaitingReaderHearsAtOnce() throws Exception {
    String token = Parley.newApiToken("events:read");
    String cursor = events(token, "after=latest").json().getString("next");
    TicketFixture tickets = TicketFixture.create();

    // a reader waiting before anything happens
    long asked = System.nanoTime();
    CompletableFuture<Parley.Reply> waiting =
        CompletableFuture.supplyAsync(
            () -> events(token, "after=" + cursor + "&types=ticket.created&wait=20"));
    Thread.sleep(300);
    long first =
        tickets.ticket("Printer on fire " + Parley.unique()).getJsonNumber("id").longValue();
    Parley.Reply woken = waiting.get(25, TimeUnit.SECONDS);
    assertEquals(200, woken.status(), woken.toString());
    assertTrue(
        System.nanoTime() - asked < TimeUnit.SECONDS.toNanos(15),
        "woken by the event, not the wait");
    JsonObject event = woken.json().getJsonArray("events").getJsonObject(0);
    assertEquals("ticket.created", event.getString("type"));
    assertEquals(first, event.getJsonObject("data").getJsonNumber("id").longValue());
    assertTrue(event.getString("id").startsWith("evt_"), event.toString());
    assertEquals("ticket", event.getJsonObject("aggregate").getString("type"));
    assertFalse(event.getString("timestamp").isBlank());

    // more: each exactly once, in the order they happened, positions increasing
    long second = tickets.ticket("Second " + Parley.unique()).getJsonNumber("id").longValue();
    long third = tickets.ticket("Third " + Parley.unique()).getJsonNumber("id").longValue();
    List<JsonObject> all =
        follow(
            token,
            cursor,
            "ticket.*",
            seen ->
                seen.stream()
                    .anyMatch(e -> id(e) == third && e.getString("type").equals("ticket.created")));
    List<Long> created =
        all.stream()
            .filter(e -> e.getString("type").equals("ticket.created"))
            .map(EventStreamIT::id)
            .filter(i -> i == first || i == second || i == third)
            .toList();
    assertEquals(List.of(first, second, third), created);
    long previous = -1;
    for (JsonObject e : all) {
      long position = e.getJsonNumber("position").longValue();
      assertTrue(position > previous, "increasing: " + all);
      previous = position;
      assertTrue(e.getString("type").startsWith("ticket."), "filtered by family: " + e);
    }
  }

  private static long id(JsonObject event) {
    return event.getJsonObject("data").getJsonNumber("id").longValue();
  }

  @Test
  void privateNotesAreReadOnlyByThoseWhoMayReadThem() throws Exception {
    String reader = Parley.newApiToken("events:read");
    String cursor = events(reader, "after=latest").json().getString("next");
    ChatFixture chat = ChatFixture.create("manual");
    Parley.User agent = chat.agent();
    String agentToken = agent.login();
    try (var visitor =
        dev.parley.testing.ChatClient.visitor(
            Parley.baseUrl(), chat.visitorToken(), ChatFixture.ORIGIN)) {
      visitor.next("welcome");
      long id =
          ChatFixture.start(visitor, "Hello", Json.createObjectBuilder().add("name", "Ada"))
              .getJsonNumber("id")
              .longValue();
      String secret = "VIP, owes us money " + Parley.unique();
      Parley.Reply note =
          Parley.post(
              "/api/v1/conversations/" + id + "/messages",
              agentToken,
              Json.createObjectBuilder()
                  .add("id", ChatFixture.clientId())
                  .add("text", secret)
                  .add("note", true)
                  .build()
                  .toString());
      assertEquals(201, note.status(), note.toString());
      java.util.function.Predicate<JsonObject> isTheNote =
          e ->
              e.getString("type").equals("message.created")
                  && e.getJsonObject("data").getJsonNumber("conversation").longValue() == id
                  && "note".equals(e.getJsonObject("data").getString("kind"));
      JsonObject redacted =
          follow(reader, cursor, "message.created", seen -> seen.stream().anyMatch(isTheNote))
              .stream()
              .filter(isTheNote)
              .findFirst()
              .orElseThrow();
      assertTrue(redacted.getJsonObject("data").isNull("text"), redacted.toString());
      assertTrue(redacted.getJsonObject("data").getBoolean("redacted"));
      JsonObject shown =
          follow(
                  Parley.admin(),
                  cursor,
                  "message.created",
                  seen -> seen.stream().anyMatch(isTheNote))
              .stream()
              .filter(isTheNote)
              .findFirst()
              .orElseThrow();
      assertEquals(secret, shown.getJsonObject("data").getString("text"), "an admin reads notes");
    }
  }

  @Test
  void badRequestsAreRefusedClearly() {
    String token = Parley.newApiToken("events:read");
    for (String query :
        new String[] {
          "after=abc", "after=-5", "types=Ticket!", "limit=0", "limit=5000", "wait=31"
        }) {
      Parley.Reply r = events(token, query);
      assertTrue(r.status() == 400 || r.status() == 422, query + ": " + r);
      assertTrue(r.contentType().startsWith("application/problem+json"), query + ": " + r);
    }
    assertEquals(403, events(Parley.newApiToken("tickets:read"), "").status(), "needs events:read");
  }

  /** INT-11: a reader is listed with the types it asks for and how far it has read. */
  @Test
  void readersAreListedWithTheTypesTheyAskForAndHowFarTheyRead() {
    String name = "crm-sync-" + Parley.unique();
    String token = Parley.newNamedApiToken(name, "events:read");
    Parley.Reply first = events(token, "after=latest&types=ticket.*");
    assertEquals(200, first.status(), first.toString());
    String next = first.json().getString("next");

    JsonObject reader = reader(name);
    assertEquals("api_token", reader.getString("kind"));
    assertEquals("ticket.*", reader.getString("types"));
    assertEquals(Long.parseLong(next), reader.getJsonNumber("position").longValue());
    assertEquals(1, reader.getInt("reads"));
    assertTrue(reader.getJsonNumber("behind").longValue() >= 0);

    assertEquals(200, events(token, "after=" + next).status());
    assertEquals(2, reader(name).getInt("reads"));
    assertEquals("*", reader(name).getString("types"));
    assertEquals(
        403,
        Parley.get("/api/v1/events/consumers", token).status(),
        "reading the stream is not seeing its readers");
  }

  private static JsonObject reader(String name) {
    Parley.Reply list = Parley.get("/api/v1/events/consumers", Parley.admin());
    assertEquals(200, list.status(), list.toString());
    assertTrue(list.json().containsKey("webhooks"));
    return list.json().getJsonArray("readers").getValuesAs(JsonObject.class).stream()
        .filter(r -> name.equals(r.getString("name")))
        .findFirst()
        .orElseThrow(() -> new AssertionError(name + " is not listed: " + list.body()));
  }
}
