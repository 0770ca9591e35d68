package dev.parley.chat.boundary;

import static dev.parley.chat.boundary.WidgetBrowserIT.awaitState;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.testing.Browser;
import dev.parley.testing.ChatFixture;
import dev.parley.testing.ConsolePage;
import dev.parley.testing.HostPage;
import dev.parley.testing.KnowledgeFixture;
import dev.parley.testing.Parley;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.interactions.Actions;

/**
 * CH-10, CH-12: the end-to-end flow with the keyboard alone on the visitor's side (the launcher,
 * the pre-chat form, the bot's "Talk to a person", writing, the rating), every stop with a visible
 * focus; on the agent's side, the console's notifications: a desktop notification and a chime for
 * the conversation assigned to them and for a new message in it while they look elsewhere, and the
 * unread count in the window's title.
 */
class WidgetKeyboardBrowserIT {

  @Test
  void aVisitorChatsByKeyboardAloneAndTheAgentIsNotified() throws Exception {
    try (HostPage host = HostPage.start();
        Browser visitor = Browser.start("en-US");
        Browser agentBrowser = Browser.start("en-US")) {
      ChatFixture chat = WidgetBrowserIT.inboxFor(host, true, "round_robin");
      String word = "k" + Parley.unique();
      new KnowledgeFixture()
          .article(
              "Resetting the " + word + " modem",
              "To reset the " + word + " modem, hold the reset button for ten seconds.");
      Parley.User agent = chat.agent();
      agentBrowser.recordNotifications();
      ConsolePage console = ConsolePage.signIn(agentBrowser, agent);
      agentBrowser.visible(By.id("notify-toggle")).click();
      agentBrowser.until(
          d -> "true".equals(d.findElement(By.id("notify-toggle")).getAttribute("aria-pressed")));
      agentBrowser.driver().findElement(By.id("sound-toggle")).click();
      agentBrowser.until(
          d -> "online".equals(d.findElement(By.id("presence")).getAttribute("value")));

      // the visitor: Tab reaches the launcher, Enter opens the panel with the focus inside it
      visitor.driver().get(host.shop("/", chat.widgetKey, ""));
      WidgetPage.launcher(visitor);
      press(visitor, Keys.TAB);
      assertTrue(
          (Boolean)
              visitor.script(
                  "return document.querySelector('[data-parley-widget]').shadowRoot"
                      + ".activeElement?.tagName === 'BUTTON'"),
          "Tab from the page's start reaches the launcher");
      press(visitor, Keys.ENTER);
      visitor.driver().switchTo().frame(WidgetPage.frame(visitor));
      awaitFocus(visitor, "start");
      press(visitor, Keys.ENTER);
      awaitFocus(visitor, "field-name");
      type(visitor, "Ada");
      tabTo(visitor, "#prechat-text", false);
      type(visitor, "How do I reset my " + word + " modem?");
      tabTo(visitor, "#prechat button[type=submit]", false);
      press(visitor, Keys.ENTER);
      long id = new WidgetPage(visitor).conversationId();

      // the bot answers with its source; Shift+Tab back to "Talk to a person", Enter
      visitor.visible(By.cssSelector("#messages .kind-bot .source"));
      tabTo(visitor, "#messages .actions button:last-child", true);
      press(visitor, Keys.ENTER);
      awaitState(id, "human");
      agentBrowser.until(
          d -> notifications(agentBrowser).stream().anyMatch(n -> n.get("title").equals(ASSIGNED)));

      // a message while the agent looks at the list: notified, and counted in the title
      tabTo(visitor, "#text", false);
      type(visitor, "Are you there?");
      press(visitor, Keys.ENTER);
      agentBrowser.until(
          d ->
              notifications(agentBrowser).stream()
                  .anyMatch(
                      n ->
                          n.get("title").equals(MESSAGE)
                              && n.get("body").equals("Are you there?")));
      assertTrue(
          ((Number) agentBrowser.script("return window.__chimes")).intValue() >= 2,
          "a chime for each, the sound being on");
      agentBrowser.until(d -> d.getTitle().matches("^\\(\\d+\\) .*") ? true : null);

      // the agent answers and closes; the visitor rates by keyboard: arrows choose the stars
      console.open(id, "mine");
      console.reply("Yes, Ada: hold it for ten seconds.");
      visitor.until(
          d -> d.findElement(By.id("messages")).getText().contains("hold it for ten seconds"));
      agentBrowser.driver().findElement(By.id("close")).click();
      awaitState(id, "closed");
      awaitFocus(visitor, "score-1");
      assertFocusVisible(visitor);
      press(visitor, Keys.ARROW_RIGHT);
      press(visitor, Keys.ARROW_RIGHT);
      press(visitor, Keys.ARROW_RIGHT);
      tabTo(visitor, "#rating-comment", false);
      type(visitor, "All by keyboard");
      tabTo(visitor, "#rating-form button[type=submit]", false);
      press(visitor, Keys.ENTER);
      visitor.visible(By.id("rating-done"));
      var csat = Parley.get("/api/v1/conversations/" + id, Parley.admin()).json();
      assertEquals(4, csat.getJsonObject("csat").getInt("score"), csat.toString());
      assertEquals("All by keyboard", csat.getJsonObject("csat").getString("comment"));
    }
  }

  private static final String ASSIGNED = "A conversation was assigned to you";
  private static final String MESSAGE = "New message from a visitor";

  private static void press(Browser browser, CharSequence key) {
    new Actions(browser.driver()).sendKeys(key).perform();
  }

  private static void type(Browser browser, String text) {
    new Actions(browser.driver()).sendKeys(text).perform();
  }

  private static String activeId(Browser browser) {
    return (String) browser.script("return document.activeElement && document.activeElement.id");
  }

  /** Waits for the focus to be on an element, and says where it is if it does not get there. */
  private static void awaitFocus(Browser browser, String id) {
    try {
      org.awaitility.Awaitility.await()
          .atMost(java.time.Duration.ofSeconds(10))
          .until(() -> id.equals(activeId(browser)));
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      throw new AssertionError(
          "the focus is not on #"
              + id
              + " but on "
              + browser.script(
                  "const a = document.activeElement; return a ? a.outerHTML.slice(0, 200) : 'none'")
              + " (document focused: "
              + browser.script("return document.hasFocus()")
              + ")",
          e);
    }
  }

  /** Tab (or Shift+Tab) until the focus is on what {@code css} selects: it must be reachable. */
  private static void tabTo(Browser browser, String css, boolean backwards) {
    for (int i = 0; i < 20; i++) {
      Boolean there =
          (Boolean)
              browser.script(
                  "return !!document.activeElement && document.activeElement.matches(arguments[0])",
                  css);
      if (there) {
        assertFocusVisible(browser);
        return;
      }
      press(browser, backwards ? Keys.chord(Keys.SHIFT, Keys.TAB) : Keys.TAB);
    }
    throw new AssertionError(css + " is not reachable by " + (backwards ? "Shift+Tab" : "Tab"));
  }

  /** The focused element shows it: an outline or a focus ring. */
  private static void assertFocusVisible(Browser browser) {
    Object shown =
        browser.script(
            "const s = getComputedStyle(document.activeElement);"
                + " return (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0)"
                + " || s.boxShadow !== 'none';");
    assertTrue(
        Boolean.TRUE.equals(shown),
        "the focus is visible on " + browser.script("return document.activeElement.outerHTML"));
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, String>> notifications(Browser browser) {
    return (List<Map<String, String>>) browser.script("return window.__notifications || []");
  }
}
