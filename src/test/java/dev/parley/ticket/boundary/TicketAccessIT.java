package dev.parley.ticket.boundary;

import static dev.parley.testing.TicketFixture.id;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.testing.Parley;
import dev.parley.testing.TicketFixture;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * TK-8: object-level authorization. Every ticket endpoint is tried as an agent of another team
 * (404: the ticket's existence is not revealed), with a token lacking the scope (403), and
 * anonymously (401). The list of endpoints is checked against the resources, so a new endpoint
 * cannot escape this test.
 */
class TicketAccessIT {

  /** An endpoint and a request that would succeed for an allowed caller. */
  record Call(String method, String template, String path, String body, boolean write) {}

  private static final List<Class<?>> RESOURCES =
      List.of(
          TicketsResource.class,
          ContactsResource.class,
          TicketFieldsResource.class,
          SlaPoliciesResource.class,
          EscalationResource.class);

  private static Set<String> declaredEndpoints() {
    Set<String> endpoints = new TreeSet<>();
    for (Class<?> resource : RESOURCES) {
      String base = resource.getAnnotation(Path.class).value();
      for (Method m : resource.getDeclaredMethods()) {
        String verb =
            m.isAnnotationPresent(GET.class)
                ? "GET"
                : m.isAnnotationPresent(POST.class)
                    ? "POST"
                    : m.isAnnotationPresent(PUT.class)
                        ? "PUT"
                        : m.isAnnotationPresent(PATCH.class)
                            ? "PATCH"
                            : m.isAnnotationPresent(DELETE.class) ? "DELETE" : null;
        if (verb != null) {
          Path sub = m.getAnnotation(Path.class);
          endpoints.add(verb + " " + base + (sub == null ? "" : "/" + sub.value()));
        }
      }
    }
    return endpoints;
  }

  @Test
  void everyTicketEndpointRefusesTheWrongAgentTheWrongTokenAndAnonymous() throws Exception {
    TicketFixture owner = TicketFixture.create();
    TicketFixture stranger = TicketFixture.create();
    long ticket = id(owner.ticket("Private " + Parley.unique()));
    long strangersTicket = id(stranger.ticket("Theirs " + Parley.unique()));
    long upload = uploadAttachment(ticket, owner.agentToken);
    long contact =
        Parley.get("/api/v1/tickets/" + ticket, owner.agentToken)
            .json()
            .getJsonObject("requester")
            .getJsonNumber("id")
            .longValue();
    String t = "/api/v1/tickets/" + ticket;
    List<Call> calls =
        List.of(
            new Call("GET", "GET tickets", "/api/v1/tickets", null, false),
            new Call(
                "POST",
                "POST tickets",
                "/api/v1/tickets",
                owner.draft("x").build().toString(),
                true),
            new Call("GET", "GET tickets/{id}", t, null, false),
            new Call("PATCH", "PATCH tickets/{id}", t, "{\"priority\":\"low\"}", true),
            new Call(
                "POST",
                "POST tickets/bulk",
                "/api/v1/tickets/bulk",
                "{\"ids\":[" + ticket + "],\"changes\":{\"priority\":\"low\"}}",
                true),
            new Call("GET", "GET tickets/{id}/comments", t + "/comments", null, false),
            new Call(
                "POST", "POST tickets/{id}/comments", t + "/comments", "{\"body\":\"hi\"}", true),
            new Call(
                "POST",
                "POST tickets/{id}/attachments",
                t + "/attachments?name=a.txt",
                "\"text\"",
                true),
            new Call(
                "GET",
                "GET tickets/{id}/attachments/{attachmentId}",
                t + "/attachments/" + upload,
                null,
                false),
            new Call("PUT", "PUT tickets/{id}/tags", t + "/tags", "[\"a\"]", true),
            new Call("POST", "POST tickets/{id}/tags", t + "/tags", "[\"b\"]", true),
            new Call("DELETE", "DELETE tickets/{id}/tags/{tag}", t + "/tags/a", null, true),
            new Call(
                "POST",
                "POST tickets/{id}/merge",
                t + "/merge",
                "{\"target\":" + strangersTicket + "}",
                true),
            new Call("GET", "GET tickets/{id}/audit", t + "/audit", null, false),
            new Call("GET", "GET contacts", "/api/v1/contacts", null, false),
            new Call(
                "POST",
                "POST contacts",
                "/api/v1/contacts",
                "{\"email\":\"acc-" + Parley.unique() + "@example.com\"}",
                true),
            new Call("GET", "GET contacts/{id}", "/api/v1/contacts/" + contact, null, false),
            new Call(
                "PATCH",
                "PATCH contacts/{id}",
                "/api/v1/contacts/" + contact,
                "{\"name\":\"N\"}",
                true),
            new Call("GET", "GET ticket-fields", "/api/v1/ticket-fields", null, false),
            new Call(
                "POST",
                "POST ticket-fields",
                "/api/v1/ticket-fields",
                "{\"key\":\"k\",\"label\":\"K\",\"type\":\"text\"}",
                true),
            new Call("PATCH", "PATCH ticket-fields/{id}", "/api/v1/ticket-fields/1", "{}", true),
            new Call("GET", "GET sla-policies", "/api/v1/sla-policies", null, false),
            new Call("PUT", "PUT sla-policies/{priority}", "/api/v1/sla-policies/low", "{}", true),
            new Call(
                "POST",
                "POST conversations/{id}/escalate",
                "/api/v1/conversations/1/escalate",
                "{}",
                true));
    Set<String> covered = new TreeSet<>();
    calls.forEach(c -> covered.add(c.template()));
    assertEquals(declaredEndpoints(), covered, "every endpoint is tried");

    String noScope = Parley.newApiToken("kb:read");
    String readOnly = Parley.newApiToken("tickets:read");
    List<String> failures = new ArrayList<>();
    for (Call c : calls) {
      expect(failures, c, null, 401, "anonymous");
      expect(failures, c, noScope, 403, "a token without a tickets scope");
      if (c.write()) {
        expect(failures, c, readOnly, 403, "a tickets:read token writing");
      }
    }
    // the agent of another team: the ticket-scoped endpoints do not reveal the ticket
    for (Call c : calls) {
      if (c.path().startsWith(t)) {
        expect(failures, c, stranger.agentToken, 404, "an agent of another team");
      }
    }
    assertTrue(failures.isEmpty(), String.join("\n", failures));

    // bulk and lists leave it out too
    Parley.Reply bulk =
        Parley.post(
            "/api/v1/tickets/bulk",
            stranger.agentToken,
            "{\"ids\":[" + ticket + "],\"changes\":{\"priority\":\"low\"}}");
    assertEquals(404, bulk.json().getJsonArray("results").getJsonObject(0).getInt("status"));
    assertTrue(
        Parley.get("/api/v1/tickets?limit=100", stranger.agentToken)
            .json()
            .getJsonArray("tickets")
            .stream()
            .noneMatch(x -> id(x.asJsonObject()) == ticket));
    // merging one's own ticket into a hidden one is refused the same way
    assertEquals(
        404,
        Parley.post(
                "/api/v1/tickets/" + strangersTicket + "/merge",
                stranger.agentToken,
                "{\"target\":" + ticket + "}")
            .status());
    // agents may not define fields or policies
    assertEquals(
        403, Parley.call("PUT", "/api/v1/sla-policies/low", owner.agentToken, "{}").status());
    // a tickets:read token reads
    assertEquals(200, Parley.get(t, readOnly).status());
    // nothing changed through any refused call
    assertEquals("normal", Parley.get(t, owner.agentToken).json().getString("priority"));
  }

  private static void expect(List<String> failures, Call c, String token, int status, String who) {
    Parley.Reply r = Parley.call(c.method(), c.path(), token, c.body());
    if (r.status() != status) {
      failures.add(c.template() + " as " + who + ": expected " + status + ", got " + r);
    }
  }

  private static long uploadAttachment(long ticket, String token) {
    Parley.Reply r =
        Parley.call(
            "POST",
            "/api/v1/tickets/" + ticket + "/attachments?name=notes.txt",
            token,
            "\"plain text\"");
    assertEquals(201, r.status(), r.toString());
    return id(r.json());
  }
}
