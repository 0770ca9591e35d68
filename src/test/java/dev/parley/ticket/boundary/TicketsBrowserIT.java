package dev.parley.ticket.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.testing.Browser;
import dev.parley.testing.ChatFixture;
import dev.parley.testing.GlobalState;
import dev.parley.testing.Parley;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * TK-1..TK-7 in the agent console, in Chromium: the saved views (my open, SLA breaching soon), a
 * ticket's SLA countdown, status, priority, tags, an internal note and a public reply, the audit
 * tab, and a merge.
 */
class TicketsBrowserIT {

  private static long ticket(String subject, String priority, long team, long assignee) {
    Parley.Reply created =
        Parley.post(
            "/api/v1/tickets",
            Parley.admin(),
            Json.createObjectBuilder()
                .add("subject", subject)
                .add("description", "Printed <b>twice</b>, see https://example.com/order/7")
                .add(
                    "requester",
                    Json.createObjectBuilder()
                        .add("name", "Lin " + Parley.unique())
                        .add("email", "lin-" + Parley.unique() + "@example.com"))
                .add("priority", priority)
                .add("team", team)
                .add("assignee", assignee)
                .build()
                .toString());
    assertEquals(201, created.status(), created.toString());
    return created.json().getJsonNumber("id").longValue();
  }

  @Test
  void anAgentWorksATicketFromTheSavedViews() throws Exception {
    try (GlobalState restored = GlobalState.snapshot();
        Browser browser = Browser.start("en-US")) {
      assertEquals(
          200,
          Parley.call(
                  "PUT",
                  "/api/v1/sla-policies/high",
                  Parley.admin(),
                  "{\"firstResponse\":\"PT30M\",\"resolution\":\"P3D\"}")
              .status());
      ChatFixture chat = ChatFixture.create("manual");
      Parley.User agent = chat.agent();
      String subject = "Invoice printed twice " + Parley.unique();
      long id = ticket(subject, "high", chat.teamId, agent.id());
      long other = ticket("Duplicate of " + subject, "normal", chat.teamId, agent.id());

      dev.parley.testing.ConsolePage.signIn(browser, agent);
      browser.driver().findElement(By.id("to-tickets")).click();
      WebElement mine = browser.visible(By.cssSelector("#ticket-rows tr[data-id='" + id + "']"));
      assertTrue(mine.getText().contains("due in"), mine.getText());
      browser.driver().findElement(By.cssSelector("[data-view=breaching]")).click();
      browser.visible(By.cssSelector("#ticket-rows tr[data-id='" + id + "']"));
      browser.until(
          d ->
              d.findElements(By.cssSelector("#ticket-rows tr[data-id='" + other + "']")).isEmpty());
      browser.screenshot("console-tickets-en");

      // the ticket: text as text, SLA counting down, properties saved as they change
      browser.driver().findElement(By.linkText(subject)).click();
      browser.text(By.id("ticket-title"), "#" + id + " " + subject);
      assertTrue(
          browser
              .driver()
              .findElement(By.id("ticket-description"))
              .getText()
              .contains("<b>twice</b>"));
      assertTrue(browser.driver().findElement(By.id("ticket-sla")).getText().contains("due in"));
      new Select(browser.driver().findElement(By.id("ticket-priority-field")))
          .selectByValue("urgent");
      browser.until(
          d ->
              "urgent"
                  .equals(
                      Parley.get("/api/v1/tickets/" + id, Parley.admin())
                          .json()
                          .getString("priority")));
      WebElement tag = browser.driver().findElement(By.id("tag-input"));
      tag.sendKeys("billing", Keys.ENTER);
      browser.until(d -> d.findElement(By.id("ticket-tags")).getText().contains("billing"));

      // an internal note, then a public reply that sets it pending
      browser
          .driver()
          .findElement(By.cssSelector("input[name=visibility][value=internal]"))
          .click();
      browser.driver().findElement(By.id("comment-body")).sendKeys("Printer driver bug, see #42");
      browser.driver().findElement(By.cssSelector("#ticket-comment button[type=submit]")).click();
      browser.visible(By.cssSelector("#ticket-comments li.kind-note"));
      browser.driver().findElement(By.cssSelector("input[name=visibility][value=public]")).click();
      browser.driver().findElement(By.id("comment-body")).sendKeys("We have refunded the copy.");
      new Select(browser.driver().findElement(By.id("comment-status"))).selectByValue("pending");
      browser.driver().findElement(By.cssSelector("#ticket-comment button[type=submit]")).click();
      browser.until(
          d -> d.findElements(By.cssSelector("#ticket-comments li.kind-agent")).size() == 1);
      JsonObject after = Parley.get("/api/v1/tickets/" + id, Parley.admin()).json();
      assertEquals("pending", after.getString("status"));
      assertTrue(after.getJsonArray("tags").contains(Json.createValue("billing")));
      browser.screenshot("console-ticket-en");

      // the audit tab lists the changes
      browser.driver().findElement(By.id("tab-audit")).click();
      browser.until(d -> d.findElement(By.id("ticket-audit")).getText().contains("priority"));

      // the duplicate is merged into it
      browser.driver().get(Parley.baseUrl() + "/console/#/tickets/" + other);
      browser.text(By.id("ticket-title"), "#" + other + " Duplicate of " + subject);
      browser.driver().findElement(By.id("merge-target")).sendKeys(Long.toString(id), Keys.ENTER);
      browser.driver().switchTo().alert().accept();
      browser.visible(By.id("ticket-merged"));
      JsonObject merged = Parley.get("/api/v1/tickets/" + other, Parley.admin()).json();
      assertEquals(id, merged.getJsonNumber("mergedInto").longValue());
    }
  }
}
