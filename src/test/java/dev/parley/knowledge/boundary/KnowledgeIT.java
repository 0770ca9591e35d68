package dev.parley.knowledge.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.testing.KnowledgeFixture;
import dev.parley.testing.Parley;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * KB-4..KB-7: articles are written, revised, uploaded from files, ingested asynchronously and found
 * by hybrid retrieval with their article, anchor and scores.
 */
class KnowledgeIT {

  @Test
  void anArticleIsFoundByMeaningAndByWordsWithItsAnchor() {
    KnowledgeFixture kb = new KnowledgeFixture();
    long refunds =
        kb.article(
            "Refund policy",
            "We refund any order within 30 days.\n\n## Refunds for damaged parcels\n"
                + "If your parcel arrived broken, send us a photo and we send the money back at"
                + " once, no need to return the item.");
    kb.article(
        "Shipping times",
        "Parcels leave our warehouse in two working days and arrive in three to five days.");

    JsonArray byMeaning = kb.search("my package came smashed, can I get my money back?", "vector");
    JsonObject best = byMeaning.getJsonObject(0);
    assertEquals(refunds, best.getJsonNumber("article").longValue(), byMeaning.toString());
    assertEquals("refunds-for-damaged-parcels", best.getString("anchor"));
    assertTrue(best.getJsonNumber("vectorScore").doubleValue() > 0.3, best.toString());

    JsonArray byWords = kb.search("warehouse", "text");
    assertEquals(1, byWords.size(), byWords.toString());
    assertEquals("Shipping times", byWords.getJsonObject(0).getString("title"));
    assertTrue(byWords.getJsonObject(0).getInt("textRank") == 1);

    JsonArray hybrid = kb.search("damaged parcel refund", "hybrid");
    assertEquals(refunds, hybrid.getJsonObject(0).getJsonNumber("article").longValue());
    assertTrue(hybrid.getJsonObject(0).getInt("vectorRank") >= 1);
    assertTrue(hybrid.getJsonObject(0).getInt("textRank") >= 1);
  }

  @Test
  void editingOneSectionEmbedsOnlyItsChunksAndKeepsTheHistory() {
    KnowledgeFixture kb = new KnowledgeFixture();
    StringBuilder body = new StringBuilder();
    for (int s = 1; s <= 4; s++) {
      body.append("## Section ").append(s).append("\n");
      body.append(("Words about topic number " + s + " and nothing else. ").repeat(6));
      body.append("\n\n");
    }
    long id = kb.article("Long guide", body.toString());
    JsonObject first = Parley.get("/api/v1/articles/" + id, Parley.admin()).json();
    int firstTotal = first.getJsonObject("ingestion").getInt("total");
    assertTrue(firstTotal >= 4, first.toString());

    String edited = body.toString().replace("topic number 3", "the lighthouse keeper");
    Parley.Reply patched =
        Parley.call(
            "PATCH",
            "/api/v1/articles/" + id,
            Parley.admin(),
            "{\"body\":" + jakarta.json.Json.createValue(edited) + "}",
            "If-Match",
            "\"" + first.getJsonNumber("version").longValue() + "\"");
    assertEquals(200, patched.status(), patched.toString());
    assertEquals(2, patched.json().getInt("revision"));
    JsonObject second = KnowledgeFixture.awaitIngested(id, 2);
    int secondTotal = second.getJsonObject("ingestion").getInt("total");
    assertTrue(
        secondTotal >= 1 && secondTotal < firstTotal,
        "only section 3's chunks are embedded again: " + secondTotal + " of " + firstTotal);
    assertEquals(
        id,
        kb.search("lighthouse keeper", "text")
            .getJsonObject(0)
            .getJsonNumber("article")
            .longValue());

    JsonArray revisions =
        Parley.get("/api/v1/articles/" + id + "/revisions", Parley.admin()).array();
    assertEquals(2, revisions.size());
    assertEquals(2, revisions.getJsonObject(0).getInt("revision"));

    // a stale If-Match loses nothing: 412 and the article is unchanged
    Parley.Reply stale =
        Parley.call(
            "PATCH",
            "/api/v1/articles/" + id,
            Parley.admin(),
            "{\"title\":\"x\"}",
            "If-Match",
            "\"0\"");
    assertEquals(412, stale.status());
    assertEquals(
        "Long guide",
        Parley.get("/api/v1/articles/" + id, Parley.admin()).json().getString("title"));
  }

  /** KB-13: indexing in the background is not an edit: the ETag a client holds stays good. */
  @Test
  void indexingDoesNotChangeTheETag() {
    Parley.Reply created =
        Parley.post(
            "/api/v1/articles",
            Parley.admin(),
            "{\"title\":\"ETag guide\",\"body\":\"## One\\nFirst words.\\n\\n## Two\\nMore words.\"}");
    assertEquals(201, created.status(), created.toString());
    long id = created.json().getJsonNumber("id").longValue();
    String etag = created.raw().headers().firstValue("ETag").orElseThrow();
    KnowledgeFixture.awaitIngested(id, 1);
    assertEquals(
        etag,
        Parley.get("/api/v1/articles/" + id, Parley.admin())
            .raw()
            .headers()
            .firstValue("ETag")
            .orElseThrow());
    Parley.Reply patched =
        Parley.call(
            "PATCH",
            "/api/v1/articles/" + id,
            Parley.admin(),
            "{\"title\":\"ETag guide 2\"}",
            "If-Match",
            etag);
    assertEquals(200, patched.status(), patched.toString());
  }

  @Test
  void deletingAnArticleRemovesItsChunksFromSearch() {
    KnowledgeFixture kb = new KnowledgeFixture();
    long id = kb.article("Gift cards", "Gift cards never expire and can be used online.");
    assertEquals(1, kb.search("gift cards expire", "text").size());
    assertEquals(
        204, Parley.call("DELETE", "/api/v1/articles/" + id, Parley.admin(), null).status());
    assertEquals(0, kb.search("gift cards expire", "text").size());
    assertEquals(0, kb.search("gift cards expire", "vector").size());
    assertEquals(404, Parley.get("/api/v1/articles/" + id, Parley.admin()).status());
  }

  @Test
  void draftsAreNotFoundUnlessAsked() {
    KnowledgeFixture kb = new KnowledgeFixture();
    Parley.Reply created =
        Parley.post(
            "/api/v1/articles",
            Parley.admin(),
            "{\"title\":\"Secret roadmap\",\"body\":\"The quantum stapler ships next year.\","
                + "\"collection\":\""
                + kb.collection()
                + "\"}");
    assertEquals(201, created.status());
    assertEquals("draft", created.json().getString("status"));
    long id = created.json().getJsonNumber("id").longValue();
    KnowledgeFixture.awaitIngested(id, 1);
    assertEquals(0, kb.search("quantum stapler", "text").size());
    Parley.Reply all =
        Parley.get(
            "/api/v1/knowledge/search?status=all&collection="
                + kb.collection()
                + "&q=quantum+stapler",
            Parley.admin());
    assertEquals(1, all.json().getJsonArray("passages").size());
  }

  @Test
  void everySupportedFileFormatBecomesASearchableArticle() throws Exception {
    KnowledgeFixture kb = new KnowledgeFixture();
    String c = kb.collection();
    String admin = Parley.admin();
    long md =
        uploaded(
            Parley.upload(
                "/api/v1/articles/files?status=published&collection=" + c + "&name=returns.md",
                admin,
                "---\ntitle: Returns\ntags: [returns]\n---\n## Labels\nPrint the zebra label.\n"
                    .getBytes(StandardCharsets.UTF_8),
                "text/markdown"));
    long html =
        uploaded(
            Parley.upload(
                "/api/v1/articles/files?status=published&collection=" + c + "&name=warranty.html",
                admin,
                ("<html><head><title>Warranty</title><script>alert(1)</script></head><body>"
                        + "<h2>Coverage</h2><p onclick=\"steal()\">Covers the flamingo motor for"
                        + " two years.</p><script>document.cookie</script></body></html>")
                    .getBytes(StandardCharsets.UTF_8),
                "text/html"));
    long txt =
        uploaded(
            Parley.upload(
                "/api/v1/articles/files?status=published&collection=" + c + "&name=hours.txt",
                admin,
                "Our walrus hotline is open on weekdays.".getBytes(StandardCharsets.UTF_8),
                "text/plain"));
    long pdf =
        uploaded(
            Parley.upload(
                "/api/v1/articles/files?status=published&collection=" + c + "&name=manual.pdf",
                admin,
                KnowledgeFixture.pdf("Descale the espresso kettle monthly."),
                "application/pdf"));
    long docx =
        uploaded(
            Parley.upload(
                "/api/v1/articles/files?status=published&collection=" + c + "&name=terms.docx",
                admin,
                KnowledgeFixture.docx("Subscriptions renew on the first of the month."),
                "application/octet-stream"));

    JsonObject htmlArticle = Parley.get("/api/v1/articles/" + html, admin).json();
    assertEquals("Warranty", htmlArticle.getString("title"));
    assertFalse(htmlArticle.getString("body").contains("script"), htmlArticle.getString("body"));
    assertFalse(htmlArticle.getString("body").contains("steal"), htmlArticle.getString("body"));
    assertFalse(htmlArticle.getString("body").contains("alert"), htmlArticle.getString("body"));
    assertEquals("pdf", Parley.get("/api/v1/articles/" + pdf, admin).json().getString("source"));

    assertEquals(md, first(kb.search("zebra label", "text")));
    assertEquals(html, first(kb.search("flamingo motor", "text")));
    assertEquals(txt, first(kb.search("walrus hotline", "text")));
    assertEquals(pdf, first(kb.search("espresso kettle", "text")));
    assertEquals(docx, first(kb.search("subscriptions renew", "text")));

    Parley.Reply unsupported =
        Parley.upload(
            "/api/v1/articles/files?name=photo.png",
            admin,
            new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0, 0, 13},
            "image/png");
    assertEquals(422, unsupported.status(), unsupported.toString());
    assertTrue(unsupported.contentType().startsWith("application/problem+json"));
  }

  @Test
  void aFolderOnTheServerIsImportedOnce() throws Exception {
    // inside the default import root, the data directory's imports/ (KB-8)
    java.nio.file.Path root = Parley.serverDir().resolve("data").resolve("imports");
    java.nio.file.Files.createDirectories(root);
    java.nio.file.Path folder = java.nio.file.Files.createTempDirectory(root, "kb-import");
    String word = "w" + Parley.unique();
    java.nio.file.Files.createDirectories(folder.resolve("billing"));
    java.nio.file.Files.writeString(
        folder.resolve("billing/invoices.md"),
        "# Invoices\nInvoices for " + word + " are monthly.");
    java.nio.file.Files.writeString(
        folder.resolve("billing/vat.html"), "<h1>VAT</h1><p>VAT for " + word + " is included.</p>");
    java.nio.file.Files.writeString(folder.resolve("logo.png"), "not an article");
    String body =
        "{\"path\":\""
            + folder.toAbsolutePath().toString().replace("\\", "/")
            + "\",\"status\":\"published\"}";
    Parley.Reply first = Parley.post("/api/v1/articles/imports", Parley.admin(), body);
    assertEquals(201, first.status(), first.toString());
    assertEquals(2, first.json().getInt("imported"));
    assertEquals(
        "billing", first.json().getJsonArray("articles").getJsonObject(0).getString("collection"));
    Parley.Reply again = Parley.post("/api/v1/articles/imports", Parley.admin(), body);
    assertEquals(0, again.json().getInt("imported"), "files imported before are skipped");
    Parley.Reply missing =
        Parley.post("/api/v1/articles/imports", Parley.admin(), "{\"path\":\"/no/such/folder\"}");
    assertEquals(422, missing.status());
  }

  @Test
  void writesAreValidatedAndReservedToAdmins() {
    Parley.Reply invalid =
        Parley.post(
            "/api/v1/articles",
            Parley.admin(),
            "{\"title\":\"\",\"status\":\"live\",\"tags\":[1]}");
    assertEquals(422, invalid.status());
    String errors = invalid.json().getJsonArray("errors").toString();
    assertTrue(errors.contains("#/title"), errors);
    assertTrue(errors.contains("#/body"), errors);
    assertTrue(errors.contains("#/status"), errors);
    assertTrue(errors.contains("#/tags/0"), errors);

    String agent = Parley.newUser("agent").login();
    assertEquals(
        403, Parley.post("/api/v1/articles", agent, "{\"title\":\"t\",\"body\":\"b\"}").status());
    assertEquals(200, Parley.get("/api/v1/knowledge/search?q=refund", agent).status());
    assertEquals(401, Parley.get("/api/v1/knowledge/search?q=refund", null).status());
    Parley.Reply badQuery = Parley.get("/api/v1/knowledge/search?q=&mode=psychic", agent);
    assertEquals(422, badQuery.status());
    assertTrue(
        badQuery.body().contains("#/mode") && badQuery.body().contains("#/q"), badQuery.body());
  }

  private static long uploaded(Parley.Reply reply) {
    assertEquals(201, reply.status(), reply.toString());
    long id = reply.json().getJsonNumber("id").longValue();
    KnowledgeFixture.awaitIngested(id, 1);
    return id;
  }

  private static long first(JsonArray passages) {
    assertFalse(passages.isEmpty());
    return passages.getJsonObject(0).getJsonNumber("article").longValue();
  }
}
