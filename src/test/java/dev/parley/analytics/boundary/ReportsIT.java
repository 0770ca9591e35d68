package dev.parley.analytics.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.testing.ChatClient;
import dev.parley.testing.ChatFixture;
import dev.parley.testing.Parley;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * AN-1, AN-7, AN-8 through the API: a conversation worked through the chat protocol shows in the
 * report; JSON, CSV and overview shapes; bad parameters are 400 naming them; agents are refused.
 */
class ReportsIT {

  private static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);

  /** Yesterday to tomorrow in UTC: today's work, whatever the hour. */
  private static String range() {
    return "from=" + TODAY.minusDays(1) + "&to=" + TODAY.plusDays(1) + "&timeZone=UTC";
  }

  @Test
  void aConversationWorkedThroughTheChatShowsInTheReportAndItsCsv() throws Exception {
    ChatFixture chat = ChatFixture.create("manual");
    String agentToken = chat.agent().login();
    long conversation;
    try (ChatClient visitor =
        ChatClient.visitor(Parley.baseUrl(), chat.visitorToken(), ChatFixture.ORIGIN)) {
      conversation =
          ChatFixture.start(visitor, "My parcel is late", null).getJsonNumber("id").longValue();
    }
    String message =
        Json.createObjectBuilder()
            .add("id", ChatFixture.clientId())
            .add("text", "Let me check that for you")
            .build()
            .toString();
    assertEquals(
        201,
        Parley.post("/api/v1/conversations/" + conversation + "/messages", agentToken, message)
            .status());
    assertEquals(
        200,
        Parley.post("/api/v1/conversations/" + conversation + "/close", agentToken, null).status());

    Parley.Reply reply =
        Parley.get(
            "/api/v1/reports/conversations?" + range() + "&inbox=" + chat.inboxId, Parley.admin());
    assertEquals(200, reply.status(), reply.body());
    JsonObject report = reply.json();
    assertEquals("conversations", report.getString("report"));
    assertEquals("day", report.getString("group"));
    assertEquals(3, report.getJsonArray("series").size());
    assertEquals(
        TODAY.minusDays(1) + "T00:00Z",
        report.getJsonArray("series").getJsonObject(0).getString("start"));
    JsonObject totals = report.getJsonObject("totals");
    assertEquals(1, totals.getInt("created"));
    assertEquals(1, totals.getInt("handedOff"));
    assertEquals(1, totals.getInt("firstResponses"));
    assertEquals(1, totals.getInt("resolved"));
    assertTrue(totals.getJsonNumber("resolutionMedian").doubleValue() >= 0);
    assertEquals(1, report.getJsonArray("series").getJsonObject(1).getInt("created"));

    Parley.Reply csv =
        Parley.call(
            "GET",
            "/api/v1/reports/conversations?" + range() + "&inbox=" + chat.inboxId,
            Parley.admin(),
            null,
            "Accept",
            "text/csv");
    assertEquals(200, csv.status(), csv.body());
    assertTrue(csv.raw().headers().firstValue("Content-Type").orElse("").startsWith("text/csv"));
    assertTrue(
        csv.raw().headers().firstValue("Content-Disposition").orElse("").contains("attachment"));
    List<String> lines = csv.body().lines().toList();
    assertEquals(
        "start,created,handedOff,firstResponses,firstResponseMedian,firstResponseP90,resolved,"
            + "resolutionMedian,resolutionP90",
        lines.get(0));
    assertEquals(5, lines.size(), "a header, three days and the total");
    assertTrue(lines.get(2).startsWith(TODAY + "T00:00Z,1,1,1,"), lines.get(2));
    assertTrue(lines.get(4).startsWith("total,1,1,1,"), lines.get(4));
    assertTrue(csv.body().contains("\r\n"), "RFC 4180 line ends");
  }

  @Test
  void tablesAsCsvAndTheOverview() {
    Parley.Reply bot =
        Parley.get(
            "/api/v1/reports/bot?" + range() + "&format=csv&table=handoffReasons", Parley.admin());
    assertEquals(200, bot.status(), bot.body());
    assertEquals("reason,conversations", bot.body().lines().findFirst().orElse(""));
    Parley.Reply agents =
        Parley.get("/api/v1/reports/agents?" + range() + "&format=csv", Parley.admin());
    assertEquals(200, agents.status(), agents.body());
    assertTrue(agents.body().startsWith("agent,name,conversationsClosed,"), agents.body());
    Parley.Reply sla = Parley.get("/api/v1/reports/tickets?" + range(), Parley.admin());
    assertEquals(
        3, sla.json().getJsonObject("tables").getJsonObject("sla").getJsonArray("rows").size());

    assertEquals(
        "UTC",
        Parley.get("/api/v1/reports/overview", Parley.admin()).json().getString("timeZone"),
        "the installation's zone by its name (not \"Z\", which browsers do not take)");
    Parley.Reply overview =
        Parley.get("/api/v1/reports/overview?timeZone=Asia/Shanghai", Parley.admin());
    assertEquals(200, overview.status(), overview.body());
    JsonObject o = overview.json();
    assertEquals("Asia/Shanghai", o.getString("timeZone"));
    for (String key :
        List.of("conversationsToday", "ticketsToday", "waitingNow", "agentsOnline", "slaAtRisk")) {
      assertTrue(o.getJsonNumber(key).longValue() >= 0, key);
    }
    assertTrue(o.getJsonObject("deflectionRate").containsKey("last7Days"));
  }

  @Test
  void badParametersAreProblemsNamingThem() {
    String admin = Parley.admin();
    for (String[] bad :
        List.of(
            new String[] {"from=yesterday", "from"},
            new String[] {"from=2026-03-09&to=2026-03-02", "to"},
            new String[] {"from=2024-01-01&to=2026-03-02", "to"},
            new String[] {"group=fortnight", "group"},
            new String[] {"group=hour&from=2026-01-01&to=2026-03-01", "group"},
            new String[] {"timeZone=Mars/Olympus", "timeZone"},
            new String[] {"inbox=-3", "inbox"},
            new String[] {"agent=1%20OR%201=1", "agent"},
            new String[] {"channel=%3Cscript%3E", "channel"},
            new String[] {"format=xml", "format"},
            new String[] {"format=csv&table=nope", "table"})) {
      Parley.Reply reply = Parley.get("/api/v1/reports/conversations?" + bad[0], admin);
      assertEquals(400, reply.status(), bad[0] + ": " + reply.body());
      assertTrue(
          reply
              .raw()
              .headers()
              .firstValue("Content-Type")
              .orElse("")
              .startsWith("application/problem+json"),
          bad[0]);
      assertTrue(reply.body().contains("\"#/" + bad[1] + "\""), bad[0] + ": " + reply.body());
    }
    assertEquals(404, Parley.get("/api/v1/reports/revenue", admin).status());
  }

  @Test
  void agentsAreRefusedAndAReportsTokenReads() {
    String agentToken = Parley.newUser("agent").login();
    assertEquals(403, Parley.get("/api/v1/reports/conversations", agentToken).status());
    assertEquals(403, Parley.get("/api/v1/reports/overview", agentToken).status());
    String token = Parley.newApiToken("reports:read");
    assertEquals(200, Parley.get("/api/v1/reports/suggestions", token).status());
    String tickets = Parley.newApiToken("tickets:read");
    assertEquals(403, Parley.get("/api/v1/reports/tickets", tickets).status());
  }

  /**
   * AN-6: an agent's online time is recorded from their status, and grows while they are online.
   */
  @Test
  void anAgentsOnlineTimeGrowsWhileTheyAreConnected() throws Exception {
    Parley.User agent = Parley.newUser("agent");
    String url = "/api/v1/reports/agents?" + range() + "&agent=" + agent.id();
    try (ChatClient staff = ChatClient.staff(Parley.baseUrl(), agent.login())) {
      staff.next("welcome");
      org.awaitility.Awaitility.await()
          .atMost(java.time.Duration.ofSeconds(20))
          .until(() -> onlineSeconds(url) >= 2);
    }
  }

  private static long onlineSeconds(String url) {
    JsonObject table =
        Parley.get(url, Parley.admin()).json().getJsonObject("tables").getJsonObject("agents");
    int column =
        table.getJsonArray("columns").getValuesAs(jakarta.json.JsonString.class).stream()
            .map(jakarta.json.JsonString::getString)
            .toList()
            .indexOf("onlineSeconds");
    assertTrue(column > 0, table.toString());
    return table.getJsonArray("rows").getJsonArray(0).getJsonNumber(column).longValue();
  }
}
