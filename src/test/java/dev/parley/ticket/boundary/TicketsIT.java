package dev.parley.ticket.boundary;

import static dev.parley.testing.TicketFixture.id;
import static dev.parley.testing.TicketFixture.patch;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.testing.Parley;
import dev.parley.testing.TicketFixture;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** TK-1, TK-2, TK-8: the ticket lifecycle and the API's guarantees, over HTTP. */
class TicketsIT {

  private static Set<String> pointers(Parley.Reply reply) {
    return reply.json().getJsonArray("errors").stream()
        .map(e -> e.asJsonObject().getString("pointer"))
        .collect(Collectors.toSet());
  }

  @Test
  void theLifecycleFollowsItsRulesAndClosedIsFinal() {
    TicketFixture f = TicketFixture.create();
    JsonObject t = f.ticket("Lifecycle " + Parley.unique());
    long id = id(t);
    assertEquals(id, t.getJsonNumber("number").longValue());
    assertEquals("new", t.getString("status"));
    assertEquals("normal", t.getString("priority"));
    assertEquals("question", t.getString("type"));
    assertEquals(f.teamId, t.getJsonNumber("team").longValue());

    Parley.Reply wrong = patch(id, f.agentToken, "{\"status\":\"closed\"}");
    assertEquals(409, wrong.status(), wrong.toString());
    assertEquals(Parley_MEDIA, wrong.contentType());
    assertTrue(
        wrong.json().getString("detail").contains("allowed: open, pending, on_hold, solved"));
    assertEquals(Set.of("#/status"), pointers(wrong));

    for (String status : List.of("open", "pending", "on_hold", "solved", "open", "solved")) {
      Parley.Reply r = patch(id, f.agentToken, "{\"status\":\"" + status + "\"}");
      assertEquals(200, r.status(), status + ": " + r);
      assertEquals(status, r.json().getString("status"));
    }
    Parley.Reply closed = patch(id, f.agentToken, "{\"status\":\"closed\"}");
    assertEquals(200, closed.status(), closed.toString());
    assertNotNull(closed.json().get("closedAt"));
    assertEquals(0, closed.json().getJsonArray("allowedStatuses").size());
    Parley.Reply reopen = patch(id, f.agentToken, "{\"status\":\"open\"}");
    assertEquals(409, reopen.status());
    assertTrue(reopen.json().getString("detail").contains("follow-up"), reopen.toString());
    Parley.Reply comment =
        Parley.post("/api/v1/tickets/" + id + "/comments", f.agentToken, "{\"body\":\"hello\"}");
    assertEquals(409, comment.status(), comment.toString());

    JsonObject followUp = f.ticket(f.draft("Follow-up").add("followUpOf", id));
    assertEquals(id, followUp.getJsonNumber("followUpOf").longValue());
    Parley.Reply notClosed =
        Parley.post(
            "/api/v1/tickets",
            f.agentToken,
            f.draft("Bad follow-up").add("followUpOf", id(followUp)).build().toString());
    assertEquals(422, notClosed.status());
    assertEquals(Set.of("#/followUpOf"), pointers(notClosed));
  }

  private static final String Parley_MEDIA = "application/problem+json";

  @Test
  void validationNamesEveryFieldPath() {
    TicketFixture f = TicketFixture.create();
    Parley.Reply bad =
        Parley.post(
            "/api/v1/tickets",
            f.agentToken,
            "{\"description\":\"x\",\"priority\":\"asap\",\"requester\":{\"name\":\"No id\"},"
                + "\"color\":\"red\",\"number\":5,\"tags\":\"one\"}");
    assertEquals(422, bad.status(), bad.toString());
    assertEquals(
        Set.of("#/subject", "#/priority", "#/requester", "#/color", "#/number", "#/tags"),
        pointers(bad));
    Parley.Reply notJson = Parley.post("/api/v1/tickets", f.agentToken, "{\"subject\":");
    assertEquals(400, notJson.status());
    assertEquals(Parley_MEDIA, notJson.contentType());
    Parley.Reply badTeam =
        Parley.post(
            "/api/v1/tickets",
            f.agentToken,
            f.draft("x").add("team", 999_999_999L).build().toString());
    assertEquals(422, badTeam.status());
    assertEquals(Set.of("#/team"), pointers(badTeam));
    Parley.User outsider = Parley.newUser("agent");
    Parley.Reply notMember =
        Parley.post(
            "/api/v1/tickets",
            f.agentToken,
            f.draft("x").add("assignee", outsider.id()).build().toString());
    assertEquals(422, notMember.status());
    assertEquals(Set.of("#/assignee"), pointers(notMember));
    Parley.Reply badTag =
        Parley.post(
            "/api/v1/tickets",
            f.agentToken,
            f.draft("x")
                .add("tags", Json.createArrayBuilder().add("no spaces"))
                .build()
                .toString());
    assertEquals(422, badTag.status());
    assertEquals(Set.of("#/tags"), pointers(badTag));
  }

  @Test
  void requestersAreDeduplicatedByEmailAndExternalId() {
    TicketFixture f = TicketFixture.create();
    String email = "Dedupe-" + Parley.unique() + "@Example.com";
    JsonObject a =
        f.ticket(
            f.draft("A")
                .add(
                    "requester",
                    Json.createObjectBuilder()
                        .add("email", email)
                        .add("organization", "Org " + email)));
    JsonObject b =
        f.ticket(
            f.draft("B")
                .add(
                    "requester",
                    Json.createObjectBuilder()
                        .add("email", email.toLowerCase())
                        .add("name", "Named later")));
    long contact = a.getJsonObject("requester").getJsonNumber("id").longValue();
    assertEquals(contact, b.getJsonObject("requester").getJsonNumber("id").longValue());
    assertEquals("Named later", b.getJsonObject("requester").getString("name"));
    assertEquals("Org " + email, b.getJsonObject("organization").getString("name"));

    String external = "crm-" + Parley.unique();
    JsonObject c =
        f.ticket(
            f.draft("C").add("requester", Json.createObjectBuilder().add("externalId", external)));
    JsonObject d =
        f.ticket(
            f.draft("D")
                .add(
                    "requester",
                    Json.createObjectBuilder()
                        .add("externalId", external)
                        .add("email", "other-" + Parley.unique() + "@example.com")));
    assertEquals(
        c.getJsonObject("requester").getJsonNumber("id").longValue(),
        d.getJsonObject("requester").getJsonNumber("id").longValue());

    Parley.Reply duplicate =
        Parley.post(
            "/api/v1/contacts", f.agentToken, "{\"email\":\"" + email.toUpperCase() + "\"}");
    assertEquals(409, duplicate.status(), duplicate.toString());
    assertEquals(Set.of("#/email"), pointers(duplicate));
    Parley.Reply byEmail =
        Parley.get("/api/v1/contacts?email=" + email.toLowerCase(), f.agentToken);
    assertEquals(200, byEmail.status());
    assertEquals(1, byEmail.json().getJsonArray("contacts").size());
    Parley.Reply renamed =
        Parley.call(
            "PATCH",
            "/api/v1/contacts/" + contact,
            f.agentToken,
            "{\"name\":\"Ada\",\"organization\":null}");
    assertEquals(200, renamed.status(), renamed.toString());
    assertEquals("Ada", renamed.json().getString("name"));
    assertEquals(JsonValue.NULL, renamed.json().get("organization"));
    Parley.Reply byRequester = Parley.get("/api/v1/tickets?requester=" + contact, f.agentToken);
    assertEquals(2, byRequester.json().getJsonArray("tickets").size());
  }

  @Test
  void aRetriedCreateWithTheSameKeyReturnsTheFirstTicket() throws Exception {
    TicketFixture f = TicketFixture.create();
    String body = f.draft("Idempotent " + Parley.unique()).build().toString();
    String key = "key-" + Parley.unique();
    Parley.Reply first =
        Parley.call("POST", "/api/v1/tickets", f.agentToken, body, "Idempotency-Key", key);
    assertEquals(201, first.status(), first.toString());
    assertNull(first.header("Idempotent-Replayed"));
    Parley.Reply again =
        Parley.call("POST", "/api/v1/tickets", f.agentToken, body, "Idempotency-Key", key);
    assertEquals(201, again.status());
    assertEquals("true", again.header("Idempotent-Replayed"));
    assertEquals(id(first.json()), id(again.json()));
    Parley.Reply otherBody =
        Parley.call(
            "POST",
            "/api/v1/tickets",
            f.agentToken,
            f.draft("Another").build().toString(),
            "Idempotency-Key",
            key);
    assertEquals(409, otherBody.status(), otherBody.toString());

    // concurrent retries of one request create exactly one ticket
    String racing = f.draft("Racing " + Parley.unique()).build().toString();
    String raceKey = "race-" + Parley.unique();
    ExecutorService pool = Executors.newFixedThreadPool(6);
    try {
      List<Future<Parley.Reply>> replies = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        Callable<Parley.Reply> call =
            () ->
                Parley.call(
                    "POST", "/api/v1/tickets", f.agentToken, racing, "Idempotency-Key", raceKey);
        replies.add(pool.submit(call));
      }
      Set<Long> ids = new HashSet<>();
      for (Future<Parley.Reply> r : replies) {
        Parley.Reply reply = r.get(60, TimeUnit.SECONDS);
        assertEquals(201, reply.status(), reply.toString());
        ids.add(id(reply.json()));
      }
      assertEquals(1, ids.size(), "one ticket for one key: " + ids);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aStaleIfMatchIsRefusedWith412() {
    TicketFixture f = TicketFixture.create();
    long id = id(f.ticket("ETag " + Parley.unique()));
    Parley.Reply read = Parley.get("/api/v1/tickets/" + id, f.agentToken);
    String etag = read.header("ETag");
    assertNotNull(etag);
    Parley.Reply notModified =
        Parley.call("GET", "/api/v1/tickets/" + id, f.agentToken, null, "If-None-Match", etag);
    assertEquals(304, notModified.status());
    Parley.Reply first = patch(id, f.agentToken, "{\"priority\":\"high\"}", "If-Match", etag);
    assertEquals(200, first.status(), first.toString());
    assertNotEquals(etag, first.header("ETag"));
    Parley.Reply stale = patch(id, f.agentToken, "{\"priority\":\"low\"}", "If-Match", etag);
    assertEquals(412, stale.status(), stale.toString());
    assertEquals(first.header("ETag"), stale.header("ETag"));
    assertEquals(
        "high", Parley.get("/api/v1/tickets/" + id, f.agentToken).json().getString("priority"));
    Parley.Reply fresh =
        patch(id, f.agentToken, "{\"priority\":\"low\"}", "If-Match", first.header("ETag"));
    assertEquals(200, fresh.status());
    assertEquals("low", fresh.json().getString("priority"));
  }

  @Test
  void customFieldsAreValidatedAndCanBeRequiredToSolve() {
    TicketFixture f = TicketFixture.create();
    String key = "product_" + Parley.unique().toLowerCase().replaceAll("[^a-z0-9]", "");
    Parley.Reply field =
        Parley.post(
            "/api/v1/ticket-fields",
            Parley.admin(),
            Json.createObjectBuilder()
                .add("key", key)
                .add("label", "Product")
                .add("type", "dropdown")
                .add("options", Json.createArrayBuilder().add("Inkwell").add("Quill"))
                .add("requiredToSolve", true)
                .build()
                .toString());
    assertEquals(201, field.status(), field.toString());
    assertEquals(
        403,
        Parley.post("/api/v1/ticket-fields", f.agentToken, "{\"key\":\"x\",\"type\":\"text\"}")
            .status());
    long id = id(f.ticket("Fields " + Parley.unique()));
    Parley.Reply solve = patch(id, f.agentToken, "{\"status\":\"solved\"}");
    assertEquals(422, solve.status(), solve.toString());
    assertTrue(pointers(solve).contains("#/customFields/" + key), solve.toString());
    Parley.Reply wrong =
        patch(
            id,
            f.agentToken,
            "{\"customFields\":{\"" + key + "\":\"Typewriter\",\"nope_" + key + "\":1}}");
    assertEquals(422, wrong.status());
    assertEquals(Set.of("#/customFields/" + key, "#/customFields/nope_" + key), pointers(wrong));
    Parley.Reply filledAndSolved =
        patch(
            id,
            f.agentToken,
            "{\"customFields\":{\"" + key + "\":\"Quill\"},\"status\":\"solved\"}");
    assertEquals(200, filledAndSolved.status(), filledAndSolved.toString());
    assertEquals("Quill", filledAndSolved.json().getJsonObject("customFields").getString(key));
    // leaving the field required for other tests' tickets would break them: retire it
    Parley.call(
        "PATCH",
        "/api/v1/ticket-fields/" + field.json().getJsonNumber("id").longValue(),
        Parley.admin(),
        "{\"active\":false}");
  }

  @Test
  void listsFilterSortAndPageWithCursors() {
    TicketFixture f = TicketFixture.create();
    String tag = "batch-" + Parley.unique().toLowerCase();
    String word = "zebra" + Parley.unique().toLowerCase().replaceAll("[^a-z0-9]", "");
    List<Long> ids = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      var draft =
          f.draft("List " + i + (i == 3 ? " " + word : ""))
              .add("tags", Json.createArrayBuilder().add(tag))
              .add("priority", i % 2 == 0 ? "high" : "low");
      ids.add(id(f.ticket(draft)));
    }
    patch(ids.get(0), f.agentToken, "{\"status\":\"pending\"}");
    List<Long> seen = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      Parley.Reply page =
          Parley.get(
              "/api/v1/tickets?tag="
                  + tag
                  + "&sort=number&limit=3"
                  + (cursor == null ? "" : "&cursor=" + cursor),
              f.agentToken);
      assertEquals(200, page.status(), page.toString());
      page.json().getJsonArray("tickets").forEach(t -> seen.add(id(t.asJsonObject())));
      cursor = page.json().isNull("next") ? null : page.json().getString("next");
      pages++;
    } while (cursor != null && pages < 10);
    assertEquals(ids, seen, "every ticket once, in number order");
    assertEquals(3, pages);

    JsonArray high =
        Parley.get("/api/v1/tickets?tag=" + tag + "&priority=high&status=new", f.agentToken)
            .json()
            .getJsonArray("tickets");
    assertEquals(3, high.size(), "four high, one of them pending");
    JsonArray text =
        Parley.get("/api/v1/tickets?q=" + word, f.agentToken).json().getJsonArray("tickets");
    assertEquals(1, text.size());
    assertEquals(ids.get(3), id(text.getJsonObject(0)));
    JsonArray newest =
        Parley.get("/api/v1/tickets?tag=" + tag + "&sort=-updatedAt&limit=1", f.agentToken)
            .json()
            .getJsonArray("tickets");
    assertEquals(ids.get(0), id(newest.getJsonObject(0)), "the last changed comes first");
    Parley.Reply badCursor = Parley.get("/api/v1/tickets?cursor=garbage", f.agentToken);
    assertEquals(422, badCursor.status());
    assertEquals(Set.of("#/cursor"), pointers(badCursor));
    Parley.Reply badFilters =
        Parley.get("/api/v1/tickets?status=lost&sort=color&limit=0", f.agentToken);
    assertEquals(Set.of("#/status", "#/sort", "#/limit"), pointers(badFilters));
  }

  @Test
  void commentsCarryAttachmentsAndDriveTheStatus() {
    TicketFixture f = TicketFixture.create();
    long id = id(f.ticket("Comments " + Parley.unique()));
    byte[] png = {
      (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 0x0d, 'I', 'H', 'D', 'R'
    };
    java.net.http.HttpResponse<String> upload;
    try {
      upload =
          java.net.http.HttpClient.newHttpClient()
              .send(
                  java.net.http.HttpRequest.newBuilder(
                          java.net.URI.create(
                              Parley.baseUrl()
                                  + "/api/v1/tickets/"
                                  + id
                                  + "/attachments?name=screen.txt"))
                      .header("Authorization", "Bearer " + f.agentToken)
                      .header("Content-Type", "text/plain")
                      .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(png))
                      .build(),
                  java.net.http.HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    assertEquals(201, upload.statusCode(), upload.body());
    JsonObject file = Json.createReader(new java.io.StringReader(upload.body())).readObject();
    assertEquals("image/png", file.getString("type"), "typed by content, not by the uploader");
    long fileId = file.getJsonNumber("id").longValue();

    Parley.Reply reply =
        Parley.post(
            "/api/v1/tickets/" + id + "/comments",
            f.agentToken,
            "{\"body\":\"Here is how\",\"attachments\":[" + fileId + "],\"status\":\"pending\"}");
    assertEquals(201, reply.status(), reply.toString());
    assertEquals(1, reply.json().getJsonArray("attachments").size());
    assertEquals("user", reply.json().getJsonObject("author").getString("kind"));
    Parley.Reply twice =
        Parley.post(
            "/api/v1/tickets/" + id + "/comments",
            f.agentToken,
            "{\"body\":\"again\",\"attachments\":[" + fileId + "]}");
    assertEquals(422, twice.status());
    assertEquals(Set.of("#/attachments/0"), pointers(twice));

    JsonObject t = Parley.get("/api/v1/tickets/" + id, f.agentToken).json();
    assertEquals("pending", t.getString("status"));
    assertFalse(t.isNull("firstRespondedAt"));
    Parley.Reply note =
        Parley.post(
            "/api/v1/tickets/" + id + "/comments",
            f.agentToken,
            "{\"body\":\"internal\",\"public\":false}");
    assertEquals(201, note.status());
    Parley.Reply requester =
        Parley.post(
            "/api/v1/tickets/" + id + "/comments",
            f.agentToken,
            "{\"body\":\"It still jams\",\"author\":\"requester\"}");
    assertEquals(201, requester.status(), requester.toString());
    assertEquals("contact", requester.json().getJsonObject("author").getString("kind"));
    assertEquals(
        "open",
        Parley.get("/api/v1/tickets/" + id, f.agentToken).json().getString("status"),
        "a requester's reply reopens a pending ticket");
    JsonArray comments = Parley.get("/api/v1/tickets/" + id + "/comments", f.agentToken).array();
    assertEquals(3, comments.size());
    assertFalse(comments.getJsonObject(1).getBoolean("public"));

    Parley.Reply download =
        Parley.get("/api/v1/tickets/" + id + "/attachments/" + fileId, f.agentToken);
    assertEquals(200, download.status());
    assertEquals("nosniff", download.header("X-Content-Type-Options"));
    assertTrue(download.header("Content-Disposition").startsWith("inline"));
  }

  @Test
  void mergingClosesTheSourceAndMovesItsComments() {
    TicketFixture f = TicketFixture.create();
    long source = id(f.ticket(f.draft("Source").add("tags", Json.createArrayBuilder().add("s"))));
    long target = id(f.ticket("Target"));
    Parley.post("/api/v1/tickets/" + source + "/comments", f.agentToken, "{\"body\":\"one\"}");
    Parley.post("/api/v1/tickets/" + source + "/comments", f.agentToken, "{\"body\":\"two\"}");
    Parley.Reply merged =
        Parley.post(
            "/api/v1/tickets/" + source + "/merge", f.agentToken, "{\"target\":" + target + "}");
    assertEquals(200, merged.status(), merged.toString());
    assertEquals("closed", merged.json().getString("status"));
    assertEquals(target, merged.json().getJsonNumber("mergedInto").longValue());
    JsonArray targetComments =
        Parley.get("/api/v1/tickets/" + target + "/comments", f.agentToken).array();
    Set<String> bodies =
        targetComments.stream()
            .map(c -> c.asJsonObject().getString("body"))
            .collect(Collectors.toSet());
    assertTrue(bodies.containsAll(Set.of("one", "two")), bodies.toString());
    JsonObject t = Parley.get("/api/v1/tickets/" + target, f.agentToken).json();
    assertTrue(t.getJsonArray("tags").contains(Json.createValue("s")));
    Parley.Reply intoClosed =
        Parley.post(
            "/api/v1/tickets/" + target + "/merge", f.agentToken, "{\"target\":" + source + "}");
    assertEquals(409, intoClosed.status(), intoClosed.toString());
    Parley.Reply self =
        Parley.post(
            "/api/v1/tickets/" + target + "/merge", f.agentToken, "{\"target\":" + target + "}");
    assertEquals(422, self.status());
  }

  @Test
  void theAuditTrailNamesWhoChangedWhatFromWhatToWhat() {
    TicketFixture f = TicketFixture.create();
    long id = id(f.ticket("Audit " + Parley.unique()));
    patch(id, f.agentToken, "{\"priority\":\"urgent\",\"subject\":\"Audited\"}");
    String token = Parley.newApiToken("tickets:write");
    Parley.Reply byToken = patch(id, token, "{\"assignee\":" + f.agent.id() + "}");
    assertEquals(200, byToken.status(), byToken.toString());
    patch(id, f.agentToken, "{\"assignee\":null}");
    JsonArray audit = Parley.get("/api/v1/tickets/" + id + "/audit", f.agentToken).array();
    List<String> lines =
        audit.stream()
            .map(JsonValue::asJsonObject)
            .map(
                e ->
                    e.getJsonObject("actor").getString("kind")
                        + " "
                        + e.getString("field")
                        + " "
                        + (e.isNull("from") ? "-" : e.getString("from"))
                        + ">"
                        + (e.isNull("to") ? "-" : e.getString("to")))
            .toList();
    assertEquals("user created ->#" + id, lines.get(0));
    assertTrue(lines.contains("user priority normal>urgent"), lines.toString());
    assertTrue(lines.contains("api_token assignee ->" + f.agent.id()), lines.toString());
    assertTrue(lines.contains("user assignee " + f.agent.id() + ">-"), lines.toString());
    assertTrue(lines.stream().anyMatch(l -> l.startsWith("user subject ")), lines.toString());
  }

  @Test
  void bulkUpdatesReportPerTicket() {
    TicketFixture f = TicketFixture.create();
    long a = id(f.ticket("Bulk A"));
    long b = id(f.ticket("Bulk B"));
    TicketFixture other = TicketFixture.create();
    long hidden = id(other.ticket("Not yours"));
    patch(b, f.agentToken, "{\"status\":\"solved\"}");
    Parley.Reply bulk =
        Parley.post(
            "/api/v1/tickets/bulk",
            f.agentToken,
            "{\"ids\":[" + a + "," + b + "," + hidden + "],\"changes\":{\"status\":\"pending\"}}");
    assertEquals(200, bulk.status(), bulk.toString());
    JsonArray results = bulk.json().getJsonArray("results");
    assertEquals(200, results.getJsonObject(0).getInt("status"));
    assertEquals("pending", results.getJsonObject(0).getJsonObject("ticket").getString("status"));
    assertEquals(409, results.getJsonObject(1).getInt("status"), "solved cannot become pending");
    assertEquals(404, results.getJsonObject(2).getInt("status"));
    assertEquals(
        "new",
        Parley.get("/api/v1/tickets/" + hidden, other.agentToken).json().getString("status"));
  }

  @Test
  void tagsAreAddedAndRemovedWithoutReplacingTheOthers() {
    TicketFixture f = TicketFixture.create();
    long id = id(f.ticket(f.draft("Tags").add("tags", Json.createArrayBuilder().add("keep"))));
    Parley.Reply added =
        Parley.post("/api/v1/tickets/" + id + "/tags", f.agentToken, "[\"Billing\",\"vip\"]");
    assertEquals(200, added.status(), added.toString());
    assertEquals(
        Json.createArrayBuilder().add("billing").add("keep").add("vip").build(),
        added.json().getJsonArray("tags"));
    Parley.Reply removed =
        Parley.call("DELETE", "/api/v1/tickets/" + id + "/tags/VIP", f.agentToken, null);
    assertEquals(200, removed.status(), removed.toString());
    assertEquals(
        Json.createArrayBuilder().add("billing").add("keep").build(),
        removed.json().getJsonArray("tags"));
    Parley.Reply bad =
        Parley.post("/api/v1/tickets/" + id + "/tags", f.agentToken, "[\"two words\"]");
    assertEquals(422, bad.status());
  }
}
