package dev.parley.chat.boundary;

import dev.parley.chat.control.Attachments;
import dev.parley.chat.control.ChatWire;
import dev.parley.chat.entity.Attachment;
import dev.parley.platform.files.Downloads;
import dev.parley.platform.json.Jsons;
import dev.parley.platform.rest.Problem;
import jakarta.json.JsonObject;
import jakarta.ws.rs.core.Response;

/** How attachments go over HTTP, for staff and visitors alike. */
final class AttachmentResponses {

  private AttachmentResponses() {}

  /**
   * The file, typed as sniffed, never rendered as a page by the browser: {@code nosniff}, a
   * sandboxing CSP, and {@code attachment} disposition except for images shown inline.
   */
  static Response download(Attachment a) {
    return Downloads.download(a.content(), a.contentType(), a.fileName(), a.sha256());
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
