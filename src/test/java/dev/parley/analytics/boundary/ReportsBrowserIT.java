package dev.parley.analytics.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.testing.Browser;
import dev.parley.testing.ChatClient;
import dev.parley.testing.ChatFixture;
import dev.parley.testing.ConsolePage;
import dev.parley.testing.Parley;
import dev.parley.testing.XssCorpus;
import jakarta.json.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * AN-10 Reports in the console, in Chromium: an administrator reads the overview and a report whose
 * numbers the test knows (two conversations today in a fresh inbox, one answered, closed and rated
 * with a comment made of script), as figures, as a chart, as a table and as a downloaded CSV; per
 * hour through the form; in Chinese and on a phone; an agent gets a clear page instead. No serious
 * accessibility violation; nothing from data runs.
 */
class ReportsBrowserIT {

  private static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);

  @Test
  void anAdministratorReadsAReportAsChartTableAndCsv() throws Exception {
    ChatFixture chat = ChatFixture.create("manual");
    String agentToken = chat.agent().login();
    String comment = XssCorpus.payloads().get(3);
    try (ChatClient visitor =
        ChatClient.visitor(Parley.baseUrl(), chat.visitorToken(), ChatFixture.ORIGIN)) {
      long answered =
          ChatFixture.start(visitor, "Where is my parcel?", null).getJsonNumber("id").longValue();
      ChatFixture.start(visitor, "And my invoice?", null);
      String reply =
          Json.createObjectBuilder()
              .add("id", ChatFixture.clientId())
              .add("text", "It is on its way")
              .build()
              .toString();
      assertEquals(
          201,
          Parley.post("/api/v1/conversations/" + answered + "/messages", agentToken, reply)
              .status());
      assertEquals(
          200,
          Parley.post("/api/v1/conversations/" + answered + "/close", agentToken, null).status());
      String id = ChatFixture.clientId();
      visitor.send(
          Json.createObjectBuilder()
              .add("type", "rate")
              .add("id", id)
              .add("conversation", answered)
              .add("score", 4)
              .add("comment", comment)
              .build());
      visitor.next(
          e -> "ack".equals(e.getString("type")) && id.equals(e.getString("id", "")), "ack");
    }
    String query =
        "from="
            + TODAY.minusDays(1)
            + "&to="
            + TODAY.plusDays(1)
            + "&timeZone=UTC&inbox="
            + chat.inboxId;
    // someone with a long name: the agent filter lists them, and a phone must still fit the page
    Parley.User longName = Parley.newUser("agent");
    assertEquals(
        200,
        Parley.call(
                "PATCH",
                "/api/v1/users/" + longName.id(),
                Parley.admin(),
                Json.createObjectBuilder()
                    .add(
                        "displayName",
                        "Maximiliane Alexandra " + "von Hohenzollern-Sigmaringen ".repeat(5))
                    .build()
                    .toString())
            .status());
    Path downloads = Files.createTempDirectory("reports");
    List<String> violations = new ArrayList<>();
    Parley.User admin = Parley.newUser("admin");
    try (Browser browser = Browser.start("en-US")) {
      browser.guardAgainstScripts();
      ConsolePage.signIn(browser, admin);
      browser.cdp(
          "Browser.setDownloadBehavior",
          Map.of("behavior", "allow", "downloadPath", downloads.toString()));

      // the overview
      browser.driver().findElement(By.id("to-reports")).click();
      browser.text(By.id("overview-title"), "Overview");
      browser.until(d -> d.findElements(By.cssSelector("#overview-week .stat")).size() == 4);
      WebElement today = browser.driver().findElement(By.cssSelector("#overview-now .stat"));
      assertTrue(today.getText().contains("Conversations today"), today.getText());
      assertTrue(
          Long.parseLong(today.findElement(By.className("stat-value")).getText().replace(",", ""))
              >= 2);
      violations.addAll(browser.accessibilityViolations());
      browser.screenshot("reports-overview-en");

      // a report the test knows
      browser.driver().get(Parley.baseUrl() + "/console/#/reports/conversations?" + query);
      browser.until(d -> d.findElement(By.id("report-status")).getText().endsWith("in UTC"));
      List<String> total = totalRow(browser);
      assertEquals("Total", total.get(0));
      assertEquals("2", total.get(1), "created");
      assertEquals("2", total.get(2), "handed off");
      assertEquals("1", total.get(3), "first responses");
      assertEquals("1", total.get(6), "resolved");
      browser.until(d -> !d.findElements(By.cssSelector("#report-chart canvas")).isEmpty());
      String legend = browser.driver().findElement(By.id("report-chart")).getText();
      assertTrue(legend.contains("Created") && legend.contains("Resolved"), legend);
      assertEquals(
          "Created",
          browser.driver().findElement(By.cssSelector("#report-totals .stat-label")).getText());
      violations.addAll(browser.accessibilityViolations());
      browser.screenshot("reports-conversations-en");
      browser.script("document.getElementById('report-totals').scrollIntoView()");
      browser.screenshot("reports-chart-en");

      // as CSV
      browser.driver().findElement(By.id("report-csv")).click();
      Path file =
          downloads.resolve(
              "conversations-" + TODAY.minusDays(1) + "-" + TODAY.plusDays(1) + ".csv");
      Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(file));
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      assertEquals(5, lines.size(), lines.toString());
      assertTrue(lines.get(0).startsWith("start,created,handedOff,firstResponses,"), lines.get(0));
      assertTrue(lines.get(4).startsWith("total,2,2,1,"), lines.get(4));

      // per hour, through the form
      new Select(browser.driver().findElement(By.id("report-group"))).selectByValue("hour");
      browser.driver().findElement(By.cssSelector("#report-form button[type=submit]")).click();
      browser.until(d -> d.getCurrentUrl().contains("group=hour"));
      browser.until(
          d -> d.findElements(By.cssSelector("#report-series tbody tr")).size() == 3 * 24 + 1);
      assertEquals("2", totalRow(browser).get(1));

      // the satisfaction report shows the comment as text
      browser.driver().get(Parley.baseUrl() + "/console/#/reports/satisfaction?" + query);
      browser.until(
          d -> d.findElement(By.id("report-tables")).getText().contains(comment.substring(0, 8)));
      browser.assertNoInjectedScript("the satisfaction report");
      violations.addAll(browser.accessibilityViolations());

      // in Chinese, and on a phone
      browser.driver().get(Parley.baseUrl() + "/console/#/reports/conversations?" + query);
      new Select(browser.driver().findElement(By.id("locale"))).selectByValue("zh-CN");
      browser.text(By.id("report-title"), "会话");
      browser.until(d -> totalRow(browser).get(0).equals("合计"));
      violations.addAll(browser.accessibilityViolations());
      browser.screenshot("reports-conversations-zh-CN");
      browser.driver().get(Parley.baseUrl() + "/console/#/reports");
      browser.text(By.id("overview-title"), "概览");
      browser.until(d -> d.findElements(By.cssSelector("#overview-week .stat")).size() == 4);
      violations.addAll(browser.accessibilityViolations());
      browser.screenshot("reports-overview-zh-CN");
      browser.driver().get(Parley.baseUrl() + "/console/#/reports/conversations?" + query);
      browser.until(d -> totalRow(browser).get(0).equals("合计"));
      browser.driver().manage().window().setSize(new Dimension(390, 844));
      browser.until(d -> !d.findElements(By.cssSelector("#report-chart canvas")).isEmpty());
      // the charts follow the window's width once it has changed; then nothing is wider than it
      String wider =
          "const w = document.documentElement.clientWidth; return [...document.querySelectorAll("
              + "'body *')].filter(e => e.getBoundingClientRect().right > w + 1"
              + " && !e.closest('.table-scroll')).slice(0, 8).map(e => e.tagName + '#' + e.id + '.'"
              + " + e.className + ' in ' + (e.parentElement.id || e.parentElement.className) + ' '"
              + " + Math.round(e.getBoundingClientRect().left) + '-'"
              + " + Math.round(e.getBoundingClientRect().right)).join(', ')";
      try {
        browser.until(d -> "".equals(browser.script(wider)));
      } catch (org.openqa.selenium.TimeoutException e) {
        browser.screenshot("reports-phone-overflow");
        throw new AssertionError("wider than a phone: " + browser.script(wider), e);
      }
      browser.screenshot("reports-conversations-phone");
      browser.assertNoInjectedScript("the reports");
      assertTrue(violations.isEmpty(), String.join("\n", violations));
    } finally {
      try (var files = Files.list(downloads)) {
        for (Path p : files.toList()) {
          Files.deleteIfExists(p);
        }
      }
      Files.deleteIfExists(downloads);
    }
  }

  @Test
  void anAgentIsToldReportsAreNotForThem() throws Exception {
    Parley.User agent = Parley.newUser("agent");
    try (Browser browser = Browser.start("en-US")) {
      ConsolePage.signIn(browser, agent);
      assertTrue(!browser.driver().findElement(By.id("to-reports")).isDisplayed());
      browser.driver().get(Parley.baseUrl() + "/console/#/reports/bot");
      browser.text(By.id("forbidden-title"), "Not available to you");
      assertTrue(browser.accessibilityViolations().isEmpty());
    }
  }

  private static List<String> totalRow(Browser browser) {
    List<WebElement> rows =
        browser.driver().findElements(By.cssSelector("#report-series tbody tr"));
    if (rows.isEmpty()) {
      return List.of("");
    }
    WebElement last = rows.get(rows.size() - 1);
    List<String> cells = new ArrayList<>();
    last.findElements(By.cssSelector("th, td")).forEach(c -> cells.add(c.getText()));
    return cells;
  }
}
