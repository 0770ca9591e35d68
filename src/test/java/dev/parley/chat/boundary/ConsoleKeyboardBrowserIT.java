package dev.parley.chat.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.testing.Browser;
import dev.parley.testing.ChatClient;
import dev.parley.testing.ChatFixture;
import dev.parley.testing.ConsolePage;
import dev.parley.testing.Parley;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

/**
 * The agent's path by keyboard only, in Chromium: "/" searches the list, "j" opens the next
 * conversation, "c" claims it, "r" writes a reply sent with Enter, "/" in the composer lists canned
 * responses, "?" shows the shortcuts; the title counts unread messages.
 */
class ConsoleKeyboardBrowserIT {

  @Test
  void anAgentFindsClaimsAndAnswersAConversationWithoutAMouse() throws Exception {
    ChatFixture chat = ChatFixture.create("manual");
    Parley.User agent = chat.agent();
    String name = "Keyboard " + Parley.unique();
    String shortcut = "kb" + Parley.unique();
    Parley.Reply canned =
        Parley.post(
            "/api/v1/canned-responses",
            Parley.admin(),
            Json.createObjectBuilder()
                .add("shortcut", shortcut)
                .add("title", "Greeting")
                .add("body", "Hello {{visitor.name|there}}, thanks for waiting.")
                .build()
                .toString());
    assertEquals(201, canned.status(), canned.toString());
    try (ChatClient visitor =
            ChatClient.visitor(Parley.baseUrl(), chat.visitorToken(), ChatFixture.ORIGIN);
        Browser browser = Browser.start("en-US")) {
      visitor.next("welcome");
      long id =
          ChatFixture.start(visitor, "I need help", Json.createObjectBuilder().add("name", name))
              .getJsonNumber("id")
              .longValue();
      ConsolePage.signIn(browser, agent);
      Actions keys = new Actions(browser.driver());
      // the unassigned view by its tab (arrow keys move between tabs)
      browser.driver().findElement(By.cssSelector("[data-view=mine]")).sendKeys(Keys.ARROW_RIGHT);
      browser.until(
          d -> "unassigned".equals(d.switchTo().activeElement().getAttribute("data-view")));
      browser.focused().sendKeys(Keys.ESCAPE);
      keys.sendKeys("/").perform();
      assertEquals("search", browser.focused().getAttribute("id"));
      browser.focused().sendKeys(name);
      browser.until(
          d ->
              d.findElements(By.cssSelector("#conversation-list li")).size() == 1
                  && d.findElement(By.cssSelector("#conversation-list li"))
                      .getAttribute("data-id")
                      .equals(Long.toString(id)));
      browser.focused().sendKeys(Keys.ESCAPE); // to the list it filtered, the search kept
      assertEquals(name, browser.driver().findElement(By.id("search")).getAttribute("value"));
      keys.sendKeys("j").perform();
      browser.text(By.id("thread-title"), name);
      keys.sendKeys("c").perform();
      WidgetBrowserIT.awaitState(id, "human");
      keys.sendKeys("r").perform();
      assertEquals("compose", browser.focused().getAttribute("id"));
      browser.focused().sendKeys("/" + shortcut);
      WebElement option = browser.visible(By.cssSelector("#canned [role=option]"));
      assertTrue(option.getText().contains(shortcut));
      browser.focused().sendKeys(Keys.ENTER); // inserts, does not send
      browser.until(
          d ->
              d.findElement(By.id("compose"))
                  .getAttribute("value")
                  .equals("Hello " + name + ", thanks for waiting."));
      browser.focused().sendKeys(Keys.ENTER);
      JsonObject reply =
          visitor.next(
              e ->
                  "message".equals(e.getString("type", ""))
                      && "agent".equals(e.getString("kind", "")),
              "the reply");
      assertEquals("Hello " + name + ", thanks for waiting.", reply.getString("text"));
      browser.focused().sendKeys(Keys.ESCAPE);
      keys.sendKeys("?").perform();
      assertTrue(browser.visible(By.id("shortcuts")).isDisplayed());
      browser.screenshot("console-shortcuts-en");
      keys.sendKeys(Keys.ESCAPE).perform();
      browser.until(d -> !d.findElement(By.id("shortcuts")).isDisplayed());
    }
  }
}
