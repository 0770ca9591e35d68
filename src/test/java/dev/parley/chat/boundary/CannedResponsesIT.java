package dev.parley.chat.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.parley.testing.ChatClient;
import dev.parley.testing.ChatFixture;
import dev.parley.testing.Parley;
import jakarta.json.Json;
import org.junit.jupiter.api.Test;

/** CH-5: admins write canned responses; agents find them by shortcut and fill them in. */
class CannedResponsesIT {

  @Test
  void anAgentFillsInACannedResponseForTheirConversation() throws Exception {
    String shortcut = "thanks-" + Parley.unique().toLowerCase();
    Parley.Reply created =
        Parley.post(
            "/api/v1/canned-responses",
            Parley.admin(),
            Json.createObjectBuilder()
                .add("shortcut", "/" + shortcut)
                .add("title", "Thanks")
                .add(
                    "body",
                    "Thanks {{visitor.name|there}}! {{agent.name}} ({{visitor.fields.plan}})")
                .build()
                .toString());
    assertEquals(201, created.status(), created.toString());
    long id = created.json().getJsonNumber("id").longValue();
    Parley.Reply duplicate =
        Parley.post(
            "/api/v1/canned-responses",
            Parley.admin(),
            Json.createObjectBuilder()
                .add("shortcut", shortcut)
                .add("title", "t")
                .add("body", "b")
                .build()
                .toString());
    assertEquals(409, duplicate.status());
    Parley.Reply unknown =
        Parley.post(
            "/api/v1/canned-responses",
            Parley.admin(),
            Json.createObjectBuilder()
                .add("shortcut", "u" + shortcut)
                .add("title", "t")
                .add("body", "{{secret}}")
                .build()
                .toString());
    assertEquals(422, unknown.status());
    assertEquals(
        "#/body", unknown.json().getJsonArray("errors").getJsonObject(0).getString("pointer"));

    ChatFixture chat = ChatFixture.create("manual");
    Parley.User agent = chat.agent();
    String token = agent.login();
    assertEquals(
        403,
        Parley.post("/api/v1/canned-responses", token, "{}").status(),
        "agents do not write them");
    assertEquals(
        shortcut,
        Parley.get("/api/v1/canned-responses?q=/" + shortcut, token)
            .array()
            .getJsonObject(0)
            .getString("shortcut"));
    try (ChatClient visitor =
        ChatClient.visitor(Parley.baseUrl(), chat.visitorToken(), ChatFixture.ORIGIN)) {
      visitor.next("welcome");
      long conversation = ChatProtocolIT.start(visitor, "hi").getJsonNumber("id").longValue();
      Parley.Reply rendered =
          Parley.get(
              "/api/v1/canned-responses/" + id + "/render?conversation=" + conversation, token);
      assertEquals("Thanks Ada! Test agent (pro)", rendered.json().getString("text"));
      String outsider = ChatFixture.create("manual").agent().login();
      assertEquals(
          404,
          Parley.get(
                  "/api/v1/canned-responses/" + id + "/render?conversation=" + conversation,
                  outsider)
              .status());
    }
  }
}
