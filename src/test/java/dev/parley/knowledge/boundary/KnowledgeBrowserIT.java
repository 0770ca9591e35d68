package dev.parley.knowledge.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.testing.Browser;
import dev.parley.testing.ChatClient;
import dev.parley.testing.ChatFixture;
import dev.parley.testing.ConsolePage;
import dev.parley.testing.Parley;
import dev.parley.testing.XssCorpus;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * KB-14 the knowledge base in the console, in Chromium: an administrator writes an article with a
 * live preview; two sessions edit it at once and the second is shown the conflict for review, never
 * a silent overwrite; revisions are compared and one restored; a knowledge gap becomes a draft in
 * one click; markup in data stays text; in Chinese too, with no serious accessibility violation; an
 * agent gets a clear page.
 */
class KnowledgeBrowserIT {

  private static JsonObject article(long id) {
    return Parley.get("/api/v1/articles/" + id, Parley.admin()).json();
  }

  private static long openedId(Browser browser) {
    browser.until(d -> d.getCurrentUrl().matches(".*#/knowledge/\\d+$"));
    String url = browser.driver().getCurrentUrl();
    return Long.parseLong(url.substring(url.lastIndexOf('/') + 1));
  }

  private static void type(Browser browser, String id, String text) {
    WebElement field = browser.visible(By.id(id));
    field.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
    field.sendKeys(text);
  }

  @Test
  void anAdministratorWritesReviewsAConflictAndRestoresARevision() throws Exception {
    Parley.User first = Parley.newUser("admin");
    Parley.User second = Parley.newUser("admin");
    String title = "Returns " + Parley.unique();
    String payload = XssCorpus.payloads().get(3);
    List<String> violations = new ArrayList<>();
    try (Browser a = Browser.start("en-US");
        Browser b = Browser.start("en-US")) {
      a.guardAgainstScripts();
      ConsolePage.signIn(a, first);
      a.driver().findElement(By.id("to-knowledge")).click();
      a.visible(By.id("articles-title"));
      violations.addAll(a.accessibilityViolations());

      // a new article, previewed as it is typed
      a.driver().findElement(By.id("article-new")).click();
      type(a, "article-title", title);
      type(a, "article-tags", "returns, refunds");
      a.driver()
          .findElement(By.id("article-body"))
          .sendKeys(
              "## How to return\nSend it back **within 30 days**.\n\n- Keep the receipt\n- "
                  + payload
                  + "\n\n[a trap](javascript:alert(1)) and [our site](https://example.com)"
                  + " and [tea](https://en.wikipedia.org/wiki/Tea_(meal)).");
      a.until(d -> d.findElements(By.cssSelector("#article-preview h3")).size() == 1);
      assertEquals(
          "How to return", a.driver().findElement(By.cssSelector("#article-preview h3")).getText());
      assertEquals(
          "within 30 days",
          a.driver().findElement(By.cssSelector("#article-preview strong")).getText());
      assertEquals(
          List.of("https://example.com/", "https://en.wikipedia.org/wiki/Tea_(meal)"),
          a.driver().findElements(By.cssSelector("#article-preview a")).stream()
              .map(link -> link.getDomProperty("href"))
              .toList(),
          "only the https links, a parenthesis in an address kept");
      a.driver().findElement(By.id("article-save")).click();
      long id = openedId(a);
      a.until(d -> d.findElement(By.id("article-heading")).getText().equals(title));
      assertEquals(
          List.of("refunds", "returns"),
          article(id).getJsonArray("tags").getValuesAs(jakarta.json.JsonString.class).stream()
              .map(jakarta.json.JsonString::getString)
              .sorted()
              .toList());
      a.assertNoInjectedScript("the editor's preview");
      violations.addAll(a.accessibilityViolations());

      // two sessions: the second to save is shown the first's change for review
      ConsolePage.signIn(b, second);
      b.driver().get(Parley.baseUrl() + "/console/#/knowledge/" + id);
      b.until(d -> d.findElement(By.id("article-title")).getAttribute("value").equals(title));
      a.driver()
          .findElement(By.id("article-body"))
          .sendKeys(Keys.chord(Keys.CONTROL, Keys.END), "\n\nRefunds take 5 days.");
      a.driver().findElement(By.id("article-save")).click();
      a.until(d -> article(id).getInt("revision") == 2);
      type(b, "article-title", title + " (edited)");
      b.driver().findElement(By.id("article-save")).click();
      b.text(By.id("conflict-title"), "Changed by someone else — review");
      String diff = b.driver().findElement(By.id("conflict-diff")).getText();
      assertTrue(diff.contains("Refunds take 5 days."), diff);
      assertEquals(2, article(id).getInt("revision"), "nothing was overwritten");
      violations.addAll(b.accessibilityViolations());
      b.screenshot("knowledge-conflict-en");
      b.driver().findElement(By.id("conflict-keep")).click();
      b.until(d -> !d.findElement(By.id("article-conflict")).isDisplayed());
      JsonObject saved = article(id);
      assertEquals(3, saved.getInt("revision"));
      assertEquals(title + " (edited)", saved.getString("title"));

      // revisions: compared, and the first restored
      a.driver().navigate().refresh();
      a.until(d -> d.findElements(By.cssSelector("#revision-rows tr")).size() == 3);
      a.driver().findElement(By.cssSelector("input[name=from][value='1']")).click();
      a.until(
          d ->
              d.findElement(By.id("revision-diff-title"))
                  .getText()
                  .equals("Revision 1 → revision 3"));
      // revision 3 kept the second session's body (without the first's line) under a new title
      List<WebElement> added = a.driver().findElements(By.cssSelector("#revision-diff li.added"));
      assertEquals(1, added.size());
      assertTrue(added.get(0).getText().contains(title + " (edited)"), added.get(0).getText());
      assertEquals(1, a.driver().findElements(By.cssSelector("#revision-diff li.removed")).size());
      violations.addAll(a.accessibilityViolations());
      a.screenshot("knowledge-revisions-en");
      a.driver().findElement(By.cssSelector("#revision-rows tr:last-child button")).click();
      a.until(d -> article(id).getInt("revision") == 4);
      assertEquals(title, article(id).getString("title"));
      assertFalse(article(id).getString("body").contains("Refunds take 5 days."));

      // the list, filtered, in Chinese
      a.driver().get(Parley.baseUrl() + "/console/#/knowledge");
      a.visible(By.id("article-search")).sendKeys(title);
      a.until(d -> d.findElements(By.cssSelector("#article-rows tr")).size() == 1);
      new Select(a.driver().findElement(By.id("locale"))).selectByValue("zh-CN");
      a.text(By.id("articles-title"), "文章");
      violations.addAll(a.accessibilityViolations());
      a.assertNoInjectedScript("the knowledge base");
      assertTrue(violations.isEmpty(), String.join("\n", violations));
    }
  }

  @Test
  void aKnowledgeGapBecomesADraftInOneClick() throws Exception {
    ChatFixture chat = ChatFixture.create("manual");
    assertEquals(
        200,
        Parley.call("PATCH", "/api/v1/inboxes/" + chat.inboxId, Parley.admin(), "{\"bot\":true}")
            .status());
    String odd = "How do I recalibrate the flux capacitor of model " + Parley.unique() + "?";
    try (ChatClient visitor =
        ChatClient.visitor(Parley.baseUrl(), chat.visitorToken(), ChatFixture.ORIGIN)) {
      ChatFixture.start(visitor, odd, null);
    }
    Awaitility.await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                Parley.get("/api/v1/knowledge/gaps?limit=500", Parley.admin())
                    .body()
                    .contains(odd.substring(0, 45)));
    try (Browser browser = Browser.start("en-US")) {
      ConsolePage.signIn(browser, Parley.newUser("admin"));
      browser.driver().get(Parley.baseUrl() + "/console/#/knowledge/gaps");
      By row = By.xpath("//tbody[@id='gap-rows']/tr[contains(., '" + odd.substring(0, 45) + "')]");
      browser.visible(row);
      assertTrue(browser.accessibilityViolations().isEmpty());
      browser.driver().findElement(row).findElement(By.tagName("button")).click();
      long id = openedId(browser);
      JsonObject draft = article(id);
      assertEquals("draft", draft.getString("status"));
      assertTrue(draft.getString("body").contains("flux capacitor"));
      browser.until(
          d ->
              d.findElement(By.id("article-body"))
                  .getAttribute("value")
                  .contains("flux capacitor"));
    }
  }

  @Test
  void thePlaygroundShowsWhatTheBotWouldGetWithEachMethodsScore() throws Exception {
    String title = "Descaling the espresso machine " + Parley.unique();
    Parley.Reply created =
        Parley.post(
            "/api/v1/articles",
            Parley.admin(),
            jakarta.json.Json.createObjectBuilder()
                .add("title", title)
                .add(
                    "body",
                    "## Descaling\nRun the descaling programme every two months with citric acid.")
                .add("status", "published")
                .build()
                .toString());
    assertEquals(201, created.status(), created.body());
    long id = created.json().getJsonNumber("id").longValue();
    Awaitility.await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> article(id).getJsonObject("ingestion").getString("state").equals("ready"));
    try (Browser browser = Browser.start("en-US")) {
      ConsolePage.signIn(browser, Parley.newUser("admin"));
      browser.driver().get(Parley.baseUrl() + "/console/#/knowledge/search");
      browser
          .visible(By.id("search-q"))
          .sendKeys("how often should I descale my espresso machine", Keys.ENTER);
      By hit = By.xpath("//tbody[@id='search-rows']/tr[.//a[text()='" + title + "']]");
      browser.visible(hit);
      String row = browser.driver().findElement(hit).getText();
      assertTrue(row.contains("(#"), row);
      String summary = browser.driver().findElement(By.id("search-summary")).getText();
      assertTrue(summary.contains("model ") && summary.contains("fusion "), summary);
      assertTrue(browser.accessibilityViolations().isEmpty());
      browser.screenshot("knowledge-playground-en");
    }
  }

  @Test
  void anAgentIsToldTheKnowledgeBaseIsNotForThem() throws Exception {
    try (Browser browser = Browser.start("en-US")) {
      ConsolePage.signIn(browser, Parley.newUser("agent"));
      assertFalse(browser.driver().findElement(By.id("to-knowledge")).isDisplayed());
      browser.driver().get(Parley.baseUrl() + "/console/#/knowledge/gaps");
      browser.text(By.id("forbidden-title"), "Not available to you");
    }
  }
}
