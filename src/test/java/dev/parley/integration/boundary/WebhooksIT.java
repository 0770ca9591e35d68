package dev.parley.integration.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.testing.Parley;
import dev.parley.testing.TicketFixture;
import dev.parley.testing.WebhookReceiver;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * INT-4..INT-6 signed webhooks: deliveries verified by the Standard Webhooks reference library (the
 * receiver's side), in event order, retried on schedule under the same id, Retry-After honoured,
 * 410 disabling the endpoint; the delivery log, test events, rotation and refusals.
 */
class WebhooksIT {

  /**
   * Endpoints made here, deleted after each test: the rest of the suite's events are not theirs.
   */
  private final List<Long> made = new java.util.ArrayList<>();

  @org.junit.jupiter.api.AfterEach
  void deleteEndpoints() {
    for (long id : made) {
      Parley.call("DELETE", "/api/v1/webhooks/" + id, Parley.admin(), null);
    }
  }

  JsonObject create(String url, String... types) {
    JsonObject created = createEndpoint(url, types);
    made.add(created.getJsonNumber("id").longValue());
    return created;
  }

  static JsonObject createEndpoint(String url, String... types) {
    Parley.Reply r =
        Parley.post(
            "/api/v1/webhooks",
            Parley.admin(),
            Json.createObjectBuilder()
                .add("url", url)
                .add("description", "CRM sync")
                .add("eventTypes", Json.createArrayBuilder(Arrays.asList(types)))
                .build()
                .toString());
    assertEquals(201, r.status(), r.toString());
    assertTrue(r.json().getString("secret").startsWith("whsec_"), r.toString());
    return r.json();
  }

  static List<WebhookReceiver.Received> await(WebhookReceiver receiver, int count) {
    return Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .until(receiver::received, r -> r.size() >= count);
  }

  static long ticket(TicketFixture f) {
    return f.ticket("Webhook " + Parley.unique()).getJsonNumber("id").longValue();
  }

  @Test
  void deliveriesAreSignedAsTheReferenceLibraryExpectsAndArriveInOrder() throws Exception {
    try (WebhookReceiver receiver = new WebhookReceiver()) {
      JsonObject hook = create(receiver.url(), "ticket.created");
      TicketFixture f = TicketFixture.create();
      List<Long> tickets = List.of(ticket(f), ticket(f), ticket(f));
      List<WebhookReceiver.Received> got = await(receiver, 3);
      assertEquals(
          tickets,
          got.stream()
              .map(r -> r.json().getJsonObject("data").getJsonNumber("id").longValue())
              .toList(),
          "in event order");
      for (WebhookReceiver.Received r : got) {
        assertEquals("ticket.created", r.json().getString("type"));
        assertEquals(r.json().getString("id"), r.id(), "webhook-id is the event id");
        assertTrue(r.headers().get("content-type").startsWith("application/json"));
      }
      List<String> errors = WebhookReceiver.verify(hook.getString("secret"), got);
      assertTrue(
          errors.stream().allMatch(e -> e == null), "verified by standardwebhooks: " + errors);
      List<String> wrong = WebhookReceiver.verify("whsec_" + "A".repeat(32), got);
      assertTrue(wrong.stream().noneMatch(e -> e == null), "another secret does not verify");

      long id = hook.getJsonNumber("id").longValue();
      JsonObject log = Parley.get("/api/v1/webhooks/" + id + "/deliveries", Parley.admin()).json();
      assertEquals(3, log.getJsonArray("deliveries").size(), log.toString());
      assertTrue(
          log.getJsonArray("deliveries").getValuesAs(JsonObject.class).stream()
              .allMatch(d -> d.getString("state").equals("delivered") && d.getInt("attempts") == 1),
          log.toString());
    }
  }

  @Test
  void failuresAreRetriedOnScheduleUnderTheSameIdAndLaterEventsWait() throws Exception {
    try (WebhookReceiver receiver =
        new WebhookReceiver()
            .answer(new WebhookReceiver.Answer(500, null), new WebhookReceiver.Answer(502, null))) {
      JsonObject hook = create(receiver.url(), "ticket.created");
      TicketFixture f = TicketFixture.create();
      long first = ticket(f);
      long second = ticket(f);
      List<WebhookReceiver.Received> got = await(receiver, 4);
      List<Long> order =
          got.stream()
              .map(r -> r.json().getJsonObject("data").getJsonNumber("id").longValue())
              .toList();
      assertEquals(
          List.of(first, first, first, second), order.subList(0, 4), "retried, then the next");
      assertEquals(got.get(0).id(), got.get(1).id(), "a retry keeps the id");
      assertEquals(got.get(0).id(), got.get(2).id());
      assertTrue(
          got.get(1).atNanos() - got.get(0).atNanos() >= Duration.ofMillis(800).toNanos(),
          "the schedule's second step (1 s, ±10%) was waited");
      long id = hook.getJsonNumber("id").longValue();
      JsonObject delivery =
          Parley.get("/api/v1/webhooks/" + id + "/deliveries?state=delivered", Parley.admin())
              .json()
              .getJsonArray("deliveries")
              .getValuesAs(JsonObject.class)
              .stream()
              .filter(d -> d.getString("event").equals(got.get(0).id()))
              .findFirst()
              .orElseThrow();
      assertEquals(3, delivery.getInt("attempts"));
      JsonObject detail =
          Parley.get(
                  "/api/v1/webhooks/" + id + "/deliveries/" + delivery.getJsonNumber("id"),
                  Parley.admin())
              .json();
      List<Integer> statuses =
          detail.getJsonArray("attempts").getValuesAs(JsonObject.class).stream()
              .map(a -> a.getInt("status"))
              .toList();
      assertEquals(List.of(500, 502, 204), statuses, detail.toString());
      assertTrue(
          detail
              .getJsonArray("attempts")
              .getJsonObject(0)
              .getString("response")
              .contains("answered 500"));
    }
  }

  @Test
  void retryAfterIsHonouredAndGoneDisablesTheEndpoint() throws Exception {
    try (WebhookReceiver receiver =
        new WebhookReceiver()
            .answer(new WebhookReceiver.Answer(429, 2), new WebhookReceiver.Answer(410, null))) {
      JsonObject hook = create(receiver.url(), "ticket.*");
      long id = hook.getJsonNumber("id").longValue();
      String cursor =
          Parley.get("/api/v1/events?after=latest", Parley.admin()).json().getString("next");
      ticket(TicketFixture.create());
      List<WebhookReceiver.Received> got = await(receiver, 2);
      assertTrue(
          got.get(1).atNanos() - got.get(0).atNanos() >= Duration.ofMillis(1_900).toNanos(),
          "Retry-After: 2 was waited");
      JsonObject disabled =
          Awaitility.await()
              .atMost(Duration.ofSeconds(10))
              .until(
                  () -> Parley.get("/api/v1/webhooks/" + id, Parley.admin()).json(),
                  w -> !w.getBoolean("enabled"));
      assertTrue(disabled.getString("disabledReason").contains("410"), disabled.toString());
      JsonObject told =
          Parley.get(
                  "/api/v1/events?types=webhook.disabled&wait=10&after=" + cursor, Parley.admin())
              .json();
      assertEquals(
          id,
          told.getJsonArray("events")
              .getJsonObject(0)
              .getJsonObject("data")
              .getJsonNumber("id")
              .longValue(),
          "admins are told: " + told);
      int before = receiver.received().size();
      ticket(TicketFixture.create());
      Awaitility.await() // a disabled endpoint gets nothing, for as long as one would have
          .during(Duration.ofMillis(1_500))
          .atMost(Duration.ofSeconds(3))
          .until(() -> receiver.received().size() == before);
    }
  }

  @Test
  void anInboxFilterLetsOnlyThatInboxsEventsThrough() throws Exception {
    dev.parley.testing.ChatFixture mine = dev.parley.testing.ChatFixture.create("manual");
    dev.parley.testing.ChatFixture other = dev.parley.testing.ChatFixture.create("manual");
    try (WebhookReceiver receiver = new WebhookReceiver()) {
      Parley.Reply r =
          Parley.post(
              "/api/v1/webhooks",
              Parley.admin(),
              Json.createObjectBuilder()
                  .add("url", receiver.url())
                  .add("eventTypes", Json.createArrayBuilder().add("message.created"))
                  .add("inbox", mine.inboxId)
                  .build()
                  .toString());
      assertEquals(201, r.status(), r.toString());
      made.add(r.json().getJsonNumber("id").longValue());
      for (dev.parley.testing.ChatFixture chat : List.of(other, mine)) {
        try (var visitor =
            dev.parley.testing.ChatClient.visitor(
                Parley.baseUrl(), chat.visitorToken(), dev.parley.testing.ChatFixture.ORIGIN)) {
          visitor.next("welcome");
          dev.parley.testing.ChatFixture.start(
              visitor, "Hello from " + chat.inboxId, Json.createObjectBuilder().add("name", "Ada"));
        }
      }
      // the other inbox spoke first: had its message been let through, it would arrive first
      List<WebhookReceiver.Received> first = await(receiver, 1);
      // a replay of the last minutes honours the filter too
      java.time.OffsetDateTime now = java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC);
      Parley.Reply replay =
          Parley.post(
              "/api/v1/webhooks/" + r.json().getJsonNumber("id").longValue() + "/replay",
              Parley.admin(),
              Json.createObjectBuilder()
                  .add("from", now.minusMinutes(10).toString())
                  .add("to", now.plusMinutes(1).toString())
                  .build()
                  .toString());
      assertEquals(200, replay.status(), replay.toString());
      int replayed = replay.json().getInt("replayed");
      assertTrue(replayed >= 1, replay.toString());
      List<WebhookReceiver.Received> got = await(receiver, first.size() + replayed);
      for (WebhookReceiver.Received m : got) {
        assertEquals(
            mine.inboxId,
            m.json().getJsonObject("data").getJsonNumber("inbox").longValue(),
            "only the inbox asked for: " + m.body());
      }
    }
  }

  @Test
  void aTestEventARotatedSecretAndRefusals() throws Exception {
    try (WebhookReceiver receiver = new WebhookReceiver()) {
      JsonObject hook = create(receiver.url(), "*");
      long id = hook.getJsonNumber("id").longValue();
      Parley.Reply rotated =
          Parley.post("/api/v1/webhooks/" + id + "/secret", Parley.admin(), null);
      assertEquals(200, rotated.status(), rotated.toString());
      String next = rotated.json().getString("secret");
      assertFalse(next.equals(hook.getString("secret")));
      Parley.Reply tested = Parley.post("/api/v1/webhooks/" + id + "/test", Parley.admin(), null);
      assertEquals(200, tested.status(), tested.toString());
      assertEquals("delivered", tested.json().getString("state"), tested.toString());
      WebhookReceiver.Received test =
          receiver.received().stream()
              .filter(r -> r.json().getString("type").equals("webhook.test"))
              .findFirst()
              .orElseThrow();
      assertEquals(2, test.headers().get("webhook-signature").split(" ").length, "both sign");
      assertEquals(
          Arrays.asList((String) null),
          WebhookReceiver.verify(hook.getString("secret"), List.of(test)),
          "the old secret still verifies during the overlap");
      assertEquals(Arrays.asList((String) null), WebhookReceiver.verify(next, List.of(test)));
    }

    for (String[] bad :
        new String[][] {
          {"ftp://example.com/hook", "ticket.created", "url"},
          {"http://user:secret@example.com/hook", "ticket.created", "url"},
          {"https://example.com/hook", "Ticket Created", "eventTypes/0"},
        }) {
      Parley.Reply r =
          Parley.post(
              "/api/v1/webhooks",
              Parley.admin(),
              Json.createObjectBuilder()
                  .add("url", bad[0])
                  .add("eventTypes", Json.createArrayBuilder().add(bad[1]))
                  .build()
                  .toString());
      assertTrue(r.status() == 400 || r.status() == 422, r.toString());
      assertTrue(r.body().contains(bad[2]), "names the field: " + r);
    }
    // a URL of the cloud's metadata service is refused when delivering, not reached
    JsonObject metadata = create("http://169.254.169.254/latest/meta-data/", "*");
    Parley.Reply refused =
        Parley.post(
            "/api/v1/webhooks/" + metadata.getJsonNumber("id") + "/test", Parley.admin(), null);
    assertEquals("failed", refused.json().getString("state"), refused.toString());
    assertTrue(refused.json().getString("lastError").contains("refused"), refused.toString());
    assertEquals(403, Parley.get("/api/v1/webhooks", Parley.newApiToken("events:read")).status());
  }
}
