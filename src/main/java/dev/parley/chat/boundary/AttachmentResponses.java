package dev.parley.chat.boundary;

import dev.parley.chat.control.Attachments;
import dev.parley.chat.control.ChatWire;
import dev.parley.chat.entity.Attachment;
import dev.parley.platform.json.Jsons;
import dev.parley.platform.rest.Problem;
import jakarta.json.JsonObject;
import jakarta.ws.rs.core.Response;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** How attachments go over HTTP, for staff and visitors alike. */
final class AttachmentResponses {

  private AttachmentResponses() {}

  /**
   * The file, typed as sniffed, never rendered as a page by the browser: {@code nosniff}, a
   * sandboxing CSP, and {@code attachment} disposition except for images shown inline.
   */
  static Response download(Attachment a) {
    boolean image = a.contentType().startsWith("image/") && !a.contentType().contains("svg");
    String encoded = URLEncoder.encode(a.fileName(), StandardCharsets.UTF_8).replace("+", "%20");
    String ascii = a.fileName().replaceAll("[^A-Za-z0-9._ -]", "_");
    return Response.ok(a.content(), a.contentType())
        .header(
            "Content-Disposition",
            (image ? "inline" : "attachment")
                + "; filename=\""
                + ascii
                + "\"; filename*=UTF-8''"
                + encoded)
        .header("X-Content-Type-Options", "nosniff")
        .header("Content-Security-Policy", "default-src 'none'; sandbox")
        .header("Cache-Control", "private, max-age=3600")
        .header("ETag", "\"" + a.sha256() + "\"")
        .build();
  }

  static JsonObject uploaded(Attachments.Uploaded u) {
    return Jsons.object()
        .add(
            "attachment",
            Jsons.object()
                .add("id", u.attachment().id())
                .add("name", u.attachment().fileName())
                .add("type", u.attachment().contentType())
                .add("size", u.attachment().size()))
        .add("message", ChatWire.message(u.posted().message()))
        .build();
  }

  static Response created(Attachments.Uploaded u) {
    return Response.status(u.posted().duplicate() ? 200 : 201).entity(uploaded(u)).build();
  }

  static RuntimeException tooLarge(Attachments.TooLarge e) {
    return Problem.of(413, "too-large", "Payload too large").detail(e.getMessage()).exception();
  }
}
