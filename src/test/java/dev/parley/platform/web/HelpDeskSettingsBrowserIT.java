package dev.parley.platform.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.testing.Browser;
import dev.parley.testing.ConsolePage;
import dev.parley.testing.GlobalState;
import dev.parley.testing.Parley;
import dev.parley.testing.XssCorpus;
import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * Settings › Canned responses, Ticket fields, SLA policies and Signing keys in Chromium: what an
 * administrator adds, changes and removes there is what the API then holds; markup in names stays
 * text; in Chinese, with no serious accessibility violation.
 */
class HelpDeskSettingsBrowserIT {

  private static Optional<JsonObject> find(String path, String key, String value) {
    return Parley.get(path, Parley.admin()).array().getValuesAs(JsonObject.class).stream()
        .filter(o -> value.equals(o.getString(key)))
        .findFirst();
  }

  private static void replace(WebElement field, String text) {
    field.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
    field.sendKeys(text);
  }

  @Test
  void cannedResponsesAreAddedEditedAndDeleted() {
    String shortcut = "ship" + Parley.unique().toLowerCase();
    String title = "Shipping " + XssCorpus.payloads().get(3);
    List<String> violations = new ArrayList<>();
    try (Browser browser = Browser.start("en-US")) {
      browser.guardAgainstScripts();
      ConsolePage.signIn(browser, Parley.newUser("admin"));
      browser.driver().get(Parley.baseUrl() + "/console/#/settings/canned");
      browser.text(By.id("canned-title"), "Canned responses");
      assertTrue(
          browser
              .driver()
              .findElement(By.id("canned-body-hint"))
              .getText()
              .contains("{{visitor.name|there}}"),
          "the placeholders are shown as they are typed");
      browser.driver().findElement(By.id("canned-shortcut")).sendKeys("/" + shortcut);
      browser.driver().findElement(By.id("canned-title-input")).sendKeys(title);
      browser
          .driver()
          .findElement(By.id("canned-body"))
          .sendKeys("Hi {{visitor.name|there}}, it ships today.");
      browser.driver().findElement(By.id("canned-save")).click();
      browser.until(d -> d.findElement(By.id("canned-rows")).getText().contains(title));
      JsonObject created = find("/api/v1/canned-responses", "shortcut", shortcut).orElseThrow();
      assertEquals("Hi {{visitor.name|there}}, it ships today.", created.getString("body"));
      browser.assertNoInjectedScript("the canned responses");
      violations.addAll(browser.accessibilityViolations());

      // edited through the same form
      browser
          .driver()
          .findElement(By.xpath("//button[@aria-label='Edit “" + title + "”']"))
          .click();
      replace(browser.driver().findElement(By.id("canned-body")), "It ships tomorrow.");
      browser.driver().findElement(By.id("canned-save")).click();
      browser.until(
          d -> d.findElement(By.id("canned-rows")).getText().contains("It ships tomorrow."));
      assertEquals(
          "It ships tomorrow.",
          find("/api/v1/canned-responses", "shortcut", shortcut).orElseThrow().getString("body"));

      // deleted, after a confirmation
      browser.script("window.confirm = () => true");
      browser
          .driver()
          .findElement(By.xpath("//button[@aria-label='Delete “" + title + "”']"))
          .click();
      browser.until(d -> !d.findElement(By.id("canned-rows")).getText().contains(title));
      assertTrue(find("/api/v1/canned-responses", "shortcut", shortcut).isEmpty());

      new Select(browser.driver().findElement(By.id("locale"))).selectByValue("zh-CN");
      browser.text(By.id("canned-title"), "快捷回复");
      violations.addAll(browser.accessibilityViolations());
      assertTrue(violations.isEmpty(), String.join("\n", violations));
    }
  }

  @Test
  void ticketFieldsAndSlaTargetsAreWhatTheApiHolds() {
    String key = "product_" + Parley.unique().toLowerCase();
    String label = "Product " + XssCorpus.payloads().get(3);
    List<String> violations = new ArrayList<>();
    // a required field and SLA targets apply to every ticket: put back as they were afterwards
    try (GlobalState restored = GlobalState.snapshot();
        Browser browser = Browser.start("en-US")) {
      browser.guardAgainstScripts();
      ConsolePage.signIn(browser, Parley.newUser("admin"));
      browser.driver().get(Parley.baseUrl() + "/console/#/settings/fields");
      browser.text(By.id("fields-title"), "Ticket fields");
      browser.driver().findElement(By.id("field-label")).sendKeys(label);
      browser.driver().findElement(By.id("field-key")).sendKeys(key);
      new Select(browser.driver().findElement(By.id("field-type"))).selectByValue("dropdown");
      browser.visible(By.id("field-options")).sendKeys("Inkwell, Quill");
      browser.driver().findElement(By.id("field-required")).click();
      browser.driver().findElement(By.id("field-save")).click();
      browser.until(d -> d.findElement(By.id("field-rows")).getText().contains(label));
      JsonObject field = find("/api/v1/ticket-fields", "key", key).orElseThrow();
      assertEquals("dropdown", field.getString("type"));
      assertEquals(
          List.of("Inkwell", "Quill"),
          field.getJsonArray("options").getValuesAs(jakarta.json.JsonString.class).stream()
              .map(jakarta.json.JsonString::getString)
              .toList());
      assertTrue(field.getBoolean("requiredToSolve"));
      // the choices are edited in place, by keyboard: Escape puts them back, Enter saves
      browser
          .driver()
          .findElement(By.xpath("//button[@aria-label='Edit the choices of " + label + "']"))
          .click();
      WebElement choices =
          browser.visible(
              By.xpath("//input[@aria-label='Choices of " + label + ", separated by commas']"));
      assertEquals(choices, browser.driver().switchTo().activeElement());
      choices.sendKeys(", Nib", Keys.ESCAPE);
      browser.until(
          d ->
              d.findElements(
                      By.xpath(
                          "//input[@aria-label='Choices of " + label + ", separated by commas']"))
                  .isEmpty());
      browser
          .driver()
          .findElement(By.xpath("//button[@aria-label='Edit the choices of " + label + "']"))
          .click();
      browser
          .visible(By.xpath("//input[@aria-label='Choices of " + label + ", separated by commas']"))
          .sendKeys(", Nib", Keys.ENTER);
      browser.until(
          d ->
              find("/api/v1/ticket-fields", "key", key)
                  .orElseThrow()
                  .getJsonArray("options")
                  .toString()
                  .equals("[\"Inkwell\",\"Quill\",\"Nib\"]"));
      browser.until(
          d -> d.findElement(By.id("field-rows")).getText().contains("Inkwell, Quill, Nib"));
      browser
          .driver()
          .findElement(By.xpath("//button[@aria-label='Deactivate " + label + "']"))
          .click();
      browser.until(
          d -> !find("/api/v1/ticket-fields", "key", key).orElseThrow().getBoolean("active"));
      browser.assertNoInjectedScript("the ticket fields");
      violations.addAll(browser.accessibilityViolations());

      // SLA: urgent tickets answered within 90 minutes, solved within 2 days
      browser.driver().get(Parley.baseUrl() + "/console/#/settings/sla");
      browser.text(By.id("sla-title"), "SLA policies");
      WebElement first =
          browser.visible(By.cssSelector("[aria-label='First response target for Urgent']"));
      replace(first, "90");
      new Select(
              browser
                  .driver()
                  .findElement(
                      By.cssSelector(
                          "[aria-label='Unit of the First response target for Urgent']")))
          .selectByValue("minutes");
      replace(
          browser
              .driver()
              .findElement(By.cssSelector("[aria-label='Resolution target for Urgent']")),
          "2");
      new Select(
              browser
                  .driver()
                  .findElement(
                      By.cssSelector("[aria-label='Unit of the Resolution target for Urgent']")))
          .selectByValue("days");
      browser
          .driver()
          .findElement(By.cssSelector("[aria-label='Save the targets for Urgent']"))
          .click();
      browser.until(
          d -> {
            JsonObject urgent = find("/api/v1/sla-policies", "priority", "urgent").orElseThrow();
            return "PT1H30M".equals(urgent.getString("firstResponse", null))
                && "PT48H".equals(urgent.getString("resolution", null));
          });
      browser.driver().navigate().refresh();
      browser.until(
          d ->
              "2"
                  .equals(
                      d.findElement(By.cssSelector("[aria-label='Resolution target for Urgent']"))
                          .getDomProperty("value")));
      assertEquals(
          "days",
          new Select(
                  browser
                      .driver()
                      .findElement(
                          By.cssSelector(
                              "[aria-label='Unit of the Resolution target for Urgent']")))
              .getFirstSelectedOption()
              .getDomProperty("value"));
      violations.addAll(browser.accessibilityViolations());
      assertTrue(violations.isEmpty(), String.join("\n", violations));
    }
  }

  @Test
  void signingKeysAreRotatedAndTheOldOnesRetired() {
    try (Browser browser = Browser.start("en-US")) {
      ConsolePage.signIn(browser, Parley.newUser("admin"));
      browser.driver().get(Parley.baseUrl() + "/console/#/settings/keys");
      browser.text(By.id("keys-title"), "Signing keys");
      browser.until(d -> !d.findElements(By.cssSelector("#key-rows tr")).isEmpty());
      String before = Parley.get("/api/v1/signing-keys", Parley.admin()).array().toString();
      browser.script("window.confirm = () => true");
      browser.driver().findElement(By.id("key-rotate")).click();
      browser.until(
          d ->
              !Parley.get("/api/v1/signing-keys", Parley.admin())
                  .array()
                  .toString()
                  .equals(before));
      String signing =
          Parley.get("/api/v1/signing-keys", Parley.admin())
              .array()
              .getValuesAs(JsonObject.class)
              .stream()
              .filter(k -> k.getBoolean("signing"))
              .findFirst()
              .orElseThrow()
              .getString("kid");
      assertFalse(before.contains(signing), "a new key signs");
      browser.until(d -> d.findElement(By.id("key-rows")).getText().contains(signing));
      browser.driver().findElement(By.id("key-retire")).click();
      browser.until(d -> Parley.get("/api/v1/signing-keys", Parley.admin()).array().size() == 1);
      browser.until(d -> d.findElements(By.cssSelector("#key-rows tr")).size() == 1);
      List<String> violations = browser.accessibilityViolations();
      assertTrue(violations.isEmpty(), String.join("\n", violations));
    }
  }
}
