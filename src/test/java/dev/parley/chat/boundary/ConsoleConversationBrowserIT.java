package dev.parley.chat.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.testing.Browser;
import dev.parley.testing.ChatClient;
import dev.parley.testing.ChatFixture;
import dev.parley.testing.ConsolePage;
import dev.parley.testing.Parley;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * CH-1 and CH-2 in the agent console, in a real Chromium: an agent opens a conversation from the
 * list, sees the visitor's messages arrive live and in order, replies and writes a private note
 * with the keyboard (the visitor gets the reply, never the note), claims and closes it; text is
 * text (markup from a visitor never runs), and only http(s) addresses become links.
 */
class ConsoleConversationBrowserIT {

  private static void signIn(Browser browser, Parley.User agent) {
    ConsolePage.signIn(browser, agent);
  }

  /** Fails if any script the page did not ship ran: an alert, or the marker a payload sets. */
  private static void assertNothingRan(Browser browser) {
    assertEquals(Boolean.FALSE, browser.script("return !!window.__pwned"));
    assertTrue(
        browser.driver().findElements(By.cssSelector("#messages script, #messages svg")).isEmpty());
    // the only images are the previews of files sent in the conversation, from Parley itself
    for (var img : browser.driver().findElements(By.cssSelector("#messages img"))) {
      assertTrue(
          img.getDomProperty("src")
              .startsWith(Parley.baseUrl() + "/api/v1/conversations/attachments/"),
          img.getDomProperty("outerHTML"));
    }
  }

  /**
   * AS-7: with a streaming model the agent watches the suggestions being written — a preview that
   * cannot be inserted — until the checked ones replace it.
   */
  @Test
  void suggestionsAreWrittenBeforeTheAgentsEyesAndOnlyCheckedOnesCanBeInserted() throws Exception {
    String marker = "m" + Parley.unique();
    new dev.parley.testing.KnowledgeFixture()
        .article(
            "Warranty of the " + marker + " kettle",
            "The " + marker + " kettle has a five year warranty covering the heater.");
    String kept = "The " + marker + " kettle has a five year warranty, heater included [S1].";
    dev.parley.testing.FakeOpenAi.script(
        marker,
        dev.parley.testing.FakeOpenAi.Script.streamed(
            "{\"suggestions\":[{\"text\":\"" + kept + "\",\"citations\":[\"S1\"]}]}",
            250)); // four pieces: about a second, within the tests' 1.5 s call timeout
    ChatFixture chat = ChatFixture.create("manual");
    Parley.User agent = chat.agent();
    try (ChatClient visitor =
            ChatClient.visitor(Parley.baseUrl(), chat.visitorToken(), ChatFixture.ORIGIN);
        Browser browser = Browser.start("en-US")) {
      visitor.next("welcome");
      long id =
          ChatFixture.start(
                  visitor,
                  "How long is the warranty of the " + marker + " kettle?",
                  Json.createObjectBuilder().add("name", "Ada"))
              .getJsonNumber("id")
              .longValue();
      signIn(browser, agent);
      browser.driver().get(Parley.baseUrl() + "/console/#/conversations/" + id);
      browser.visible(By.id("suggest")).click();
      // the preview as it is being written, read at one instant (it changes under the reader)
      @SuppressWarnings("unchecked")
      List<Object> preview =
          browser.until(
              d ->
                  (List<Object>)
                      browser.script(
                          "const li = document.querySelector('#suggestions li.writing');"
                              + " return li ? [li.querySelectorAll('button').length,"
                              + " li.querySelector('.text').textContent,"
                              + " document.getElementById('suggestions').getAttribute('aria-busy')]"
                              + " : null;"));
      assertEquals(0L, preview.get(0), "a preview is read only");
      assertTrue(kept.startsWith(((String) preview.get(1)).strip()), "the text so far: " + preview);
      assertEquals("true", preview.get(2));
      WebElement insert = browser.visible(By.cssSelector("#suggestions li.suggestion .insert"));
      assertTrue(
          browser.driver().findElements(By.cssSelector("#suggestions li.writing")).isEmpty(),
          "the checked suggestion replaced the preview");
      insert.click();
      assertEquals(
          "The " + marker + " kettle has a five year warranty, heater included.",
          browser.driver().findElement(By.id("compose")).getDomProperty("value"));
    }
  }

  @Test
  void anAgentWorksAConversationLiveByKeyboard() throws Exception {
    ChatFixture chat = ChatFixture.create("manual");
    Parley.User agent = chat.agent();
    String name = "Grace " + Parley.unique();
    String visitorToken = chat.visitorToken();
    try (ChatClient visitor =
            ChatClient.visitor(Parley.baseUrl(), visitorToken, ChatFixture.ORIGIN);
        Browser browser = Browser.start("en-US")) {
      visitor.next("welcome");
      long id =
          ChatFixture.start(
                  visitor, "Hello, my parcel is late", Json.createObjectBuilder().add("name", name))
              .getJsonNumber("id")
              .longValue();
      ChatFixture.say(
          visitor,
          id,
          "<img src=x onerror=\"window.__pwned=1\"> see https://example.com/track?id=7 and javascript:window.__pwned=1");

      signIn(browser, agent);
      // unassigned: the agent finds it there and opens it with the keyboard
      WebElement unassigned =
          browser.driver().findElement(By.cssSelector("[data-view=unassigned]"));
      unassigned.click();
      WebElement link =
          browser.visible(By.cssSelector("#conversation-list li[data-id='" + id + "'] a"));
      // the row shows the visitor's last message, as text
      assertTrue(
          browser
              .driver()
              .findElement(By.cssSelector("#conversation-list li[data-id='" + id + "'] .preview"))
              .getText()
              .startsWith("<img src=x onerror="));
      link.sendKeys(Keys.ENTER);
      browser.text(By.id("thread-title"), name);
      browser.until(d -> d.findElements(By.cssSelector("#messages li.message")).size() >= 2);
      WebElement hostile =
          browser.driver().findElements(By.cssSelector("#messages li.message")).get(1);
      assertTrue(hostile.getText().contains("<img src=x onerror="), hostile.getText());
      List<WebElement> links = hostile.findElements(By.tagName("a"));
      assertEquals(1, links.size(), "only the https address is a link");
      assertEquals("https://example.com/track?id=7", links.get(0).getAttribute("href"));
      assertEquals("noopener noreferrer nofollow", links.get(0).getAttribute("rel"));
      assertNothingRan(browser);

      // claim, then a live message from the visitor appears in order
      browser.driver().findElement(By.id("claim")).sendKeys(Keys.ENTER);
      browser.until(d -> !d.findElement(By.id("claim")).isDisplayed());
      // the visitor typing, and a colleague looking at the same conversation, are shown
      visitor.send(
          Json.createObjectBuilder()
              .add("type", "typing")
              .add("conversation", id)
              .add("on", true)
              .build());
      browser.text(By.id("typing"), name + " is typing…");
      try (ChatClient other = ChatClient.staff(Parley.baseUrl(), chat.agent().login())) {
        other.next("welcome");
        ChatFixture.ask(other, "watch", id);
        browser.text(By.id("viewers"), "Also viewing: Test agent");
      }
      browser.until(d -> d.findElement(By.id("viewers")).getText().isBlank() ? true : null);
      ChatFixture.say(visitor, id, "Are you there?");
      browser.until(d -> d.findElement(By.id("messages")).getText().contains("Are you there?"));
      // a picture from the visitor shows as one
      assertEquals(
          201,
          AttachmentsIT.send(
                  "POST",
                  "/api/v1/widget/conversations/" + id + "/attachments?name=parcel.png&id=p1",
                  visitorToken,
                  AttachmentsIT.PNG,
                  "image/png")
              .statusCode());
      browser.until(
          d ->
              Boolean.TRUE.equals(
                      browser.script(
                          "const img = document.querySelector('#messages img.preview');"
                              + " return !!img && img.complete && img.naturalWidth === 1;"))
                  ? true
                  : null);

      // a reply by Enter reaches the visitor; a private note does not
      WebElement compose = browser.driver().findElement(By.id("compose"));
      compose.sendKeys("Yes, looking at it now.", Keys.ENTER);
      JsonObject reply =
          visitor.next(
              e ->
                  "message".equals(e.getString("type", ""))
                      && "agent".equals(e.getString("kind", "")),
              "the agent's reply");
      assertEquals("Yes, looking at it now.", reply.getString("text"));
      browser.driver().findElement(By.cssSelector("input[name=mode][value=note]")).click();
      compose.sendKeys("Carrier ticket 4711", Keys.ENTER);
      browser.until(
          d -> d.findElements(By.cssSelector("#messages li.kind-note:not(.pending)")).size() == 1);
      browser.driver().findElement(By.cssSelector("input[name=mode][value=reply]")).click();
      compose.sendKeys("Line one", Keys.chord(Keys.SHIFT, Keys.ENTER), "line two", Keys.ENTER);
      JsonObject twoLines =
          visitor.next(
              e ->
                  "message".equals(e.getString("type", ""))
                      && "agent".equals(e.getString("kind", "")),
              "the second reply");
      assertEquals(
          "Line one\nline two", twoLines.getString("text"), "the note never reached the visitor");

      // the page shows every stored message once, in sequence order
      long last =
          Parley.get("/api/v1/conversations/" + id, agent.login())
              .json()
              .getJsonNumber("lastSeq")
              .longValue();
      browser.until(d -> d.findElements(By.cssSelector("#messages li.message")).size() == last);
      List<Long> seqs =
          browser.driver().findElements(By.cssSelector("#messages li.message")).stream()
              .map(e -> Long.parseLong(e.getAttribute("data-seq")))
              .toList();
      for (int i = 0; i < seqs.size(); i++) {
        assertEquals(i + 1, seqs.get(i), "in order, no hole, no double: " + seqs);
      }
      browser.screenshot("console-conversation-en");

      // on a phone the conversation takes the whole screen, with a way back to the list
      browser.driver().manage().window().setSize(new org.openqa.selenium.Dimension(390, 844));
      browser.until(d -> d.findElement(By.cssSelector("a.back")).isDisplayed());
      assertFalse(browser.driver().findElement(By.id("conversation-list")).isDisplayed());
      assertTrue(
          (Long) browser.script("return document.documentElement.scrollWidth") <= 390,
          "nothing wider than the phone");
      browser.screenshot("console-conversation-phone");
      browser.driver().findElement(By.cssSelector("a.back")).click();
      browser.visible(By.cssSelector(".list-pane")); // (the view is still Unassigned: now empty)
      assertFalse(browser.driver().findElement(By.id("thread-pane")).isDisplayed());
      browser.driver().manage().window().setSize(new org.openqa.selenium.Dimension(1280, 900));
      browser.driver().navigate().back();
      browser.text(By.id("thread-title"), name);

      // close it: the state shows, the composer goes
      browser.driver().findElement(By.id("close")).sendKeys(Keys.ENTER);
      browser.text(By.id("thread-state"), "Closed");
      assertFalse(browser.driver().findElement(By.id("composer")).isDisplayed());
      assertNothingRan(browser);
    }
  }

  @Test
  void aDroppedConnectionResumesWithoutLosingOrDoublingAMessage() throws Exception {
    ChatFixture chat = ChatFixture.create("manual");
    Parley.User agent = chat.agent();
    try (ChatClient visitor =
            ChatClient.visitor(Parley.baseUrl(), chat.visitorToken(), ChatFixture.ORIGIN);
        Browser browser = Browser.start("en-US")) {
      visitor.next("welcome");
      long id = ChatFixture.start(visitor, "first", null).getJsonNumber("id").longValue();
      assertEquals(
          200, Parley.post("/api/v1/conversations/" + id + "/claim", agent.login(), null).status());
      browser.recordSockets();
      signIn(browser, agent);
      browser.driver().get(Parley.baseUrl() + "/console/#/conversations/" + id);
      browser.until(d -> d.findElement(By.id("messages")).getText().contains("first"));

      // the socket drops (as a network cut does); messages sent meanwhile arrive after the resume
      assertEquals(
          1L, browser.script("return window.__sockets.filter(s => s.readyState === 1).length"));
      browser.script("window.__sockets.forEach(s => s.close())");
      browser.until(d -> d.findElement(By.id("connection")).isDisplayed()); // "Reconnecting…"
      for (int i = 0; i < 5; i++) {
        ChatFixture.say(visitor, id, "while away " + i);
      }
      browser.until(d -> d.findElements(By.cssSelector("#messages li.kind-visitor")).size() == 6);
      List<String> texts =
          browser.driver().findElements(By.cssSelector("#messages li.kind-visitor .text")).stream()
              .map(WebElement::getText)
              .toList();
      assertEquals(
          List.of(
              "first",
              "while away 0",
              "while away 1",
              "while away 2",
              "while away 3",
              "while away 4"),
          texts);
      browser.until(d -> !d.findElement(By.id("connection")).isDisplayed());
      assertEquals(2L, browser.script("return window.__sockets.length"), "one reconnect");

      // a reply written while offline is queued and sent once on reconnect
      browser.script("window.__sockets.forEach(s => s.close())");
      browser.driver().findElement(By.id("compose")).sendKeys("sent while offline", Keys.ENTER);
      JsonObject reply =
          visitor.next(
              e ->
                  "message".equals(e.getString("type", ""))
                      && "agent".equals(e.getString("kind", "")),
              "the queued reply");
      assertEquals("sent while offline", reply.getString("text"));
      // every stored message once, in sequence order, none left pending
      long last =
          Parley.get("/api/v1/conversations/" + id, agent.login())
              .json()
              .getJsonNumber("lastSeq")
              .longValue();
      browser.until(
          d -> d.findElements(By.cssSelector("#messages li.message:not(.pending)")).size() == last);
      List<Long> seqs =
          browser.driver().findElements(By.cssSelector("#messages li.message")).stream()
              .map(e -> Long.parseLong(e.getAttribute("data-seq")))
              .toList();
      for (int i = 0; i < seqs.size(); i++) {
        assertEquals(i + 1, seqs.get(i), "in order, no hole, no double: " + seqs);
      }
    }
  }
}
