package dev.parley.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.poi.xwpf.usermodel.XWPFDocument;

/** Writes articles in a collection of the test's own and waits for them to be searchable. */
public final class KnowledgeFixture {

  private final String collection = "c-" + Parley.unique();

  public String collection() {
    return collection;
  }

  /** A published article in this fixture's collection; returns its id once ingested. */
  public long article(String title, String body) {
    return article(title, body, "en");
  }

  /** A published article in a language ({@code zh}: Chinese); returns its id once ingested. */
  public long article(String title, String body, String language) {
    Parley.Reply created =
        Parley.post(
            "/api/v1/articles",
            Parley.admin(),
            Json.createObjectBuilder()
                .add("title", title)
                .add("body", body)
                .add("collection", collection)
                .add("language", language)
                .add("status", "published")
                .build()
                .toString());
    assertEquals(201, created.status(), created.toString());
    long id = created.json().getJsonNumber("id").longValue();
    awaitIngested(id, created.json().getInt("revision"));
    return id;
  }

  /** Waits until {@code count} articles of a collection are ingested (a bulk load). */
  public static void awaitCollection(String collection, int count) {
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofMinutes(3))
        .pollInterval(java.time.Duration.ofMillis(250))
        .until(
            () ->
                Parley.get("/api/v1/articles?limit=200&collection=" + collection, Parley.admin())
                        .array()
                        .getValuesAs(jakarta.json.JsonObject.class)
                        .stream()
                        .filter(
                            a -> a.getJsonObject("ingestion").getString("state").equals("ready"))
                        .count()
                    == count);
  }

  /** Waits until the article's given revision is ingested; returns the article. */
  public static JsonObject awaitIngested(long id, int revision) {
    long deadline = System.currentTimeMillis() + 60_000;
    JsonObject article = null;
    while (System.currentTimeMillis() < deadline) {
      article = Parley.get("/api/v1/articles/" + id, Parley.admin()).json();
      JsonObject ingestion = article.getJsonObject("ingestion");
      if (ingestion.getString("state").equals("ready")
          && ingestion.getInt("revision") >= revision) {
        return article;
      }
      if (ingestion.getString("state").equals("failed")) {
        fail("ingestion failed: " + article);
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    fail("article " + id + " not ingested in 60 s: " + article);
    return article;
  }

  /** The passages found in this fixture's collection. */
  public JsonArray search(String query, String mode) {
    Parley.Reply reply =
        Parley.get(
            "/api/v1/knowledge/search?limit=5&mode="
                + mode
                + "&collection="
                + collection
                + "&q="
                + URLEncoder.encode(query, StandardCharsets.UTF_8),
            Parley.admin());
    assertEquals(200, reply.status(), reply.toString());
    return reply.json().getJsonArray("passages");
  }

  /** A one-page PDF whose text is {@code text} (one line). */
  public static byte[] pdf(String text) throws java.io.IOException {
    try (PDDocument doc = new PDDocument();
        ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      PDPage page = new PDPage();
      doc.addPage(page);
      try (PDPageContentStream content = new PDPageContentStream(doc, page)) {
        content.beginText();
        content.setFont(PDType1Font.HELVETICA, 12);
        content.newLineAtOffset(72, 700);
        content.showText(text);
        content.endText();
      }
      doc.save(out);
      return out.toByteArray();
    }
  }

  /** A Word document (DOCX) of one paragraph. */
  public static byte[] docx(String text) throws java.io.IOException {
    try (XWPFDocument doc = new XWPFDocument();
        ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      doc.createParagraph().createRun().setText(text);
      doc.write(out);
      return out.toByteArray();
    }
  }
}
