package dev.parley.integration.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.parley.testing.ChatClient;
import dev.parley.testing.ChatFixture;
import dev.parley.testing.KnowledgeFixture;
import dev.parley.testing.Parley;
import dev.parley.testing.TicketFixture;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * INT-8 one event model: the events that a run of ordinary work produces — tickets, comments,
 * conversations, messages, articles, topics, tokens, webhooks — each match the published JSON
 * Schema ({@code docs/events.schema.json}, checked by a JSON Schema validator), and stay small.
 */
class EventSchemasIT {

  @Test
  void everyEventMatchesThePublishedSchemaAndStaysSmall() throws Exception {
    Schema schema =
        SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
            .getSchema(Files.readString(Path.of("docs", "events.schema.json")), InputFormat.JSON);
    String cursor =
        Parley.get("/api/v1/events?after=latest", Parley.admin()).json().getString("next");

    // ordinary work of every kind
    TicketFixture tickets = TicketFixture.create();
    long ticket = TicketFixture.id(tickets.ticket("Schema check " + Parley.unique()));
    assertEquals(
        200, TicketFixture.patch(ticket, tickets.agentToken, "{\"priority\":\"urgent\"}").status());
    assertEquals(
        201,
        Parley.post(
                "/api/v1/tickets/" + ticket + "/comments",
                tickets.agentToken,
                "{\"body\":\"on it\"}")
            .status());
    KnowledgeFixture kb = new KnowledgeFixture();
    long article = kb.article("Schema article " + Parley.unique(), "Body of the article.");
    assertEquals(
        204, Parley.call("DELETE", "/api/v1/articles/" + article, Parley.admin(), null).status());
    ChatFixture chat = ChatFixture.create("manual");
    String agentToken = chat.agent().login();
    try (ChatClient visitor =
        ChatClient.visitor(Parley.baseUrl(), chat.visitorToken(), ChatFixture.ORIGIN)) {
      visitor.next("welcome");
      long conversation =
          ChatFixture.start(visitor, "Hello there", Json.createObjectBuilder().add("name", "Ada"))
              .getJsonNumber("id")
              .longValue();
      assertEquals(
          200,
          Parley.post("/api/v1/conversations/" + conversation + "/claim", agentToken, null)
              .status());
      assertEquals(
          201,
          Parley.post(
                  "/api/v1/conversations/" + conversation + "/messages",
                  agentToken,
                  "{\"id\":\"" + ChatFixture.clientId() + "\",\"text\":\"Hi Ada\"}")
              .status());
      assertEquals(
          200,
          Parley.post("/api/v1/conversations/" + conversation + "/close", agentToken, null)
              .status());
    }
    Parley.newApiToken("events:read");

    // everything after the cursor, as the stream serves it
    List<JsonObject> events = new ArrayList<>();
    String at = cursor;
    while (true) {
      JsonObject page =
          Parley.get("/api/v1/events?limit=1000&wait=2&after=" + at, Parley.admin()).json();
      events.addAll(page.getJsonArray("events").getValuesAs(JsonObject.class));
      if (page.getJsonArray("events").isEmpty()
          || events.stream().anyMatch(e -> e.getString("type").equals("api_token.created"))) {
        break;
      }
      at = page.getString("next");
    }
    Set<String> types = new TreeSet<>();
    List<String> problems = new ArrayList<>();
    for (JsonObject e : events) {
      types.add(e.getString("type"));
      var errors = schema.validate(e.toString(), InputFormat.JSON);
      if (!errors.isEmpty()) {
        problems.add(e.getString("type") + ": " + errors + " in " + e);
      }
      assertTrue(
          e.toString().getBytes(StandardCharsets.UTF_8).length < 20_000,
          "events stay under 20 KB: " + e.getString("type"));
    }
    assertTrue(problems.isEmpty(), String.join("\n", problems));
    for (String expected :
        List.of(
            "team.created",
            "user.created",
            "ticket.created",
            "ticket.updated",
            "ticket.comment_added",
            "article.created",
            "article.deleted",
            "inbox.created",
            "conversation.created",
            "conversation.assigned",
            "message.created",
            "conversation.closed",
            "api_token.created")) {
      assertTrue(types.contains(expected), expected + " among " + types);
    }
    // and the schema refuses what is not an event of a known type
    assertTrue(
        !schema
            .validate(
                "{\"id\":\"evt_1\",\"type\":\"ticket.exploded\",\"timestamp\":\"2026-12-02T10:00:00Z\","
                    + "\"aggregate\":{\"type\":\"ticket\",\"id\":\"1\"},\"data\":{}}",
                InputFormat.JSON)
            .isEmpty());
    assertTrue(
        !schema
            .validate(
                "{\"id\":\"evt_1\",\"type\":\"ticket.created\",\"timestamp\":\"2026-12-02T10:00:00Z\","
                    + "\"aggregate\":{\"type\":\"ticket\",\"id\":\"1\"},\"data\":{\"id\":\"x\"}}",
                InputFormat.JSON)
            .isEmpty());
  }
}
