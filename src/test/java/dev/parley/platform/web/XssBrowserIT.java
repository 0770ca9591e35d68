package dev.parley.platform.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.testing.Browser;
import dev.parley.testing.ChatClient;
import dev.parley.testing.ChatFixture;
import dev.parley.testing.ConsolePage;
import dev.parley.testing.GlobalState;
import dev.parley.testing.KnowledgeFixture;
import dev.parley.testing.Parley;
import dev.parley.testing.XssCorpus;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * Every text from visitors, agents, articles and tickets is shown as text: a corpus of more than a
 * hundred payloads goes through every field they control (pre-chat name, messages both ways, a file
 * name, the rating comment, an agent's name, an article's title and body, a ticket's subject,
 * description and comments) and every admin field (inboxes with their greeting, away text and
 * pre-chat fields in the widget's preview, canned responses, ticket fields, teams, API tokens), and
 * the widget and the console render them in Chromium while the test counts dialogs, payload
 * markers, Content-Security-Policy violations and injected elements. Zero.
 */
class XssBrowserIT {

  private static final List<String> CORPUS = XssCorpus.payloads();

  /** A visitor's send, waiting out rate refusals as the protocol says. */
  private static void say(ChatClient visitor, long conversation, String text) throws Exception {
    String id = ChatFixture.clientId();
    for (int attempt = 0; attempt < 20; attempt++) {
      visitor.send(
          Json.createObjectBuilder()
              .add("type", "send")
              .add("id", id)
              .add("conversation", conversation)
              .add("text", text)
              .build());
      JsonObject answer =
          visitor.next(
              e ->
                  id.equals(e.getString("id", ""))
                      && ("ack".equals(e.getString("type", ""))
                          || "error".equals(e.getString("type", ""))),
              "the answer to a send");
      if (answer.getString("type").equals("ack")) {
        return;
      }
      assertEquals("rate_limited", answer.getString("code"), answer.toString());
      Thread.sleep(answer.getInt("retryAfterMs", 200)); // the protocol's own instruction
    }
    throw new AssertionError("never admitted");
  }

  @Test
  void noPayloadRunsInTheWidgetOrTheConsole() throws Exception {
    // its article would be in everyone's knowledge base: removed afterwards
    try (GlobalState restored = GlobalState.snapshot()) {
      renderEverywhere();
    }
  }

  private void renderEverywhere() throws Exception {
    assertTrue(CORPUS.size() >= 100, "a corpus of at least 100 payloads");
    ChatFixture chat = ChatFixture.create("manual");
    assertEquals(
        200,
        Parley.call("PATCH", "/api/v1/inboxes/" + chat.inboxId, Parley.admin(), "{\"bot\":true}")
            .status());
    String word = "xss" + Parley.unique();
    new KnowledgeFixture()
        .article(
            CORPUS.get(3) + " " + word,
            "# " + CORPUS.get(6) + "\n\nThe " + word + " guide.\n\n" + String.join("\n\n", CORPUS));
    Parley.User agent = chat.agent();
    Parley.Reply renamed =
        Parley.call(
            "PATCH",
            "/api/v1/users/" + agent.id(),
            Parley.admin(),
            Json.createObjectBuilder().add("displayName", CORPUS.get(4)).build().toString());
    assertEquals(200, renamed.status(), renamed.toString());

    String visitorToken = chat.visitorToken();
    long id;
    try (ChatClient visitor =
        ChatClient.visitor(Parley.baseUrl(), visitorToken, ChatFixture.ORIGIN)) {
      visitor.next("welcome");
      id =
          ChatFixture.start(
                  visitor,
                  "How does the " + word + " work? " + CORPUS.get(0),
                  Json.createObjectBuilder().add("name", CORPUS.get(1)))
              .getJsonNumber("id")
              .longValue();
      visitor.next(
          e -> "message".equals(e.getString("type", "")) && "bot".equals(e.getString("kind", "")),
          "the bot's answer, citing the article");
      String handoff = ChatFixture.clientId();
      visitor.send(
          Json.createObjectBuilder()
              .add("type", "handoff")
              .add("id", handoff)
              .add("conversation", id)
              .build());
      visitor.next(e -> handoff.equals(e.getString("id", "")), "the handoff's ack");
      String agentToken = agent.login();
      assertEquals(
          200, Parley.post("/api/v1/conversations/" + id + "/claim", agentToken, null).status());
      for (String payload : CORPUS) {
        Parley.Reply sent =
            Parley.post(
                "/api/v1/conversations/" + id + "/messages",
                agentToken,
                Json.createObjectBuilder()
                    .add("id", ChatFixture.clientId())
                    .add("text", payload)
                    .build()
                    .toString());
        assertTrue(sent.status() / 100 == 2, sent.toString());
      }
      for (String payload : CORPUS.subList(0, 40)) {
        say(visitor, id, payload);
      }
      Parley.Reply file =
          Parley.call(
              "POST",
              "/api/v1/widget/conversations/"
                  + id
                  + "/attachments?name="
                  + java.net.URLEncoder.encode(CORPUS.get(2) + ".txt", StandardCharsets.UTF_8)
                  + "&id="
                  + ChatFixture.clientId(),
              null,
              null,
              "Authorization",
              "Bearer " + visitorToken,
              "Origin",
              ChatFixture.ORIGIN,
              "Content-Type",
              "text/plain");
      assertTrue(file.status() / 100 == 2 || file.status() == 422, file.toString());
    }
    Parley.Reply escalated =
        Parley.post(
            "/api/v1/conversations/" + id + "/escalate",
            Parley.admin(),
            Json.createObjectBuilder().add("subject", CORPUS.get(7)).build().toString());
    assertEquals(201, escalated.status(), escalated.toString());
    long ticket = escalated.json().getJsonNumber("id").longValue();
    for (String payload : CORPUS.subList(0, 30)) {
      Parley.post(
          "/api/v1/tickets/" + ticket + "/comments",
          Parley.admin(),
          Json.createObjectBuilder()
              .add("body", payload)
              .add("public", payload.length() % 2 == 0)
              .build()
              .toString());
    }

    // the console: the conversation, the passage of a suggestion's source, the ticket
    try (Browser console = Browser.start("en-US")) {
      console.guardAgainstScripts();
      ConsolePage.signIn(console, agent);
      // the guard itself: markup put on the page as HTML is caught (blocked by the policy, and
      // seen)
      console.script(
          "const d = document.createElement('div');"
              + " d.innerHTML = '<img src=x onerror=\"window.__pwned=1\">';"
              + " document.querySelector('main').append(d);");
      org.junit.jupiter.api.Assertions.assertThrows(
          AssertionError.class, () -> console.assertNoInjectedScript("the guard's self-test"));
      console.driver().get(Parley.baseUrl() + "/console/#/conversations/" + id);
      console.driver().navigate().refresh(); // a new document: the guard starts afresh
      long messages =
          Parley.get("/api/v1/conversations/" + id, Parley.admin())
              .json()
              .getJsonNumber("lastSeq")
              .longValue();
      console.until(d -> d.findElements(By.cssSelector("#messages li.message")).size() >= 100);
      console.visible(By.id("earlier")).click(); // the console pages history by 100
      console.until(d -> d.findElements(By.cssSelector("#messages li.message")).size() >= messages);
      console.assertNoInjectedScript("the console's conversation");
      console.driver().findElement(By.id("suggest")).click();
      console.visible(By.cssSelector("#suggestions .citation")).click();
      console.until(d -> d.findElement(By.id("passage-text")).getText().contains(CORPUS.get(10)));
      console.assertNoInjectedScript("the cited passage");
      console.driver().get(Parley.baseUrl() + "/console/#/tickets/" + ticket);
      console.until(d -> d.findElements(By.cssSelector("#ticket-comments li")).size() >= 30);
      console.driver().findElement(By.id("tab-audit")).click();
      console.assertNoInjectedScript("the ticket");
      console.driver().get(Parley.baseUrl() + "/console/#/tickets");
      console.visible(By.cssSelector("#ticket-rows tr"));
      console.assertNoInjectedScript("the ticket list");
    }

    // the widget, as this visitor sees it: the agent's messages and name, the bot's source
    try (Browser widget = Browser.start("en-US")) {
      widget.guardAgainstScripts();
      widget.open("/widget/widget.css"); // Parley's origin, before the widget starts
      widget.script(
          "localStorage.setItem(arguments[0], arguments[1])",
          "parley.visitor." + chat.widgetKey,
          visitorToken);
      widget.open("/widget/frame.html?key=" + chat.widgetKey);
      widget.until(d -> d.findElements(By.cssSelector("#messages li.message")).size() >= 40);
      while (widget.driver().findElement(By.id("older")).isDisplayed()) {
        int shown = widget.driver().findElements(By.cssSelector("#messages li.message")).size();
        widget.driver().findElement(By.id("older")).click();
        widget.until(
            d ->
                d.findElements(By.cssSelector("#messages li.message")).size() > shown
                    || !d.findElement(By.id("older")).isDisplayed());
      }
      assertTrue(
          widget.driver().findElements(By.cssSelector("#messages li.message")).size()
              >= CORPUS.size() + 40,
          "every message the visitor may see");
      widget.assertNoInjectedScript("the widget's conversation");
      widget.driver().findElement(By.cssSelector("#messages .source")).click();
      // (visitors read an article's text without its markup)
      widget.until(
          d -> d.findElement(By.id("article-text")).getText().contains("The " + word + " guide"));
      widget.assertNoInjectedScript("the widget's article");
      assertEquals(
          CORPUS.get(3) + " " + word,
          widget.driver().findElement(By.id("article-title")).getText());
    }
  }

  /** The corpus joined into texts of at most {@code max} characters, every payload whole. */
  private static List<List<String>> chunks(int max) {
    List<List<String>> chunks = new java.util.ArrayList<>();
    List<String> current = new java.util.ArrayList<>();
    int length = 0;
    for (String payload : CORPUS) {
      if (length + payload.length() + 1 > max && !current.isEmpty()) {
        chunks.add(current);
        current = new java.util.ArrayList<>();
        length = 0;
      }
      current.add(payload);
      length += payload.length() + 1;
    }
    chunks.add(current);
    return chunks;
  }

  private static String clip(String text, int max) {
    return text.length() > max ? text.substring(0, max) : text;
  }

  private static jakarta.json.JsonArray array(List<String> values) {
    var array = Json.createArrayBuilder();
    values.forEach(array::add);
    return array.build();
  }

  /**
   * The admin screens: the whole corpus in inboxes (name, greeting, away text, a pre-chat field's
   * label and choices, shown in the widget's preview), canned responses (title, text), ticket
   * fields (label, choices), a team's and an API token's name; each screen rendered in Chromium.
   */
  @Test
  void noPayloadRunsInTheAdminScreens() {
    String tag = Parley.unique();
    List<Long> inboxes = new java.util.ArrayList<>();
    List<Long> canned = new java.util.ArrayList<>();
    // ticket fields apply to every ticket: put back (inactive) afterwards
    try (GlobalState restored = GlobalState.snapshot()) {
      int n = 0;
      for (List<String> chunk : chunks(1900)) {
        String text = String.join(" ", chunk);
        Parley.Reply inbox =
            Parley.post(
                "/api/v1/inboxes",
                Parley.admin(),
                Json.createObjectBuilder()
                    .add("name", clip("xss " + tag + " " + n + " " + chunk.get(0), 120))
                    .add("allowedOrigins", Json.createArrayBuilder().add("https://xss.example"))
                    .add("greeting", text)
                    .add("offlineText", text)
                    .add(
                        "preChatFields",
                        Json.createArrayBuilder()
                            .add(
                                Json.createObjectBuilder()
                                    .add("key", "topic")
                                    .add("label", chunk.get(0))
                                    .add("type", "select")
                                    .add("options", array(chunk))))
                    .build()
                    .toString());
        assertEquals(201, inbox.status(), inbox.toString());
        inboxes.add(inbox.json().getJsonNumber("id").longValue());
        Parley.Reply reply =
            Parley.post(
                "/api/v1/canned-responses",
                Parley.admin(),
                Json.createObjectBuilder()
                    .add("shortcut", "xss" + tag.toLowerCase() + n)
                    .add("title", clip(chunk.get(0), 200))
                    .add("body", text)
                    .build()
                    .toString());
        assertEquals(201, reply.status(), reply.toString());
        canned.add(reply.json().getJsonNumber("id").longValue());
        Parley.Reply field =
            Parley.post(
                "/api/v1/ticket-fields",
                Parley.admin(),
                Json.createObjectBuilder()
                    .add("key", "xss_" + tag.toLowerCase() + "_" + n)
                    .add("label", clip(chunk.get(0), 120))
                    .add("type", "dropdown")
                    // a choice is one line
                    .add(
                        "options",
                        array(
                            chunk.stream()
                                .map(x -> x.replaceAll("[\\r\\n]+", " ").strip())
                                .filter(x -> !x.isEmpty())
                                .distinct()
                                .toList()))
                    .build()
                    .toString());
        assertEquals(201, field.status(), field.toString());
        n++;
      }
      Parley.Reply team =
          Parley.post(
              "/api/v1/teams",
              Parley.admin(),
              Json.createObjectBuilder()
                  .add("name", clip("xss " + tag + " " + CORPUS.get(5), 120))
                  .build()
                  .toString());
      assertEquals(201, team.status(), team.toString());
      Parley.Reply token =
          Parley.post(
              "/api/v1/api-tokens",
              Parley.admin(),
              Json.createObjectBuilder()
                  .add("name", clip("xss " + tag + " " + CORPUS.get(7), 120))
                  .add("scopes", Json.createArrayBuilder().add("events:read"))
                  .build()
                  .toString());
      assertEquals(201, token.status(), token.toString());

      try (Browser console = Browser.start("en-US")) {
        console.guardAgainstScripts();
        ConsolePage.signIn(console, Parley.newUser("admin"));
        console.driver().get(Parley.baseUrl() + "/console/#/settings/inboxes");
        console.until(d -> d.findElement(By.id("inbox-rows")).getText().contains("xss " + tag));
        console.assertNoInjectedScript("the inboxes");
        for (long id : inboxes) {
          console.driver().get(Parley.baseUrl() + "/console/#/settings/inboxes/" + id);
          console.until(
              d -> d.findElements(By.cssSelector("#widget-preview select option")).size() > 1);
          console.assertNoInjectedScript("inbox " + id + " and its preview");
        }
        for (String section : List.of("canned", "fields", "teams", "tokens")) {
          console.driver().get(Parley.baseUrl() + "/console/#/settings/" + section);
          console.until(d -> d.findElement(By.id("settings-pane")).getText().contains("xss"));
          console.assertNoInjectedScript("Settings › " + section);
        }
        String shown = console.driver().findElement(By.id("settings-pane")).getText();
        assertTrue(shown.contains(clip("xss " + tag + " " + CORPUS.get(7), 120)), "as text");
      }
    } finally {
      inboxes.forEach(id -> Parley.call("DELETE", "/api/v1/inboxes/" + id, Parley.admin(), null));
      canned.forEach(
          id -> Parley.call("DELETE", "/api/v1/canned-responses/" + id, Parley.admin(), null));
    }
  }
}
