package dev.parley.integration.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.testing.Browser;
import dev.parley.testing.ConsolePage;
import dev.parley.testing.Parley;
import dev.parley.testing.TicketFixture;
import dev.parley.testing.WebhookReceiver;
import dev.parley.testing.XssCorpus;
import jakarta.json.Json;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * INT-10 Settings › Webhooks in the console, in Chromium, as an administrator uses it: an endpoint
 * added in the form, its secret shown once and proven by the reference Standard Webhooks library on
 * what the test event delivered; the delivery log with each attempt; a failed delivery sent again;
 * disabling and enabling; rotating the secret; replaying a time range. In English and Chinese, by
 * keyboard, on a phone, with no serious accessibility violation and no markup from an endpoint's
 * fields running; an agent gets a clear page, not a broken one.
 */
class WebhooksBrowserIT {

  @Test
  void anAdministratorSetsUpAnEndpointAndWorksItsDeliveryLog() throws Exception {
    Parley.User admin = Parley.newUser("admin");
    try (WebhookReceiver receiver = new WebhookReceiver();
        Browser browser = Browser.start("en-US")) {
      ConsolePage.signIn(browser, admin);
      browser.driver().findElement(By.id("to-settings")).click();
      browser.visible(By.cssSelector(".settings-nav a[data-section=webhooks]")).click();
      browser.visible(By.id("webhooks-title"));
      browser.driver().findElement(By.id("webhook-add")).click();

      // the form checks what it can before the API does
      WebElement url = browser.visible(By.id("webhook-url"));
      assertEquals(url, browser.focused(), "the form opens on its first field");
      url.sendKeys("ftp://files.example");
      browser.driver().findElement(By.id("webhook-save")).click();
      browser.until(d -> !d.findElement(By.id("webhook-form-error")).getText().isBlank());
      assertEquals("true", url.getAttribute("aria-invalid"));
      url.clear();
      url.sendKeys(receiver.url());
      browser
          .driver()
          .findElement(By.id("webhook-description"))
          .sendKeys("CRM sync " + Parley.unique());
      browser.driver().findElement(By.id("webhook-types")).sendKeys("csat.given, webhook.test");
      browser.driver().findElement(By.id("webhook-save")).click();

      // the secret, once
      WebElement secretDialog = browser.visible(By.id("secret-dialog"));
      String secret = secretDialog.findElement(By.id("secret-value")).getText();
      assertTrue(secret.startsWith("whsec_"), secret);
      browser.screenshot("settings-webhook-secret-en");
      secretDialog.findElement(By.cssSelector("button[type=submit]")).click();
      browser.until(d -> !d.findElement(By.id("secret-dialog")).isDisplayed());
      String title = browser.visible(By.id("webhook-title")).getText();
      assertEquals(receiver.url(), title);
      long id = Long.parseLong(browser.driver().getCurrentUrl().replaceAll(".*/", ""));
      assertFalse(
          Parley.get("/api/v1/webhooks/" + id, Parley.admin()).body().contains("whsec_"),
          "the secret is not shown again");

      // a test event, verified with the secret the screen showed by someone else's code
      browser.driver().findElement(By.id("webhook-test")).click();
      WebElement tested = browser.visible(By.id("test-result"));
      assertTrue(tested.getText().contains("204"), tested.getText());
      List<WebhookReceiver.Received> got = receiver.received();
      assertEquals(1, got.size());
      assertEquals(
          Arrays.asList((String) null), WebhookReceiver.verify(secret, got), "signed with it");

      // a ticket's event in the log, with its attempt
      TicketFixture tickets = TicketFixture.create();
      tickets.ticket("Printer on fire " + Parley.unique());
      By ticketRow = By.xpath("//tbody[@id='delivery-rows']/tr[td/code='ticket.created']");
      browser.until(
          d -> {
            d.findElement(By.id("deliveries-refresh")).click();
            return d.findElements(ticketRow).stream()
                .anyMatch(r -> r.getText().contains("Delivered"));
          });
      browser.driver().findElement(ticketRow).findElement(By.tagName("button")).click();
      WebElement detail = browser.visible(By.cssSelector(".delivery-detail"));
      assertEquals(
          browser.driver().findElement(By.id("delivery-detail-title")),
          browser.focused(),
          "the detail takes the focus");
      assertTrue(detail.getText().contains("204"), detail.getText());
      browser.screenshot("settings-webhook-en");

      // a delivery that fails every attempt, then goes through when sent again
      receiver.answer( // the tests' schedule gives four attempts (pom.xml)
          new WebhookReceiver.Answer(500, null),
          new WebhookReceiver.Answer(500, null),
          new WebhookReceiver.Answer(500, null),
          new WebhookReceiver.Answer(500, null));
      String failing = "Refund please " + Parley.unique();
      tickets.ticket(failing);
      browser.driver().findElement(By.cssSelector("#delivery-states [data-state=failed]")).click();
      By failedRow = By.xpath("//tbody[@id='delivery-rows']/tr[td/code='ticket.created']");
      browser.until(
          d -> {
            d.findElement(By.id("deliveries-refresh")).click();
            return !d.findElements(failedRow).isEmpty();
          });
      browser.driver().findElement(failedRow).findElement(By.tagName("button")).click();
      browser.until(
          d -> d.findElement(By.cssSelector(".delivery-detail")).getText().contains("500"));
      browser.driver().findElement(By.id("redeliver")).click();
      browser.until(
          d -> receiver.received().stream().filter(r -> r.body().contains(failing)).count() == 5);
      browser
          .driver()
          .findElement(By.cssSelector("#delivery-states [data-state=delivered]"))
          .click();
      browser.until(
          d -> {
            d.findElement(By.id("deliveries-refresh")).click();
            return d.findElements(By.cssSelector("#delivery-rows tr")).size() >= 3;
          });

      // disable and enable again
      browser.driver().findElement(By.id("webhook-toggle")).click();
      browser.until(d -> d.findElement(By.id("webhook-disabled")).isDisplayed());
      assertEquals("Disabled", browser.driver().findElement(By.id("webhook-state")).getText());
      assertFalse(
          Parley.get("/api/v1/webhooks/" + id, Parley.admin()).json().getBoolean("enabled"));
      browser.driver().findElement(By.id("webhook-toggle")).click();
      browser.until(d -> !d.findElement(By.id("webhook-disabled")).isDisplayed());
      assertTrue(Parley.get("/api/v1/webhooks/" + id, Parley.admin()).json().getBoolean("enabled"));

      // a new secret, asked for and shown once
      browser.driver().findElement(By.id("webhook-rotate")).click();
      browser.until(d -> d.switchTo().alert()).accept();
      String rotated = browser.visible(By.id("secret-value")).getText();
      assertTrue(rotated.startsWith("whsec_") && !rotated.equals(secret), rotated);
      browser.driver().findElement(By.cssSelector("#secret-dialog button[type=submit]")).click();

      // every event of the last hour, again
      browser.driver().findElement(By.id("replay-send")).click();
      browser.until(
          d ->
              !d.findElements(By.id("replay-result")).isEmpty()
                  || !d.findElement(By.id("replay-error")).getText().isBlank());
      assertEquals("", browser.driver().findElement(By.id("replay-error")).getText());
      WebElement replayed = browser.visible(By.id("replay-result"));
      assertTrue(
          replayed.getText().matches(".*\\d+ events will be delivered again.*"),
          replayed.getText());

      // in Chinese, and on a phone
      new Select(browser.driver().findElement(By.id("locale"))).selectByValue("zh-CN");
      browser.text(By.id("deliveries-title"), "投递记录");
      browser.driver().manage().window().setSize(new org.openqa.selenium.Dimension(390, 844));
      browser.screenshot("settings-webhook-zh-phone");
      Long overflow =
          (Long)
              browser.script(
                  "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
      assertTrue(overflow <= 0, "nothing wider than the phone: " + overflow + " px");
    }
  }

  @Test
  void theScreensAreAccessibleKeyboardFriendlyAndShowFieldsAsText() throws Exception {
    Parley.User admin = Parley.newUser("admin");
    List<String> payloads = XssCorpus.payloads();
    List<Long> created = new ArrayList<>();
    try (Browser browser = Browser.start("en-US")) {
      for (int i = 0; i < 5; i++) {
        Parley.Reply hook =
            Parley.post(
                "/api/v1/webhooks",
                Parley.admin(),
                Json.createObjectBuilder()
                    .add("url", "https://hooks.example.com/" + i + "?q=%3Cscript%3E")
                    .add("description", payloads.get(i * 7 % payloads.size()))
                    .add("eventTypes", Json.createArrayBuilder().add("ticket.*"))
                    .build()
                    .toString());
        assertEquals(201, hook.status(), hook.toString());
        created.add(hook.json().getJsonNumber("id").longValue());
      }
      browser.guardAgainstScripts();
      ConsolePage.signIn(browser, admin);
      browser.driver().get(Parley.baseUrl() + "/console/#/settings/webhooks");
      browser.visible(By.cssSelector("#webhook-rows tr[data-id='" + created.get(0) + "']"));
      browser.assertNoInjectedScript("the webhook list");
      List<String> violations = new ArrayList<>(browser.accessibilityViolations());

      // by keyboard: open the form, fill it, save with Enter
      browser.driver().findElement(By.id("webhook-add")).sendKeys(Keys.ENTER);
      browser.focused().sendKeys("https://kb.example.com/hook");
      violations.addAll(browser.accessibilityViolations());
      browser.focused().sendKeys(Keys.ENTER);
      browser.visible(By.id("secret-value"));
      violations.addAll(browser.accessibilityViolations());
      browser.focused().sendKeys(Keys.ESCAPE);
      browser.until(d -> !d.findElement(By.id("secret-dialog")).isDisplayed());
      browser.visible(By.id("webhook-title"));
      created.add(Long.parseLong(browser.driver().getCurrentUrl().replaceAll(".*/", "")));

      browser.driver().get(Parley.baseUrl() + "/console/#/settings/webhooks/" + created.get(1));
      browser.visible(By.id("webhook-summary"));
      browser.assertNoInjectedScript("a webhook");
      WebElement all = browser.visible(By.cssSelector("#delivery-states [data-state='']"));
      all.sendKeys(Keys.ARROW_RIGHT);
      assertEquals("pending", browser.focused().getAttribute("data-state"), "arrows move tabs");
      browser.driver().findElement(By.id("webhook-edit")).click();
      browser.visible(By.id("webhook-setup"));
      violations.addAll(browser.accessibilityViolations());
      browser.script("document.documentElement.dataset.theme = 'dark';");
      violations.addAll(browser.accessibilityViolations());
      assertTrue(violations.isEmpty(), String.join("\n", violations));
    } finally {
      for (long id : created) {
        Parley.call("DELETE", "/api/v1/webhooks/" + id, Parley.admin(), null);
      }
    }
  }

  @Test
  void anAgentIsToldTheSettingsAreNotForThem() throws Exception {
    Parley.User agent = Parley.newUser("agent");
    try (Browser browser = Browser.start("en-US")) {
      ConsolePage.signIn(browser, agent);
      assertFalse(browser.driver().findElement(By.id("to-settings")).isDisplayed());
      browser.driver().get(Parley.baseUrl() + "/console/#/settings/webhooks");
      browser.text(By.id("forbidden-title"), "Not available to you");
      assertTrue(browser.accessibilityViolations().isEmpty());
      browser.driver().findElement(By.linkText("Back to the conversations")).click();
      browser.visible(By.id("inbox-title"));
    }
  }
}
