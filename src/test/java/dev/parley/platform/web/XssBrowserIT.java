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
 * description and comments), and the widget and the console render them in Chromium while the test
 * counts dialogs, payload markers, Content-Security-Policy violations and injected elements. Zero.
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
}
