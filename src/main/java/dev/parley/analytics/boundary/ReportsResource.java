package dev.parley.analytics.boundary;

import dev.parley.analytics.control.AgentReport;
import dev.parley.analytics.control.BotReport;
import dev.parley.analytics.control.ConversationReport;
import dev.parley.analytics.control.Grouping;
import dev.parley.analytics.control.Overview;
import dev.parley.analytics.control.Report;
import dev.parley.analytics.control.ReportQuery;
import dev.parley.analytics.control.SatisfactionReport;
import dev.parley.analytics.control.SuggestionReport;
import dev.parley.analytics.control.TicketReport;
import dev.parley.identity.boundary.Allowed;
import dev.parley.identity.entity.Role;
import dev.parley.identity.entity.Scope;
import dev.parley.platform.config.Settings;
import dev.parley.platform.errors.Invalid;
import dev.parley.platform.rest.Problem;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.function.Function;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Reports over a date range (see {@code dev.parley.analytics} for what each figure means), as JSON
 * or CSV, for admins and tokens with {@code reports:read} or {@code admin}.
 */
@ApplicationScoped
@Path("reports")
@Tag(name = "Reports")
@Allowed(
    roles = Role.ADMIN,
    scopes = {Scope.REPORTS_READ, Scope.ADMIN})
public class ReportsResource {

  static final String CSV = "text/csv";

  @Inject ConversationReport conversations;
  @Inject TicketReport tickets;
  @Inject SatisfactionReport satisfaction;
  @Inject BotReport bot;
  @Inject SuggestionReport suggestions;
  @Inject AgentReport agents;
  @Inject Overview overview;
  @Inject Settings settings;

  @GET
  @Path("{report: conversations|tickets|satisfaction|bot|suggestions|agents}")
  @Produces({MediaType.APPLICATION_JSON, CSV})
  @Operation(
      summary = "A report over a date range",
      description =
          "conversations, tickets (with SLA achievement), satisfaction (CSAT), bot (deflection and"
              + " handoff reasons), suggestions (outcomes per prompt version and model) or agents."
              + " from/to are dates (inclusive) in timeZone (default: the installation's), group is"
              + " hour, day, week or month; filters: inbox, team, agent, topic, channel. CSV with"
              + " format=csv or Accept: text/csv: the series with a total line, or table=<name>.")
  public Response report(
      @PathParam("report") String name,
      @QueryParam("from") String from,
      @QueryParam("to") String to,
      @QueryParam("group") String group,
      @QueryParam("timeZone") String timeZone,
      @QueryParam("inbox") String inbox,
      @QueryParam("team") String team,
      @QueryParam("agent") String agent,
      @QueryParam("topic") String topic,
      @QueryParam("channel") String channel,
      @QueryParam("format") String format,
      @QueryParam("table") String table,
      @HeaderParam(HttpHeaders.ACCEPT) String accept) {
    boolean csv = csv(format, accept);
    ReportQuery query =
        query(from, to, group, timeZone, new RawFilter(inbox, team, agent, topic, channel));
    Function<ReportQuery, Report> reporter =
        switch (name) {
          case "conversations" -> conversations::of;
          case "tickets" -> tickets::of;
          case "satisfaction" -> satisfaction::of;
          case "bot" -> bot::of;
          case "suggestions" -> suggestions::of;
          default -> agents::of;
        };
    Report report = reporter.apply(query);
    if (!csv) {
      return Response.ok(ReportJson.of(report), MediaType.APPLICATION_JSON).build();
    }
    String tableName = table == null && report.columns().isEmpty() ? name : table;
    if (tableName != null && !report.tables().containsKey(tableName)) {
      throw Problem.badRequest("The " + name + " report has no table '" + tableName + "'")
          .field("table", "one of " + String.join(", ", report.tables().keySet()))
          .exception();
    }
    String body =
        tableName == null
            ? ReportCsv.series(report)
            : ReportCsv.table(report.tables().get(tableName));
    String file =
        name + "-" + query.from() + "-" + query.to() + (tableName == null ? "" : "-" + tableName);
    return Response.ok(body, CSV + "; charset=utf-8")
        .header("Content-Disposition", "attachment; filename=\"" + file + ".csv\"")
        .build();
  }

  @GET
  @Path("overview")
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Today, now, and the last 7 days against the 7 before",
      description =
          "Today's conversations and tickets, conversations waiting and agents online now, tickets"
              + " whose SLA is at risk, and for the last 7 days against the 7 before:"
              + " conversations, bot deflection, suggestion acceptance and average CSAT.")
  public Response overview(
      @QueryParam("timeZone") String timeZone,
      @QueryParam("inbox") String inbox,
      @QueryParam("team") String team) {
    ZoneId zone = zone(timeZone);
    ReportQuery.Filter filter = new RawFilter(inbox, team, null, null, null).parse();
    return Response.ok(
            ReportJson.of(overview.now(zone, filter, Clock.systemUTC()), zone),
            MediaType.APPLICATION_JSON)
        .build();
  }

  /** Filters as given in the query string. */
  record RawFilter(String inbox, String team, String agent, String topic, String channel) {
    ReportQuery.Filter parse() {
      try {
        return new ReportQuery.Filter(
            id("inbox", inbox),
            id("team", team),
            id("agent", agent),
            id("topic", topic),
            channel == null || channel.isBlank() ? null : channel.strip());
      } catch (Invalid e) {
        throw badRequest(e);
      }
    }
  }

  private ReportQuery query(
      String from, String to, String group, String timeZone, RawFilter filter) {
    ZoneId zone = zone(timeZone);
    LocalDate end = date("to", to, LocalDate.now(zone));
    LocalDate start = date("from", from, end.minusDays(29));
    Grouping grouping;
    try {
      grouping = group == null || group.isBlank() ? Grouping.DAY : Grouping.fromWire(group);
    } catch (IllegalArgumentException e) {
      throw Problem.badRequest("Unknown grouping '" + group + "'")
          .field("group", e.getMessage())
          .exception();
    }
    try {
      return new ReportQuery(start, end, grouping, zone, filter.parse());
    } catch (Invalid e) {
      throw badRequest(e);
    }
  }

  private ZoneId zone(String timeZone) {
    if (timeZone == null || timeZone.isBlank()) {
      return settings.timeZone();
    }
    try {
      return ZoneId.of(timeZone.strip());
    } catch (DateTimeException e) {
      throw Problem.badRequest("Unknown time zone '" + timeZone + "'")
          .field("timeZone", "a time zone such as Europe/Berlin, Asia/Shanghai or UTC")
          .exception();
    }
  }

  private static LocalDate date(String name, String value, LocalDate otherwise) {
    if (value == null || value.isBlank()) {
      return otherwise;
    }
    try {
      return LocalDate.parse(value.strip());
    } catch (DateTimeException e) {
      throw Problem.badRequest("'" + value + "' is not a date")
          .field(name, "a date such as 2026-03-31")
          .exception();
    }
  }

  private static Long id(String name, String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    if (!value.strip().matches("[1-9][0-9]{0,17}")) {
      throw new Invalid("'" + value + "' is not an id").field(name, "a positive number");
    }
    return Long.parseLong(value.strip());
  }

  private static RuntimeException badRequest(Invalid e) {
    Problem problem = Problem.badRequest(e.getMessage());
    e.fields().forEach(problem::field);
    return problem.exception();
  }

  private static boolean csv(String format, String accept) {
    if (format != null && !format.isBlank()) {
      return switch (format.strip()) {
        case "csv" -> true;
        case "json" -> false;
        default ->
            throw Problem.badRequest("Unknown format '" + format + "'")
                .field("format", "json or csv")
                .exception();
      };
    }
    return accept != null && accept.contains(CSV) && !accept.contains(MediaType.APPLICATION_JSON);
  }
}
