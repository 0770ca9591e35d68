package dev.parley.chat.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.testing.Browser;
import dev.parley.testing.ConsolePage;
import dev.parley.testing.Parley;
import dev.parley.testing.XssCorpus;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * CH-13 Settings › Inboxes in Chromium: an administrator adds an inbox, changes its greeting, its
 * business hours, its pre-chat fields and its bot and sees the widget's preview follow before
 * saving; what is saved is what the API then holds; a wrong website is refused with its field named
 * and nothing saved; the snippet and the identity secret are the API's; markup in a name stays
 * text; in Chinese, on a phone, with no serious accessibility violation; an agent gets a clear
 * page.
 */
class InboxesBrowserIT {

  private static JsonObject inbox(long id) {
    return Parley.get("/api/v1/inboxes/" + id, Parley.admin()).json();
  }

  private static String preview(Browser browser) {
    return browser.driver().findElement(By.id("widget-preview")).getText();
  }

  private static void replace(WebElement field, String text) {
    field.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
    field.sendKeys(text);
  }

  @Test
  void anAdministratorConfiguresAnInboxAndWatchesThePreview() {
    String name = "Shop " + Parley.unique() + " " + XssCorpus.payloads().get(3);
    String team = "Team " + Parley.unique();
    Parley.post(
        "/api/v1/teams",
        Parley.admin(),
        Json.createObjectBuilder().add("name", team).build().toString());
    List<String> violations = new ArrayList<>();
    try (Browser browser = Browser.start("en-US")) {
      browser.guardAgainstScripts();
      ConsolePage.signIn(browser, Parley.newUser("admin"));
      browser.driver().get(Parley.baseUrl() + "/console/#/settings/inboxes");
      browser.text(By.id("inboxes-title"), "Inboxes");
      violations.addAll(browser.accessibilityViolations());

      // added from the list, then its page
      browser.driver().findElement(By.id("inbox-new-name")).sendKeys(name);
      browser.driver().findElement(By.id("inbox-new-origin")).sendKeys("https://shop.example.com");
      browser.driver().findElement(By.id("inbox-create")).click();
      browser.until(d -> d.getCurrentUrl().matches(".*#/settings/inboxes/\\d+$"));
      String url = browser.driver().getCurrentUrl();
      long id = Long.parseLong(url.substring(url.lastIndexOf('/') + 1));
      browser.text(By.id("inbox-heading"), name);
      assertTrue(preview(browser).contains(name), preview(browser));

      // the greeting, previewed as it is typed (not saved yet)
      browser.driver().findElement(By.id("inbox-greeting")).sendKeys("Welcome to the shop!");
      browser.until(d -> preview(browser).contains("Welcome to the shop!"));
      assertTrue(inbox(id).isNull("greeting"), "nothing saved while typing");

      // a required choice before the chat
      browser.driver().findElement(By.id("prechat-add")).click();
      WebElement field =
          browser.driver().findElement(By.cssSelector("#prechat-fields li:last-child"));
      field.findElement(By.name("label")).sendKeys("Order type");
      field.findElement(By.name("key")).sendKeys("order_type");
      new Select(field.findElement(By.name("type"))).selectByValue("select");
      field.findElement(By.name("options")).sendKeys("Online, In store");
      field.findElement(By.name("required")).click();
      browser.until(
          d ->
              d.findElements(By.cssSelector("#widget-preview select option")).size() == 2
                  && preview(browser).contains("Order type *"));

      // business hours in UTC, closed today: the preview shows the away text
      browser.driver().findElement(By.id("inbox-offline")).sendKeys("Back on Monday at nine.");
      browser.driver().findElement(By.id("inbox-always")).click();
      assertTrue(browser.driver().findElement(By.id("hours-editor")).isDisplayed());
      replace(browser.driver().findElement(By.id("hours-zone")), "UTC");
      LocalDate today = LocalDate.now(ZoneOffset.UTC);
      browser.script(
          "const d = document.getElementById('hours-holiday'); d.value = arguments[0];"
              + " d.dispatchEvent(new Event('input', {bubbles: true}));",
          today.toString());
      browser.driver().findElement(By.id("hours-holiday-add")).click();
      browser.until(d -> preview(browser).contains("Back on Monday at nine."));
      assertTrue(preview(browser).contains("We are away"), preview(browser));
      browser
          .driver()
          .findElement(
              By.xpath(
                  "//fieldset[@id='inbox-teams']//label[normalize-space()='" + team + "']/input"))
          .click();
      // the bot, stricter here and with its own words
      browser.driver().findElement(By.id("inbox-bot")).click();
      browser.driver().findElement(By.id("inbox-bot-similarity")).sendKeys("0.6");
      browser
          .driver()
          .findElement(By.id("inbox-bot-handoff"))
          .sendKeys("A florist answers shortly.");
      violations.addAll(browser.accessibilityViolations());
      browser.screenshot("inbox-preview-en");

      // saved: the API holds what the form showed
      browser.driver().findElement(By.id("inbox-save")).click();
      browser.text(By.id("inbox-saved"), "Saved");
      JsonObject saved = inbox(id);
      assertEquals("Welcome to the shop!", saved.getString("greeting"));
      assertEquals("Back on Monday at nine.", saved.getString("offlineText"));
      JsonObject hours = saved.getJsonObject("businessHours");
      assertEquals("UTC", hours.getString("timeZone"));
      assertEquals(today.toString(), hours.getJsonArray("holidays").getString(0));
      assertEquals(
          Set.of("monday", "tuesday", "wednesday", "thursday", "friday"),
          hours.getJsonObject("weekly").keySet(),
          "opening the calendar starts from weekdays, 9 to 5");
      assertEquals(
          "[[\"09:00\",\"17:00\"]]", hours.getJsonObject("weekly").get("monday").toString());
      assertFalse(saved.getBoolean("openNow"), "closed on the holiday");
      JsonObject prechat = saved.getJsonArray("preChatFields").getJsonObject(0);
      assertEquals("order_type", prechat.getString("key"));
      assertEquals("select", prechat.getString("type"));
      assertTrue(prechat.getBoolean("required"));
      assertEquals(2, prechat.getJsonArray("options").size());
      assertEquals(team, saved.getJsonArray("teams").getJsonObject(0).getString("name"));
      assertTrue(saved.getBoolean("bot"));
      assertEquals(0.6, saved.getJsonNumber("botAnswerSimilarity").doubleValue());
      assertEquals("A florist answers shortly.", saved.getString("botHandoffText"));

      // a wrong website is refused, naming the field; nothing changes
      WebElement origins = browser.driver().findElement(By.id("inbox-origins"));
      origins.sendKeys("\nnot a website");
      browser.driver().findElement(By.id("inbox-save")).click();
      browser.until(d -> d.findElement(By.id("inbox-error")).getText().contains("allowedOrigins"));
      assertEquals(1, inbox(id).getJsonArray("allowedOrigins").size());

      // the snippet and the identity secret are the API's
      String key = saved.getString("widgetKey");
      browser.until(d -> d.findElement(By.id("inbox-snippet")).getText().contains(key));
      browser.driver().findElement(By.id("identity-show")).click();
      // made on its first request: read it once the page has
      browser.until(d -> !d.findElement(By.id("secret-value")).getText().isEmpty());
      String secret =
          Parley.get("/api/v1/inboxes/" + id + "/identity-secret", Parley.admin())
              .json()
              .getString("secret");
      browser.until(d -> d.findElement(By.id("secret-value")).getText().equals(secret));
      browser.driver().findElement(By.cssSelector("#secret-dialog button[type=submit]")).click();
      browser.until(d -> !d.findElement(By.id("secret-dialog")).isDisplayed());
      browser.assertNoInjectedScript("the inbox page");

      // in Chinese, on a phone
      new Select(browser.driver().findElement(By.id("locale"))).selectByValue("zh-CN");
      browser.text(By.id("preview-heading"), "预览");
      browser.driver().manage().window().setSize(new Dimension(390, 844));
      Object wider =
          browser.script(
              "const w = document.documentElement.clientWidth; return [...document"
                  + ".querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > w"
                  + " + 1).slice(0, 8).map(e => e.tagName + '#' + e.id + '.' + e.className)"
                  + ".join(', ')");
      assertEquals("", wider, "nothing is wider than the phone");
      violations.addAll(browser.accessibilityViolations());
      browser.screenshot("inbox-phone-zh-CN");
      assertTrue(violations.isEmpty(), String.join("\n", violations));
    }
  }

  @Test
  void anAgentGetsAClearPage() {
    try (Browser browser = Browser.start("en-US")) {
      ConsolePage.signIn(browser, Parley.newUser("agent"));
      browser.driver().get(Parley.baseUrl() + "/console/#/settings/inboxes");
      browser.until(d -> !d.findElements(By.id("forbidden-title")).isEmpty());
      assertTrue(browser.driver().findElements(By.id("inbox-rows")).isEmpty());
    }
  }
}
