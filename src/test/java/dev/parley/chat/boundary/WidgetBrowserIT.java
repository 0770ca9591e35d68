package dev.parley.chat.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.testing.Browser;
import dev.parley.testing.ChatFixture;
import dev.parley.testing.ConsolePage;
import dev.parley.testing.HostPage;
import dev.parley.testing.KnowledgeFixture;
import dev.parley.testing.Parley;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * CH-10: the widget on a customer's site (another origin than Parley's), in a real Chromium: the
 * visitor asks, the bot answers with its source, the visitor asks for a person, an agent answers in
 * the console, closes, and the visitor rates; a hostile host stylesheet, Chinese and a phone.
 */
class WidgetBrowserIT {

  /** An inbox whose widget the host page may embed, the bot on or off, manual assignment. */
  static ChatFixture inboxFor(HostPage host, boolean bot) {
    return inboxFor(host, bot, "manual");
  }

  /** An inbox whose widget the host page may embed, with an assignment policy. */
  static ChatFixture inboxFor(HostPage host, boolean bot, String assignment) {
    ChatFixture chat = ChatFixture.create(assignment);
    Parley.Reply patched =
        Parley.call(
            "PATCH",
            "/api/v1/inboxes/" + chat.inboxId,
            Parley.admin(),
            Json.createObjectBuilder()
                .add("bot", bot)
                .add(
                    "allowedOrigins",
                    Json.createArrayBuilder().add(ChatFixture.ORIGIN).add(host.origin()))
                .build()
                .toString());
    assertEquals(200, patched.status(), patched.toString());
    return chat;
  }

  @Test
  void aVisitorAsksTheBotThenTalksToAnAgentAndRatesTheConversation() throws Exception {
    try (HostPage host = HostPage.start();
        Browser visitor = Browser.start("en-US");
        Browser agentBrowser = Browser.start("en-US")) {
      ChatFixture chat = inboxFor(host, true);
      String word = "w" + Parley.unique();
      String title = "Resetting the " + word + " router";
      new KnowledgeFixture()
          .article(
              title, "To reset the " + word + " router, hold the reset button for ten seconds.");
      visitor.driver().get(host.shop("/", chat.widgetKey, ""));
      WidgetPage widget = WidgetPage.open(visitor);

      widget.start("Ada", "How do I reset my " + word + " router?");
      WebElement source = visitor.visible(By.cssSelector("#messages .kind-bot .source"));
      assertEquals(title, source.getText());
      visitor.screenshot("widget-bot-answer-en");
      source.click();
      visitor.text(By.id("article-title"), title);
      assertTrue(
          visitor.driver().findElement(By.id("article-text")).getText().contains("ten seconds"));
      visitor.driver().findElement(By.id("back")).click();

      // "Talk to a person": the bot stops, the conversation waits for an agent
      visitor.visible(By.cssSelector("#messages .actions button:last-child")).click();
      long id = widget.conversationId();
      Parley.User agent = chat.agent();
      awaitState(id, "handoff_pending");

      ConsolePage console = ConsolePage.signIn(agentBrowser, agent);
      console.open(id, "unassigned");
      agentBrowser.driver().findElement(By.id("claim")).click();
      awaitState(id, "human");
      console.reply("Hello Ada, I can help with that.");
      visitor.until(
          d ->
              d.findElement(By.id("messages"))
                  .getText()
                  .contains("Hello Ada, I can help with that."));
      // the visitor asks again: suggestions appear beside the agent's composer, with their source
      visitor
          .driver()
          .findElement(By.id("text"))
          .sendKeys("How long do I hold the button on the " + word + " router?", Keys.ENTER);
      agentBrowser.until(
          d -> d.findElement(By.id("messages")).getText().contains("How long do I hold"));
      WebElement suggestion = agentBrowser.visible(By.cssSelector("#suggestions li.suggestion"));
      assertEquals(title, suggestion.findElement(By.cssSelector(".citation")).getText());
      suggestion.findElement(By.cssSelector(".citation")).click();
      agentBrowser.until(
          d -> d.findElement(By.id("passage-text")).getText().contains("ten seconds"));
      agentBrowser.driver().findElement(By.cssSelector("#passage-dialog button")).click();
      agentBrowser.screenshot("console-suggestions-en");
      // inserted with Alt+1, edited, sent: the visitor gets the edited text
      WebElement compose = agentBrowser.driver().findElement(By.id("compose"));
      compose.sendKeys(Keys.chord(Keys.ALT, "1"));
      agentBrowser.until(d -> !compose.getAttribute("value").isBlank());
      compose.sendKeys(" Anything else I can do?", Keys.ENTER);
      visitor.until(
          d -> d.findElement(By.id("messages")).getText().contains("Anything else I can do?"));
      org.awaitility.Awaitility.await()
          .atMost(java.time.Duration.ofSeconds(10))
          .until(
              () ->
                  Parley.get("/api/v1/conversations/" + id + "/assist/decisions", Parley.admin())
                      .json()
                      .getJsonArray("decisions")
                      .stream()
                      .anyMatch(
                          d -> "sent_edited".equals(d.asJsonObject().getString("outcome", ""))));

      // escalated: a ticket, linked from the conversation
      agentBrowser.driver().findElement(By.id("escalate")).click();
      agentBrowser.visible(By.id("escalate-subject")).clear();
      agentBrowser
          .driver()
          .findElement(By.id("escalate-subject"))
          .sendKeys("Router reset for Ada", Keys.ENTER);
      WebElement ticketLink = agentBrowser.visible(By.id("ticket-link"));
      long ticket =
          Parley.get("/api/v1/conversations/" + id, Parley.admin())
              .json()
              .getJsonNumber("ticket")
              .longValue();
      assertEquals("#/tickets/" + ticket, ticketLink.getDomAttribute("href"));
      assertEquals(
          "Router reset for Ada",
          Parley.get("/api/v1/tickets/" + ticket, Parley.admin()).json().getString("subject"));

      agentBrowser.driver().findElement(By.id("close")).click();
      awaitState(id, "closed");
      WebElement four = visitor.visible(By.cssSelector("label[for=score-4]"));
      four.click();
      visitor.driver().findElement(By.id("rating-comment")).sendKeys("Quick and kind");
      visitor.screenshot("widget-rating-en");
      visitor.driver().findElement(By.cssSelector("#rating-form button[type=submit]")).click();
      visitor.visible(By.id("rating-done"));
      // no request to any host but Parley, from the frame or for the widget on the host page
      assertTrue(onlyFrom(visitor, Parley.baseUrl()), "the frame fetched only from Parley");
      visitor.driver().switchTo().defaultContent();
      assertTrue(
          onlyFrom(visitor, Parley.baseUrl(), host.origin()),
          "the host page fetched only from itself and Parley");
      JsonObject rated = Parley.get("/api/v1/conversations/" + id, Parley.admin()).json();
      assertEquals(4, rated.getJsonObject("csat").getInt("score"), rated.toString());
      assertEquals("Quick and kind", rated.getJsonObject("csat").getString("comment"));
    }
  }

  @Test
  void theVisitorsConversationResumesAfterTheNetworkIsCutWithNothingLostOrDoubled()
      throws Exception {
    ChatFixture chat = ChatFixture.create("manual");
    Parley.User agent = chat.agent();
    try (Browser visitor = Browser.start("en-US")) {
      visitor.recordSockets();
      visitor.open("/widget/frame.html?key=" + chat.widgetKey); // the panel as a page of its own
      WidgetPage widget = new WidgetPage(visitor);
      widget.start("Ada", "first");
      long id = widget.conversationId();
      String token = agent.login();
      assertEquals(
          200, Parley.post("/api/v1/conversations/" + id + "/claim", token, null).status());

      // the network drops: the agent writes meanwhile, the visitor writes while offline
      visitor.script("window.__sockets.forEach(s => s.close())");
      visitor.until(d -> d.findElement(By.id("connection")).isDisplayed()); // "Reconnecting…"
      for (int i = 0; i < 3; i++) {
        Parley.post(
            "/api/v1/conversations/" + id + "/messages",
            token,
            Json.createObjectBuilder()
                .add("id", ChatFixture.clientId())
                .add("text", "while you were away " + i)
                .build()
                .toString());
      }
      visitor.driver().findElement(By.id("text")).sendKeys("sent offline", Keys.ENTER);

      // back: every message once, in order, and the offline one stored once
      visitor.until(d -> !d.findElement(By.id("connection")).isDisplayed());
      visitor.until(
          d -> d.findElement(By.id("messages")).getText().contains("while you were away 2"));
      visitor.until(d -> d.findElements(By.cssSelector("#messages li.pending")).isEmpty());
      java.util.List<String> texts =
          visitor.driver().findElements(By.cssSelector("#messages li.message .bubble")).stream()
              .map(WebElement::getText)
              .filter(
                  t ->
                      t.startsWith("while you were away")
                          || t.equals("sent offline")
                          || t.equals("first"))
              .toList();
      assertEquals(1, texts.stream().filter("sent offline"::equals).count(), texts.toString());
      assertEquals(
          java.util.List.of(
              "while you were away 0", "while you were away 1", "while you were away 2"),
          texts.stream().filter(t -> t.startsWith("while")).toList());
      long stored =
          Parley.get("/api/v1/conversations/" + id + "/messages?after=0", token)
              .json()
              .getJsonArray("messages")
              .stream()
              .filter(m -> m.asJsonObject().getString("text").equals("sent offline"))
              .count();
      assertEquals(1, stored, "stored once");
    }
  }

  @Test
  void theDemoPageOfTheEmbeddedDefaultShowsTheWidgetUnderParleysOwnPolicy() {
    // the demo inbox (key "demo") is made by the embedded default only, not on a deployment's stack
    org.junit.jupiter.api.Assumptions.assumeTrue(System.getenv("PARLEY_DB_URL") == null);
    try (Browser visitor = Browser.start("en-US")) {
      visitor.guardAgainstScripts();
      visitor.open("/widget/demo.html");
      WidgetPage.open(visitor);
      visitor.visible(By.id("start"));
      visitor.driver().switchTo().defaultContent();
      visitor.assertNoInjectedScript("the demo page"); // (no policy violation either)
    }
  }

  @Test
  void aHostileHostStylesheetInChineseOnAPhoneDoesNotBreakTheWidget() throws Exception {
    try (HostPage host = HostPage.start();
        Browser visitor = Browser.start("zh-CN")) {
      ChatFixture chat = inboxFor(host, false);
      visitor.driver().manage().window().setSize(new Dimension(390, 844));
      String hostile =
          "<style>* { all: revert !important; font-size: 40px !important;"
              + " line-height: 3 !important; } div, iframe, button { position: static !important;"
              + " display: inline !important; width: 10px !important; height: 10px !important;"
              + " opacity: .1 !important; transform: scale(.2) !important; }"
              + " body * { visibility: hidden !important; }</style>";
      visitor.driver().get(host.shop("/hostile", chat.widgetKey, hostile));
      WebElement launcher = WidgetPage.launcher(visitor);
      assertEquals(56, launcher.getSize().getWidth(), "the launcher keeps its size");
      assertEquals(56, launcher.getSize().getHeight());
      launcher.click();
      WebElement frame = WidgetPage.frame(visitor);
      assertEquals(390, frame.getSize().getWidth(), "full screen on a phone");
      visitor.driver().switchTo().frame(frame);
      visitor.text(By.id("start"), "开始对话");
      visitor.screenshot("widget-home-zh-CN-phone");
      WidgetPage widget = new WidgetPage(visitor);
      widget.start("林", "你好，我的订单到哪里了？");
      visitor.until(d -> d.findElement(By.id("messages")).getText().contains("你好，我的订单到哪里了？"));
      assertEquals("我", visitor.driver().findElement(By.cssSelector(".mine .author")).getText());
      visitor.screenshot("widget-conversation-zh-CN-phone");

      // the visible area shrinks (as when the on-screen keyboard opens; here by zooming in): the
      // panel follows it, so the message field stays in sight
      visitor.driver().switchTo().defaultContent();
      visitor.cdp("Emulation.setPageScaleFactor", java.util.Map.of("pageScaleFactor", 2));
      visitor.until(
          d -> {
            Object fits =
                visitor.script(
                    "const f = document.querySelector('[data-parley-widget]').shadowRoot"
                        + ".querySelector('iframe').getBoundingClientRect();"
                        + " const v = visualViewport;"
                        + " return v.height < innerHeight - 100"
                        + " && Math.abs(f.height - v.height) < 2 && Math.abs(f.top - v.offsetTop) < 2;");
            return Boolean.TRUE.equals(fits) ? true : null;
          });
    }
  }

  /** Whether every resource the current document fetched came from one of these origins. */
  static boolean onlyFrom(Browser browser, String... origins) {
    @SuppressWarnings("unchecked")
    java.util.List<String> fetched =
        (java.util.List<String>)
            browser.script("return performance.getEntriesByType('resource').map(e => e.name)");
    return !fetched.isEmpty()
        && fetched.stream()
            .allMatch(
                url -> java.util.Arrays.stream(origins).anyMatch(o -> url.startsWith(o + "/")));
  }

  static void awaitState(long id, String state) {
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(20))
        .until(
            () ->
                state.equals(
                    Parley.get("/api/v1/conversations/" + id, Parley.admin())
                        .json()
                        .getString("state")));
  }
}
