package dev.parley.assist.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.testing.Browser;
import dev.parley.testing.ConsolePage;
import dev.parley.testing.FakeOpenAi;
import dev.parley.testing.Parley;
import dev.parley.testing.XssCorpus;
import jakarta.json.Json;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * AS-8 Settings › AI and bot in Chromium: the tokens spent today against the budget, the models,
 * the prompts in use with their versions (read-only), and a conversation's decision trail — the
 * prompt and version, the model, the passages retrieved with their scores, what was cited and what
 * the guardrails dropped; markup in a model's answer never runs; in Chinese, with no serious
 * accessibility violation.
 */
class AiSettingsBrowserIT {

  @Test
  void anAdministratorReadsTheDecisionTrailOfAConversation() throws Exception {
    String marker = "m" + Parley.unique();
    String payload = XssCorpus.payloads().get(3);
    FakeOpenAi.script(
        marker,
        FakeOpenAi.Script.answer(
            Json.createObjectBuilder()
                .add(
                    "suggestions",
                    Json.createArrayBuilder()
                        .add(
                            Json.createObjectBuilder()
                                .add("text", "It has a five year warranty [S1]. " + payload)
                                .add("citations", Json.createArrayBuilder().add("S1")))
                        .add(
                            Json.createObjectBuilder()
                                .add("text", "Per our policy [S7] it is free forever.")
                                .add("citations", Json.createArrayBuilder().add("S7"))))
                .build()
                .toString()));
    List<String> violations = new ArrayList<>();
    try (AssistIT.Live live =
            AssistIT.live(
                marker,
                "The " + marker + " kettle has a five year warranty covering the heater.",
                "How long is the warranty of the " + marker + " kettle?");
        Browser browser = Browser.start("en-US")) {
      Parley.Reply suggested =
          Parley.post(
              "/api/v1/conversations/" + live.conversation() + "/assist/suggestions",
              live.agentToken(),
              null);
      assertEquals(200, suggested.status(), suggested.toString());

      browser.guardAgainstScripts();
      ConsolePage.signIn(browser, Parley.newUser("admin"));
      browser.driver().get(Parley.baseUrl() + "/console/#/settings/ai");
      browser.text(By.id("ai-title"), "AI and bot");
      browser.until(d -> d.findElements(By.cssSelector("#prompt-list details")).size() >= 3);
      String prompts = browser.driver().findElement(By.id("prompt-list")).getText();
      assertTrue(prompts.contains("bot-answer") && prompts.contains("reply-suggestions"), prompts);
      String models = browser.driver().findElement(By.id("models")).getText();
      assertTrue(models.contains("all-minilm-l6-v2"), models);
      assertTrue(
          browser.driver().findElement(By.id("usage-tokens")).getText().contains("tokens"),
          "today's tokens");
      browser.driver().findElement(By.cssSelector("#prompt-list details summary")).click();
      violations.addAll(browser.accessibilityViolations());

      // the trail of the conversation, asked for by its number
      WebElement number = browser.driver().findElement(By.id("trail-conversation"));
      number.sendKeys(Long.toString(live.conversation()), Keys.ENTER);
      browser.until(d -> d.getCurrentUrl().endsWith("#/settings/ai/" + live.conversation()));
      browser.until(d -> !d.findElements(By.cssSelector("#trail li.decision")).isEmpty());
      WebElement decision = browser.driver().findElement(By.cssSelector("#trail li.decision"));
      String text = decision.getText();
      assertTrue(text.contains("Reply suggestion"), text);
      assertTrue(text.contains("reply-suggestions, version"), text);
      assertTrue(text.contains("the language model, from the passages"), text);
      assertTrue(text.contains("Warranty for " + marker), "the passage retrieved: " + text);
      assertTrue(text.contains("Dropped by the guardrails") && text.contains("S7"), text);
      assertTrue(
          text.contains("It has a five year warranty [S1].") && !text.contains("onerror"),
          "the model's markup was taken out before it was stored: " + text);
      assertEquals(
          "Yes",
          decision.findElement(By.cssSelector("tbody tr td:nth-child(3)")).getText(),
          "the passage is marked as cited");
      browser.assertNoInjectedScript("the decision trail");
      violations.addAll(browser.accessibilityViolations());
      browser.script("document.getElementById('trail-status').scrollIntoView()");
      browser.screenshot("ai-trail-en");

      new Select(browser.driver().findElement(By.id("locale"))).selectByValue("zh-CN");
      browser.text(By.id("ai-title"), "AI 与机器人");
      browser.until(d -> d.findElement(By.id("trail")).getText().contains("回复建议"));
      violations.addAll(browser.accessibilityViolations());
      assertTrue(violations.isEmpty(), String.join("\n", violations));
    }
  }
}
