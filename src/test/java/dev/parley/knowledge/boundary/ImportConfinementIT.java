package dev.parley.knowledge.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.testing.Parley;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * KB-8: a folder import reads nothing outside the import roots, whatever the path looks like, and
 * an upload's name never becomes a path. The server's data directory holds the default root ({@code
 * imports/}); this test plants a secret beside it and links to it from inside.
 */
class ImportConfinementIT {

  private static final String IMPORTS = "/api/v1/articles/imports";

  @Test
  void noPathFormReadsOutsideTheImportRoots() throws Exception {
    String u = Parley.unique().replaceAll("[^a-z0-9]", "");
    Path data = Parley.serverDir().resolve("data").toRealPath();
    Path root = data.resolve("imports");
    Files.createDirectories(root);
    Path outside = Files.createDirectories(data.resolve("outside-" + u));
    String secret = "secret" + u;
    Files.writeString(outside.resolve("credentials.txt"), "password " + secret);
    Files.writeString(outside.resolve("leak.md"), "# Leak\n\nThe password is " + secret);
    Files.createSymbolicLink(root.resolve("link-" + u), outside);
    Path legit = Files.createDirectories(root.resolve("faq-" + u));
    Files.writeString(legit.resolve("guide.md"), "# Guide " + u + "\n\nHow to return a parcel.");
    Files.createSymbolicLink(legit.resolve("creds.md"), outside.resolve("leak.md"));
    Files.writeString(root.resolve(".." + u + ".md"), "# Dots\n\nnot a folder");

    List<String> corpus =
        List.of(
            "",
            " ",
            "/",
            "/etc",
            "/etc/X11",
            "/etc/passwd",
            "..",
            "../",
            "../..",
            "../../../../etc",
            "../../../../../../../../etc/passwd",
            "faq-" + u + "/../..",
            "faq-" + u + "/../../outside-" + u,
            "./../outside-" + u,
            "%2e%2e%2f",
            "%2e%2e/outside-" + u,
            "%252e%252e%252f",
            "..%2f..%2f..%2fetc",
            "..\\..\\..\\etc",
            "..\\\\..\\\\outside-" + u,
            "\\\\server\\share",
            "//server/share",
            "C:\\Windows\\System32",
            "file:///etc",
            "/proc/self/cwd",
            "/proc/self/root/etc",
            "~",
            "~/.ssh",
            "$HOME",
            "${PARLEY_DATA_DIR}",
            "link-" + u,
            "link-" + u + "/",
            outside.toString(),
            data.toString(),
            root.resolve("..").toString(),
            root.resolve("link-" + u).toString(),
            "\u002e\u002e/outside-" + u,
            "．．/outside-" + u,
            "..;/outside-" + u,
            "....//....//etc",
            "faq-" + u + "\u0000/../..",
            "faq-" + u + "/creds.md",
            ".." + u + ".md",
            "x".repeat(2_000));
    assertTrue(corpus.size() >= 30);
    String admin = Parley.admin();
    List<String> wrong = new ArrayList<>();
    for (String path : corpus) {
      Parley.Reply reply =
          Parley.post(
              IMPORTS,
              admin,
              Json.createObjectBuilder()
                  .add("path", path)
                  .add("collection", "c" + u)
                  .build()
                  .toString());
      if (reply.status() != 422 && reply.status() != 400) {
        wrong.add("'" + clip(path) + "' -> " + reply);
      } else if (!reply.contentType().startsWith("application/problem+json")) {
        wrong.add("'" + clip(path) + "' -> " + reply.contentType());
      }
    }
    assertEquals(List.of(), wrong, "paths outside the roots must be refused");

    // the legitimate folder imports, as drafts; its link to the secret is skipped and said so
    Parley.Reply imported =
        Parley.post(IMPORTS, admin, "{\"path\":\"faq-" + u + "\",\"collection\":\"c" + u + "\"}");
    assertEquals(201, imported.status(), imported.body());
    JsonObject result = imported.json();
    assertEquals(1, result.getInt("imported"), result.toString());
    assertEquals("draft", result.getJsonArray("articles").getJsonObject(0).getString("status"));
    assertTrue(
        result.getJsonArray("skipped").stream()
            .map(JsonValue::asJsonObject)
            .anyMatch(
                s ->
                    s.getString("file").equals("creds.md")
                        && s.getString("reason").contains("outside")),
        result.toString());

    // nothing anywhere holds the secret
    for (JsonValue a : Parley.get("/api/v1/articles?limit=200&collection=c" + u, admin).array()) {
      String body =
          Parley.get("/api/v1/articles/" + a.asJsonObject().getJsonNumber("id"), admin).body();
      assertFalse(body.contains(secret), body);
    }
    for (String collection : List.of("c" + u, "general", "outside-" + u)) {
      assertFalse(
          Parley.get("/api/v1/articles?limit=200&collection=" + collection, admin)
              .body()
              .contains(secret));
    }

    // an API token, even with the admin scope, cannot import from the server at all
    String token = Parley.newApiToken("admin", "kb:write");
    assertEquals(
        403,
        Parley.post(IMPORTS, token, "{\"path\":\"faq-" + u + "\"}").status(),
        "imports are for signed-in admins");
    assertEquals(403, Parley.get(IMPORTS, token).status());
    JsonObject roots = Parley.get(IMPORTS, admin).json();
    assertTrue(roots.getJsonArray("roots").toString().contains(root.toString()), roots.toString());
  }

  @Test
  void anUploadsNameNeverBecomesAPath() {
    String admin = Parley.admin();
    List<String> names =
        List.of(
            "../../../../etc/passwd.md",
            "..%2F..%2Fetc%2Fpasswd.md",
            "..\\..\\windows\\win.ini.txt",
            "/etc/shadow.md",
            "\\\\server\\share\\x.md",
            "....//....//x.md",
            "./.hidden.md",
            "~/x.md",
            "x.md/../../y.md",
            "ok.md");
    List<String> wrong = new ArrayList<>();
    for (String name : names) {
      Parley.Reply reply =
          Parley.upload(
              "/api/v1/articles/files?name=" + URLEncoder.encode(name, StandardCharsets.UTF_8),
              admin,
              "# Upload\n\nA harmless upload.".getBytes(StandardCharsets.UTF_8),
              "text/markdown");
      if (reply.status() == 201) {
        JsonObject article = reply.json();
        String file = article.getString("file", "");
        if (file.contains("/") || file.contains("\\") || file.startsWith(".")) {
          wrong.add(name + " stored as " + file);
        }
        if (!article.getString("status").equals("draft")) {
          wrong.add(name + " is not a draft: " + article.getString("status"));
        }
      } else if (reply.status() != 422) {
        wrong.add(name + " -> " + reply);
      }
    }
    assertEquals(List.of(), wrong);
  }

  private static String clip(String s) {
    return s.length() > 60 ? s.substring(0, 60) + "..." : s;
  }
}
