package dev.parley.platform.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.parley.testing.Browser;
import dev.parley.testing.ChatClient;
import dev.parley.testing.ChatFixture;
import dev.parley.testing.ConsolePage;
import dev.parley.testing.Parley;
import jakarta.json.Json;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;

/**
 * Every screen of the console and the widget, checked in Chromium by axe-core against WCAG 2.0–2.2
 * A and AA, in light and dark, English and Chinese: no serious or critical violation.
 */
class AccessibilityBrowserIT {

  private final List<String> violations = new ArrayList<>();

  private void check(Browser browser, String screen) {
    for (String v : browser.accessibilityViolations()) {
      violations.add(screen + " — " + v);
    }
  }

  @Test
  void theConsoleHasNoSeriousOrCriticalViolation() throws Exception {
    ChatFixture chat = ChatFixture.create("manual");
    Parley.User agent = chat.agent();
    Parley.Reply ticket =
        Parley.post(
            "/api/v1/tickets",
            Parley.admin(),
            Json.createObjectBuilder()
                .add("subject", "Parcel lost")
                .add("description", "It never came.")
                .add(
                    "requester",
                    Json.createObjectBuilder()
                        .add("email", "a11y-" + Parley.unique() + "@example.com"))
                .add("team", chat.teamId)
                .add("assignee", agent.id())
                .build()
                .toString());
    assertEquals(201, ticket.status(), ticket.toString());
    long ticketId = ticket.json().getJsonNumber("id").longValue();
    try (ChatClient visitor =
            ChatClient.visitor(Parley.baseUrl(), chat.visitorToken(), ChatFixture.ORIGIN);
        Browser browser = Browser.start("en-US")) {
      visitor.next("welcome");
      long id =
          ChatFixture.start(
                  visitor, "Where is my parcel?", Json.createObjectBuilder().add("name", "Ada"))
              .getJsonNumber("id")
              .longValue();
      browser.open("/console/");
      browser.visible(By.id("email"));
      check(browser, "sign-in");
      ConsolePage.signIn(browser, agent);
      check(browser, "conversation list");
      browser.driver().get(Parley.baseUrl() + "/console/#/conversations/" + id);
      browser.visible(By.id("compose"));
      browser.until(
          d -> d.findElement(By.id("messages")).getText().contains("Where is my parcel?"));
      check(browser, "conversation");
      browser.driver().findElement(By.id("compose")).sendKeys("?");
      browser.driver().findElement(By.id("compose")).sendKeys(Keys.ESCAPE);
      new org.openqa.selenium.interactions.Actions(browser.driver()).sendKeys("?").perform();
      browser.visible(By.id("shortcuts"));
      check(browser, "shortcuts");
      browser.driver().get(Parley.baseUrl() + "/console/#/tickets");
      browser.visible(By.cssSelector("#ticket-rows tr"));
      check(browser, "tickets");
      browser.driver().get(Parley.baseUrl() + "/console/#/tickets/" + ticketId);
      browser.visible(By.id("ticket-status"));
      check(browser, "ticket");
      browser.preferDark();
      browser.driver().get(Parley.baseUrl() + "/console/#/conversations/" + id);
      browser.visible(By.id("compose"));
      check(browser, "conversation, dark");
      browser.driver().get(Parley.baseUrl() + "/console/#/tickets/" + ticketId);
      browser.visible(By.id("ticket-status"));
      check(browser, "ticket, dark");
    }
    assertEquals(List.of(), violations);
  }

  @Test
  void theWidgetHasNoSeriousOrCriticalViolation() throws Exception {
    ChatFixture chat = ChatFixture.create("manual");
    for (String language : List.of("en-US", "zh-CN")) {
      try (Browser browser = Browser.start(language)) {
        if (language.equals("zh-CN")) {
          browser.preferDark();
        }
        browser.open("/widget/frame.html?key=" + chat.widgetKey);
        browser.visible(By.id("start"));
        check(browser, "widget home " + language);
        browser.driver().findElement(By.id("start")).click();
        browser.visible(By.id("field-name")).sendKeys("Ada");
        check(browser, "widget pre-chat " + language);
        browser.driver().findElement(By.id("prechat-text")).sendKeys("Hello");
        browser.driver().findElement(By.cssSelector("#prechat button[type=submit]")).click();
        browser.visible(By.id("text"));
        browser.until(d -> d.findElement(By.id("messages")).getText().contains("Hello"));
        check(browser, "widget conversation " + language);
      }
    }
    assertEquals(List.of(), violations);
  }
}
