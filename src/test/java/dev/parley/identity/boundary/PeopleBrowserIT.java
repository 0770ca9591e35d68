package dev.parley.identity.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.testing.Browser;
import dev.parley.testing.ConsolePage;
import dev.parley.testing.Parley;
import dev.parley.testing.XssCorpus;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * ID-12 Settings › People, Teams and API tokens in the console, in Chromium, as an administrator
 * uses them: a person added with a one-time password shown once (and that password signs them in),
 * their role and capacity changed, deactivated and reactivated, a new one-time password; a team
 * made and its members changed; an API token created with its scopes (the secret shown once works)
 * and revoked (it stops working). Names are shown as text; English and Chinese; axe-core finds no
 * serious violation.
 */
class PeopleBrowserIT {

  private static JsonObject user(long id) {
    return Parley.get("/api/v1/users/" + id, Parley.admin()).json();
  }

  /**
   * Presses a person's button; the list re-renders after each change, so a stale row is found
   * again.
   */
  private static void press(Browser browser, long id, String button) {
    browser.until(
        d -> {
          row(browser, "people-rows", id)
              .findElement(By.xpath(".//button[text()='" + button + "']"))
              .click();
          return true;
        });
  }

  private static WebElement row(Browser browser, String table, long id) {
    return browser.visible(By.cssSelector("#" + table + " [data-id='" + id + "']"));
  }

  @Test
  void anAdministratorManagesPeopleTeamsAndTokens() throws Exception {
    Parley.User admin = Parley.newUser("admin");
    String payload = XssCorpus.payloads().get(4);
    Parley.User marked = Parley.newUser("agent");
    assertEquals(
        200,
        Parley.call(
                "PATCH",
                "/api/v1/users/" + marked.id(),
                Parley.admin(),
                Json.createObjectBuilder().add("displayName", payload).build().toString())
            .status());
    List<String> violations = new ArrayList<>();
    try (Browser browser = Browser.start("en-US")) {
      ConsolePage.signIn(browser, admin);
      browser.driver().findElement(By.id("to-settings")).click();
      browser.visible(By.id("people-title"));
      row(browser, "people-rows", marked.id());
      violations.addAll(browser.accessibilityViolations());

      // a person: the form checks the address, then the one-time password is shown once
      String email = "new-agent-" + Parley.unique() + "@example.com";
      WebElement emailInput = browser.driver().findElement(By.id("person-email"));
      emailInput.sendKeys("not an address");
      browser.driver().findElement(By.id("person-name")).sendKeys("Ada Lin");
      browser.driver().findElement(By.id("person-add")).click();
      browser.until(d -> !d.findElement(By.id("person-error")).getText().isBlank());
      emailInput.clear();
      emailInput.sendKeys(email, Keys.ENTER);
      String oneTime = browser.visible(By.id("secret-value")).getText();
      assertFalse(oneTime.isBlank());
      violations.addAll(browser.accessibilityViolations());
      browser.focused().sendKeys(Keys.ESCAPE);
      assertFalse(Parley.login(email, oneTime).isBlank(), "the password shown signs them in");
      long id =
          Parley.get("/api/v1/users", Parley.admin()).array().stream()
              .map(JsonValue::asJsonObject)
              .filter(u -> u.getString("email").equals(email))
              .findFirst()
              .orElseThrow()
              .getJsonNumber("id")
              .longValue();

      // role and capacity, saved as they change
      WebElement person = row(browser, "people-rows", id);
      new Select(person.findElement(By.tagName("select"))).selectByValue("admin");
      browser.until(d -> "admin".equals(user(id).getString("role")));
      WebElement capacity = person.findElement(By.cssSelector("input[type=number]"));
      capacity.clear();
      capacity.sendKeys("3", Keys.TAB);
      browser.until(
          d ->
              Parley.get("/api/v1/agents/" + id + "/chat", Parley.admin()).json().getInt("capacity")
                  == 3);

      // deactivated (after a confirmation) and back
      press(browser, id, "Deactivate");
      browser.until(d -> d.switchTo().alert()).accept();
      browser.until(d -> !user(id).getBoolean("active"));
      browser.until(d -> row(browser, "people-rows", id).getText().contains("Deactivated"));
      press(browser, id, "Reactivate");
      browser.until(d -> user(id).getBoolean("active"));
      browser.until(d -> row(browser, "people-rows", id).getText().contains("Active"));

      // a new one-time password
      press(browser, id, "New password");
      browser.until(d -> d.switchTo().alert()).accept();
      String again = browser.visible(By.id("secret-value")).getText();
      assertFalse(again.isBlank() || again.equals(oneTime));
      browser.driver().findElement(By.cssSelector("#secret-dialog button[type=submit]")).click();
      assertFalse(Parley.login(email, again).isBlank());

      // a team and its members
      browser.driver().findElement(By.cssSelector(".settings-nav a[data-section=teams]")).click();
      String team = "Returns " + Parley.unique();
      browser.visible(By.id("team-name")).sendKeys(team, Keys.ENTER);
      WebElement card =
          browser.visible(By.xpath("//ul[@id='team-list']/li[.//h3[text()='" + team + "']]"));
      long teamId = Long.parseLong(card.getAttribute("data-id"));
      new Select(card.findElement(By.tagName("select"))).selectByValue(Long.toString(id));
      card.findElement(By.xpath(".//button[text()='Add']")).click();
      browser.until(
          d ->
              Parley.get("/api/v1/teams/" + teamId, Parley.admin())
                      .json()
                      .getJsonArray("members")
                      .size()
                  == 1);
      violations.addAll(browser.accessibilityViolations());
      browser
          .visible(By.cssSelector("#team-list li[data-id='" + teamId + "'] .tags button"))
          .click();
      browser.until(
          d ->
              Parley.get("/api/v1/teams/" + teamId, Parley.admin())
                  .json()
                  .getJsonArray("members")
                  .isEmpty());

      // an API token: shown once, works, revoked, stops working
      browser.driver().findElement(By.cssSelector(".settings-nav a[data-section=tokens]")).click();
      String name = "CRM " + Parley.unique();
      browser.visible(By.id("token-name")).sendKeys(name);
      browser.driver().findElement(By.id("token-create")).click();
      browser.until(d -> !d.findElement(By.id("token-error")).getText().isBlank());
      browser.driver().findElement(By.cssSelector("input[value='tickets:read']")).click();
      browser.driver().findElement(By.id("token-create")).click();
      String token = browser.visible(By.id("secret-value")).getText();
      browser.driver().findElement(By.cssSelector("#secret-dialog button[type=submit]")).click();
      assertEquals(200, Parley.get("/api/v1/tickets", token).status());
      WebElement tokenRow =
          browser.visible(
              By.xpath("//tbody[@id='token-rows']/tr[.//strong[text()='" + name + "']]"));
      assertTrue(tokenRow.getText().contains("Read tickets"), tokenRow.getText());
      violations.addAll(browser.accessibilityViolations());
      tokenRow.findElement(By.xpath(".//button[text()='Revoke']")).click();
      browser.until(d -> d.switchTo().alert()).accept();
      browser.until(d -> Parley.get("/api/v1/tickets", token).status() == 401);

      // in Chinese
      new Select(browser.driver().findElement(By.id("locale"))).selectByValue("zh-CN");
      browser.text(By.id("tokens-title"), "API 令牌");
      browser.driver().findElement(By.cssSelector(".settings-nav a[data-section=people]")).click();
      browser.text(By.id("people-title"), "成员");
      browser.screenshot("settings-people-zh-CN");
      assertTrue(violations.isEmpty(), String.join("\n", violations));
    }
  }

  @Test
  void namesFromDataAreShownAsText() throws Exception {
    Parley.User admin = Parley.newUser("admin");
    List<String> payloads = XssCorpus.payloads();
    Parley.User marked = Parley.newUser("agent");
    assertEquals(
        200,
        Parley.call(
                "PATCH",
                "/api/v1/users/" + marked.id(),
                Parley.admin(),
                Json.createObjectBuilder().add("displayName", payloads.get(4)).build().toString())
            .status());
    long team =
        Parley.post(
                "/api/v1/teams",
                Parley.admin(),
                Json.createObjectBuilder()
                    .add("name", "Team " + Parley.unique())
                    .add("description", payloads.get(9))
                    .build()
                    .toString())
            .json()
            .getJsonNumber("id")
            .longValue();
    assertEquals(
        200,
        Parley.call(
                "PUT", "/api/v1/teams/" + team + "/members/" + marked.id(), Parley.admin(), null)
            .status());
    try (Browser browser = Browser.start("en-US")) {
      browser.guardAgainstScripts();
      ConsolePage.signIn(browser, admin);
      browser.driver().get(Parley.baseUrl() + "/console/#/settings/people");
      row(browser, "people-rows", marked.id());
      browser.assertNoInjectedScript("the people list");
      browser.driver().get(Parley.baseUrl() + "/console/#/settings/teams");
      row(browser, "team-list", team);
      browser.assertNoInjectedScript("the teams");
    } finally {
      Parley.call("DELETE", "/api/v1/teams/" + team, Parley.admin(), null);
    }
  }
}
