package dev.parley.integration.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.testing.Browser;
import dev.parley.testing.ConsolePage;
import dev.parley.testing.Parley;
import dev.parley.testing.XssCorpus;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;

/**
 * INT-11 Settings › Event stream in Chromium: an API token that reads the stream is listed with its
 * types and how far it has read; its name made of markup stays text; in Chinese, with no serious
 * accessibility violation.
 */
class EventReadersBrowserIT {

  @Test
  void anAdministratorSeesWhoReadsTheEventStream() {
    String name = "Reader " + Parley.unique() + " " + XssCorpus.payloads().get(3);
    Parley.Reply read =
        EventStreamIT.events(
            Parley.newNamedApiToken(name, "events:read"), "after=latest&types=csat.*");
    assertEquals(200, read.status(), read.toString());
    List<String> violations = new ArrayList<>();
    try (Browser browser = Browser.start("en-US")) {
      browser.guardAgainstScripts();
      ConsolePage.signIn(browser, Parley.newUser("admin"));
      browser.driver().get(Parley.baseUrl() + "/console/#/settings/events");
      browser.text(By.id("events-title"), "Event stream");
      browser.until(d -> d.findElement(By.id("reader-rows")).getText().contains(name));
      String row =
          (String)
              browser.script(
                  "return [...document.querySelectorAll('#reader-rows tr')].find(tr =>"
                      + " tr.textContent.includes(arguments[0])).innerText",
                  name);
      assertTrue(row.contains("API token") && row.contains("csat.*"), row);
      assertTrue(
          browser.driver().findElement(By.id("events-latest")).getText().startsWith("The latest"));
      browser.assertNoInjectedScript("the event stream's readers");
      violations.addAll(browser.accessibilityViolations());
      new Select(browser.driver().findElement(By.id("locale"))).selectByValue("zh-CN");
      browser.text(By.id("events-title"), "事件流");
      violations.addAll(browser.accessibilityViolations());
      assertTrue(violations.isEmpty(), String.join("\n", violations));
    }
  }
}
