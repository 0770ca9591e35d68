package dev.parley.triage.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.testing.Browser;
import dev.parley.testing.ChatFixture;
import dev.parley.testing.ConsolePage;
import dev.parley.testing.Parley;
import jakarta.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * TR-9 Settings › Topics and triage in the console, in Chromium, as an administrator uses it: a
 * topic added with pasted examples (a duplicate reported, not silently dropped), another imported
 * from a CSV file, the model trained in the background until ready with held-out accuracy per
 * topic, "try it" classifying a message as the bot would, an explicit out-of-scope rule used and
 * withdrawn, a topic made human-only and one deleted; in Chinese too, with no serious accessibility
 * violation.
 */
class TopicsBrowserIT {

  private static List<String> names(long inbox) {
    return Parley.get("/api/v1/topics", Parley.admin()).array().stream()
        .map(JsonValue::asJsonObject)
        .filter(t -> !t.isNull("inbox") && t.getJsonNumber("inbox").longValue() == inbox)
        .map(t -> t.getString("name"))
        .toList();
  }

  @Test
  void anAdministratorTeachesTheBotItsTopics() throws Exception {
    Parley.User admin = Parley.newUser("admin");
    long inbox = ChatFixture.create("manual").inboxId;
    Path csv = Files.createTempFile("topics", ".csv");
    StringBuilder rows = new StringBuilder("topic,example\n");
    TopicModelIT.BILLING_EXAMPLES.forEach(e -> rows.append("Billing,\"").append(e).append("\"\n"));
    Files.writeString(csv, rows, StandardCharsets.UTF_8);
    List<String> violations = new ArrayList<>();
    try (Browser browser = Browser.start("en-US")) {
      ConsolePage.signIn(browser, admin);
      browser.driver().get(Parley.baseUrl() + "/console/#/settings/topics");
      WebElement set = browser.visible(By.id("topic-set"));
      new Select(set).selectByValue(Long.toString(inbox));
      browser.visible(By.id("no-topics"));
      violations.addAll(browser.accessibilityViolations());

      // pasted examples, one with a duplicate: reported
      browser.driver().findElement(By.id("topic-add")).click();
      browser.visible(By.id("topic-name")).sendKeys("Shipping");
      browser
          .driver()
          .findElement(By.id("topic-examples"))
          .sendKeys(
              String.join("\n", TopicModelIT.SHIPPING_EXAMPLES)
                  + "\n"
                  + TopicModelIT.SHIPPING_EXAMPLES.get(0));
      browser.text(By.id("topic-count"), "7 examples");
      violations.addAll(browser.accessibilityViolations());
      browser.driver().findElement(By.id("topic-save")).click();
      WebElement notes = browser.visible(By.cssSelector("#topic-notes .success"));
      assertTrue(notes.getText().contains("the same as example 1"), notes.getText());

      // another from a CSV file
      browser.driver().findElement(By.id("topic-import")).sendKeys(csv.toAbsolutePath().toString());
      browser.visible(By.id("import-result"));
      assertEquals(List.of("Billing", "Shipping"), names(inbox).stream().sorted().toList());

      // trained in the background: ready, with held-out accuracy per topic
      browser.until(
          d ->
              d.findElement(By.id("model-state")).getText().equals("Ready")
                  && d.findElement(By.id("model-facts")).getText().contains("2 topics"));
      browser.until(
          d ->
              d.findElements(By.cssSelector("#topic-rows tr")).stream()
                  .allMatch(r -> r.getText().contains("%")));
      assertTrue(
          browser
              .driver()
              .findElement(By.id("model-facts"))
              .getText()
              .contains("reads meanings and words"),
          "the head reads the messages' words too");
      violations.addAll(browser.accessibilityViolations());
      browser.screenshot("settings-topics-en");

      // try it
      browser.driver().findElement(By.id("try-text")).sendKeys("I was charged twice this month");
      browser.driver().findElement(By.id("try-send")).click();
      browser.until(d -> d.findElement(By.id("try-verdict")).getText().startsWith("Billing"));

      // an explicit rule no message passes, then the fitted ones again
      try {
        WebElement similarity = browser.driver().findElement(By.id("rule-similarity"));
        similarity.clear();
        similarity.sendKeys("0.999");
        browser.driver().findElement(By.id("rule-save")).click();
        browser.text(By.id("rule-summary"), "Your rule is in use:");
        browser.driver().findElement(By.id("try-send")).click();
        browser.until(
            d -> d.findElement(By.id("try-verdict")).getText().startsWith("Out of scope"));
        browser.driver().findElement(By.id("rule-clear")).click();
        browser.until(
            d -> d.findElement(By.id("rule-summary")).getText().startsWith("Fitted to keep"));
      } finally {
        Parley.call("DELETE", "/api/v1/topics/model/rule", Parley.admin(), null);
      }

      // human-only, then deleted
      By shippingRow = By.xpath("//tbody[@id='topic-rows']/tr[.//strong[text()='Shipping']]");
      browser.driver().findElement(shippingRow).findElement(By.xpath(".//button[1]")).click();
      browser.visible(By.id("topic-human")).click();
      browser.driver().findElement(By.id("topic-save")).click();
      browser.until(d -> d.findElement(shippingRow).getText().contains("always a person"));
      browser
          .driver()
          .findElement(shippingRow)
          .findElement(By.cssSelector("button.danger"))
          .click();
      browser.until(d -> d.switchTo().alert()).accept();
      browser.until(d -> d.findElements(shippingRow).isEmpty());
      assertEquals(List.of("Billing"), names(inbox));

      new Select(browser.driver().findElement(By.id("locale"))).selectByValue("zh-CN");
      browser.text(By.id("topics-title"), "主题与分流");
      violations.addAll(browser.accessibilityViolations());
      assertTrue(violations.isEmpty(), String.join("\n", violations));
    } finally {
      Files.deleteIfExists(csv);
    }
  }
}
