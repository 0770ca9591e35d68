package dev.parley.chat.boundary;

import static dev.parley.testing.ChatFixture.clientId;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.testing.ChatClient;
import dev.parley.testing.ChatFixture;
import dev.parley.testing.Parley;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * CH-2, CH-6: attachments. The type is sniffed from the content, limits are the inbox's, the file
 * reaches the other side as a message, and downloads cannot be rendered as pages.
 */
class AttachmentsIT {

  /** A 1x1 PNG. */
  static final byte[] PNG =
      Base64.getDecoder()
          .decode(
              "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");

  static HttpResponse<byte[]> send(
      String method, String path, String token, byte[] body, String contentType) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(Parley.baseUrl() + path))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(body))
            .header("Authorization", "Bearer " + token)
            .header("Origin", ChatFixture.ORIGIN);
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    return HttpClient.newHttpClient()
        .send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  static JsonObject json(HttpResponse<byte[]> response) {
    return Json.createReader(new StringReader(new String(response.body()))).readObject();
  }

  @Test
  void aVisitorSendsAnImageAndTheAgentDownloadsItSafely() throws Exception {
    ChatFixture chat = ChatFixture.create("manual");
    Parley.User agent = chat.agent();
    String agentToken = agent.login();
    String visitorToken = chat.visitorToken();
    try (ChatClient visitor =
        ChatClient.visitor(Parley.baseUrl(), visitorToken, ChatFixture.ORIGIN)) {
      visitor.next("welcome");
      long id = ChatProtocolIT.start(visitor, "see the photo").getJsonNumber("id").longValue();
      assertEquals(
          200, Parley.post("/api/v1/conversations/" + id + "/claim", agentToken, null).status());

      // the client claims it is a PDF named like a page: Parley believes the bytes
      String path =
          "/api/v1/widget/conversations/"
              + id
              + "/attachments?name=..%2Fleak.html&id="
              + clientId();
      HttpResponse<byte[]> uploaded = send("POST", path, visitorToken, PNG, "application/pdf");
      assertEquals(201, uploaded.statusCode(), new String(uploaded.body()));
      JsonObject attachment = json(uploaded).getJsonObject("attachment");
      assertEquals("image/png", attachment.getString("type"));
      assertEquals("leak.html", attachment.getString("name"), "no path survives");
      long attachmentId = attachment.getJsonNumber("id").longValue();
      assertEquals(
          ChatFixture.ORIGIN,
          uploaded.headers().firstValue("Access-Control-Allow-Origin").orElse(null));

      HttpResponse<byte[]> download =
          send("GET", "/api/v1/conversations/attachments/" + attachmentId, agentToken, null, null);
      assertEquals(200, download.statusCode());
      assertArrayEquals(PNG, download.body());
      assertEquals("image/png", download.headers().firstValue("Content-Type").orElseThrow());
      assertEquals(
          "nosniff", download.headers().firstValue("X-Content-Type-Options").orElseThrow());
      assertTrue(
          download.headers().firstValue("Content-Disposition").orElseThrow().contains("filename"));
      assertTrue(
          download
              .headers()
              .firstValue("Content-Security-Policy")
              .orElseThrow()
              .contains("sandbox"));

      HttpResponse<byte[]> own =
          send("GET", "/api/v1/widget/attachments/" + attachmentId, visitorToken, null, null);
      assertEquals(200, own.statusCode());
      String stranger = chat.visitorToken();
      assertEquals(
          404,
          send("GET", "/api/v1/widget/attachments/" + attachmentId, stranger, null, null)
              .statusCode());
      String outsider = ChatFixture.create("manual").agent().login();
      assertEquals(
          404,
          send("GET", "/api/v1/conversations/attachments/" + attachmentId, outsider, null, null)
              .statusCode());
    }
  }

  @Test
  void typesAndSizesTheInboxDoesNotAcceptAreRefused() throws Exception {
    ChatFixture chat = ChatFixture.create("manual");
    assertEquals(
        200,
        Parley.call(
                "PATCH",
                "/api/v1/inboxes/" + chat.inboxId,
                Parley.admin(),
                "{\"maxAttachmentBytes\":1000,\"attachmentTypes\":[\"image/png\"]}")
            .status());
    String visitorToken = chat.visitorToken();
    try (ChatClient visitor =
        ChatClient.visitor(Parley.baseUrl(), visitorToken, ChatFixture.ORIGIN)) {
      visitor.next("welcome");
      long id = ChatProtocolIT.start(visitor, "files").getJsonNumber("id").longValue();
      String path = "/api/v1/widget/conversations/" + id + "/attachments?name=a.png&id=";
      HttpResponse<byte[]> script =
          send(
              "POST",
              path + clientId(),
              visitorToken,
              "<script>alert(1)</script>".getBytes(),
              "image/png");
      assertEquals(422, script.statusCode());
      assertTrue(
          new String(script.body()).contains("text/html")
              || new String(script.body()).contains("text/plain"),
          new String(script.body()));
      HttpResponse<byte[]> big =
          send("POST", path + clientId(), visitorToken, new byte[5000], "image/png");
      assertEquals(413, big.statusCode());
      assertEquals(
          "application/problem+json", big.headers().firstValue("Content-Type").orElseThrow());
      assertEquals(401, send("POST", path + clientId(), "not-a-token", PNG, null).statusCode());
      HttpResponse<byte[]> ok = send("POST", path + "same-id", visitorToken, PNG, null);
      assertEquals(201, ok.statusCode(), new String(ok.body()));
      JsonObject message =
          visitor.next(
              e -> "message".equals(e.getString("type")) && e.containsKey("attachment"),
              "the attachment message");
      assertEquals(
          json(ok).getJsonObject("attachment").getJsonNumber("id"),
          message.getJsonNumber("attachment"));
      // the type sniffed from the bytes (none was declared), for clients to show an image
      assertEquals("image/png", message.getString("attachmentType"));
      assertEquals(
          200,
          send("POST", path + "same-id", visitorToken, PNG, null).statusCode(),
          "a retry is stored once");
    }
  }
}
