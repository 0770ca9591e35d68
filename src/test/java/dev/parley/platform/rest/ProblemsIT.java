package dev.parley.platform.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.testing.Parley;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

/** PLAT-3: every API error is RFC 9457 problem+json carrying the request id. */
class ProblemsIT {

  private static JsonObject problem(Parley.Reply reply, int status) {
    assertEquals(status, reply.status(), reply.body());
    assertTrue(reply.contentType().startsWith("application/problem+json"), reply.contentType());
    JsonObject body = reply.json();
    assertEquals(status, body.getInt("status"));
    assertTrue(body.getString("type").startsWith("https://"));
    assertNotNull(body.getString("title"));
    assertEquals(reply.header("X-Request-Id"), body.getString("requestId"));
    return body;
  }

  @Test
  void unknownPathsAre404() {
    problem(Parley.get("/api/v1/no-such-thing", Parley.admin()), 404);
    problem(Parley.get("/api/v1/users/999999999", Parley.admin()), 404);
  }

  @Test
  void wrongMethodIs405WithAllow() {
    Parley.Reply reply = Parley.call("DELETE", "/api/v1/me", Parley.admin(), null);
    problem(reply, 405);
    assertNotNull(reply.header("Allow"));
  }

  @Test
  void brokenJsonIs400() {
    JsonObject body = problem(Parley.post("/api/v1/teams", Parley.admin(), "{\"name\": "), 400);
    assertTrue(body.getString("detail").contains("JSON"), body.toString());
    JsonObject wrongType =
        problem(Parley.post("/api/v1/teams", Parley.admin(), "{\"name\": [1, 2]}"), 422);
    assertTrue(
        wrongType.getJsonArray("errors").toString().contains("#/name"), wrongType.toString());
  }

  @Test
  void wrongMediaTypeIs415() {
    problem(
        Parley.call("POST", "/api/v1/teams", Parley.admin(), null, "Content-Type", "text/plain"),
        415);
  }

  @Test
  void invalidFieldsAre422WithPointers() {
    JsonObject body =
        problem(
            Parley.post(
                "/api/v1/users", Parley.admin(), "{\"email\":\"not-an-email\",\"role\":\"boss\"}"),
            422);
    String errors = body.getJsonArray("errors").toString();
    assertTrue(errors.contains("#/email"), errors);
    assertTrue(errors.contains("#/displayName"), errors);
    assertTrue(errors.contains("#/role"), errors);
  }

  @Test
  void theCallersRequestIdIsKept() {
    Parley.Reply reply =
        Parley.call("GET", "/api/v1/me", null, null, "X-Request-Id", "trace-12345678");
    assertEquals("trace-12345678", problem(reply, 401).getString("requestId"));
    Parley.Reply generated =
        Parley.call("GET", "/api/v1/me", null, null, "X-Request-Id", "bad id!");
    assertTrue(!problem(generated, 401).getString("requestId").equals("bad id!"));
  }

  /** A well-formed URL with a parameter of the wrong form is the caller's mistake: 400. */
  @Test
  void parametersOfTheWrongFormAre400NamingThem() {
    JsonObject path = problem(Parley.get("/api/v1/tickets/abc", Parley.admin()), 400);
    assertTrue(path.getJsonArray("errors").toString().contains("#/id"), path.toString());
    problem(Parley.get("/api/v1/tickets/99999999999999999999", Parley.admin()), 400);
    JsonObject query = problem(Parley.get("/api/v1/tickets?limit=many", Parley.admin()), 400);
    assertTrue(query.getJsonArray("errors").toString().contains("#/limit"), query.toString());
    JsonObject assignee = problem(Parley.get("/api/v1/tickets?assignee=abc", Parley.admin()), 422);
    assertTrue(assignee.getJsonArray("errors").toString().contains("#/assignee"));
    problem(Parley.get("/api/v1/tickets?assignee=0", Parley.admin()), 422);
    problem(Parley.get("/api/v1/tickets?q=%00", Parley.admin()), 400);
    problem(Parley.get("/api/v1/tickets/%ED%A0%80", Parley.admin()), 400);
  }

  /** Runtime details never leak: no internal codes, no echo of a long input. */
  @Test
  void detailsNameNoInternalsAndQuoteLittle() {
    Parley.Reply wrongType =
        Parley.call("POST", "/api/v1/teams", Parley.admin(), null, "Content-Type", "text/plain");
    assertTrue(!wrongType.body().contains("RESTEASY"), wrongType.body());
    String huge = "s".repeat(10_000);
    Parley.Reply scope =
        Parley.post(
            "/api/v1/api-tokens", Parley.admin(), "{\"name\":\"x\",\"scopes\":[\"" + huge + "\"]}");
    assertEquals(422, scope.status(), scope.body());
    assertTrue(scope.body().length() < 2_000, "the input is not echoed: " + scope.body().length());
  }

  /** Paths outside the API get Parley's own pages: a problem for API clients, HTML for people. */
  @Test
  void pathsOutsideTheApiNameNoServerInternals() throws Exception {
    Parley.Reply page = Parley.get("/no-such-page", null);
    assertEquals(404, page.status());
    assertTrue(page.contentType().startsWith("text/html"), page.contentType());
    assertTrue(!page.body().contains("Exception") && !page.body().contains("SRVE"), page.body());
    Parley.Reply json =
        Parley.call("GET", "/api/v2/nothing", null, null, "Accept", "application/json");
    assertEquals(404, json.status());
    assertTrue(json.contentType().startsWith("application/problem+json"), json.contentType());
  }

  /** The status line of a 422 names it (the container alone says "Undefined"). */
  @Test
  void theStatusLineOf422HasItsReasonPhrase() throws Exception {
    java.net.URI base = java.net.URI.create(Parley.baseUrl());
    String body = "{\"name\":[1]}";
    try (java.net.Socket socket = new java.net.Socket(base.getHost(), base.getPort())) {
      socket.setSoTimeout(10_000);
      String request =
          "POST /api/v1/teams HTTP/1.1\r\nHost: "
              + base.getHost()
              + "\r\nAuthorization: Bearer "
              + Parley.admin()
              + "\r\nContent-Type: application/json\r\nContent-Length: "
              + body.length()
              + "\r\nConnection: close\r\n\r\n"
              + body;
      socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      String status =
          new java.io.BufferedReader(
                  new java.io.InputStreamReader(
                      socket.getInputStream(), java.nio.charset.StandardCharsets.US_ASCII))
              .readLine();
      assertEquals("HTTP/1.1 422 Unprocessable Content", status);
    }
  }

  /**
   * Answers without a body (304, 204) complete for a client that tries to upgrade a fresh cleartext
   * connection to HTTP/2, as Java's own HttpClient does by default (they hung).
   */
  @Test
  void bodilessAnswersCompleteForClientsThatTryHttp2() throws Exception {
    dev.parley.testing.TicketFixture tickets = dev.parley.testing.TicketFixture.create();
    long ticket = dev.parley.testing.TicketFixture.id(tickets.ticket("h2 " + Parley.unique()));
    String session = tickets.agentToken;
    String etag = Parley.get("/api/v1/tickets/" + ticket, session).header("ETag");
    for (String[] call :
        new String[][] {
          {"GET", "/api/v1/tickets/" + ticket, "If-None-Match", etag},
          {"POST", "/api/v1/auth/logout", "X-Probe", "1"}
        }) {
      java.net.http.HttpClient fresh =
          java.net.http.HttpClient.newBuilder()
              .version(java.net.http.HttpClient.Version.HTTP_2)
              .connectTimeout(java.time.Duration.ofSeconds(5))
              .build();
      java.net.http.HttpResponse<String> response =
          fresh.send(
              java.net.http.HttpRequest.newBuilder(java.net.URI.create(Parley.baseUrl() + call[1]))
                  .timeout(java.time.Duration.ofSeconds(10))
                  .header("Authorization", "Bearer " + session)
                  .header(call[2], call[3])
                  .method(call[0], java.net.http.HttpRequest.BodyPublishers.noBody())
                  .build(),
              java.net.http.HttpResponse.BodyHandlers.ofString());
      assertTrue(
          response.statusCode() == 304 || response.statusCode() == 204,
          call[1] + " -> " + response.statusCode());
    }
  }
}
