package dev.parley.knowledge.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.testing.Parley;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * KB-10 identifier-aware search, on a dev set of near-identical articles that differ only by their
 * code: error codes (E-4021 … E-4032, two per fault), SKUs (PX-1234-B and PX-1234-W: the same
 * headset in black and white) and release notes (2.3.0 … 2.3.9). Each identifier is asked in every
 * form a visitor writes it — as printed, joined, lower case with an underscore, spaced, inside a
 * sentence — and each form must find its article first (Recall@1 ≥ 95) with the default hybrid
 * search and with full text alone. Without the identifier leg ({@code identifierWeight=0}, the
 * previous default) and with vectors alone, measured in the same run for comparison; the table
 * lands in {@code target/evaluation/identifiers.md}.
 */
class IdentifierSearchIT {

  record Article(String code, String title, String body) {}

  record Query(String form, String text, String code) {}

  static final String[][] FAULTS = {
    {"the paper tray is empty", "Load paper into the main tray and press Resume."},
    {"the ink cartridge is not recognized", "Remove the cartridge, clean its contacts, insert it."},
    {"the print head is too hot", "Switch the printer off for ten minutes before printing again."},
    {"the scanner lid is open", "Close the scanner lid firmly until it clicks."},
    {"the network connection dropped", "Reconnect the printer to Wi-Fi from its settings menu."},
    {"a paper jam blocks the rear door", "Open the rear door and pull the sheet out gently."},
  };

  static List<Article> articles() {
    List<Article> a = new ArrayList<>();
    for (int i = 0; i < FAULTS.length; i++) {
      for (int twin = 0; twin < 2; twin++) { // two codes per fault: the texts differ by the code
        String code = "E-40" + (21 + 2 * i + twin);
        a.add(
            new Article(
                code,
                "Error " + code,
                "If the printer shows error "
                    + code
                    + ", "
                    + FAULTS[i][0]
                    + ". "
                    + FAULTS[i][1]
                    + " If error "
                    + code
                    + " comes back, contact support."));
      }
    }
    String[][] colors = {{"B", "black"}, {"W", "white"}, {"R", "red"}};
    for (int model = 0; model < 4; model++) {
      for (String[] color : colors) {
        String sku = "PX-12" + (34 + model) + "-" + color[0];
        a.add(
            new Article(
                sku,
                "Wireless headset " + sku,
                "The "
                    + sku
                    + " is our wireless headset in "
                    + color[1]
                    + ". It pairs over Bluetooth, charges over USB-C and lasts 20 hours. The "
                    + sku
                    + " comes with a two-year warranty."));
      }
    }
    for (int patch = 0; patch < 10; patch++) {
      String version = "2.3." + patch;
      a.add(
          new Article(
              version,
              "Release notes " + version,
              "Version "
                  + version
                  + " of the desktop app fixes crashes on start and improves sync. Update to "
                  + version
                  + " from the Help menu."));
    }
    return a;
  }

  static List<Query> queries(List<Article> articles) {
    List<Query> q = new ArrayList<>();
    for (Article a : articles) {
      String c = a.code();
      if (c.startsWith("E-") || c.startsWith("PX-")) {
        String joined = c.replace("-", "");
        String underscored = c.toLowerCase(Locale.ROOT).replace('-', '_');
        String spaced = c.replaceFirst("-", " ");
        q.add(new Query("as printed", c, c));
        q.add(new Query("joined", joined, c));
        q.add(new Query("lower case, underscore", underscored, c));
        q.add(new Query("spaced", spaced, c));
        q.add(
            new Query(
                "in a sentence",
                c.startsWith("E-")
                    ? "my printer keeps showing " + joined + " since yesterday, what should I do?"
                    : "does the " + joined.toLowerCase(Locale.ROOT) + " work with my phone?",
                c));
      } else {
        q.add(new Query("as printed", c, c));
        q.add(new Query("with a v", "v" + c, c));
        q.add(new Query("in a sentence", "what changed in version " + c + " of the app?", c));
      }
    }
    return q;
  }

  @Test
  void everyFormOfAnIdentifierFindsItsArticleFirst() throws Exception {
    String collection = "identifiers-" + Parley.unique();
    Map<Long, String> codeOf = new LinkedHashMap<>();
    List<Article> articles = articles();
    for (Article a : articles) {
      Parley.Reply r =
          Parley.post(
              "/api/v1/articles",
              Parley.admin(),
              Json.createObjectBuilder()
                  .add("title", a.title())
                  .add("body", a.body())
                  .add("collection", collection)
                  .add("status", "published")
                  .build()
                  .toString());
      assertEquals(201, r.status(), r.toString());
      codeOf.put(r.json().getJsonNumber("id").longValue(), a.code());
    }
    dev.parley.testing.KnowledgeFixture.awaitCollection(collection, articles.size());

    List<Query> queries = queries(articles);
    String[][] modes = {
      {"hybrid", "", "Parley's default (hybrid with the identifier leg)"},
      {"text", "", "full text with the identifier leg"},
      {"hybrid", "&identifierWeight=0", "hybrid without it (the previous default)"},
      {"text", "&identifierWeight=0", "full text without it"},
      {"vector", "", "vector only"},
    };
    List<String> forms = queries.stream().map(Query::form).distinct().toList();
    StringBuilder report =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "## Identifiers: %d near-identical articles, %d queries%n%n| search | %s |%n|---|%s%n",
                articles.size(),
                queries.size(),
                String.join(" | ", forms),
                "---|".repeat(forms.size())));
    Map<String, Map<String, Double>> recall = new LinkedHashMap<>();
    for (String[] mode : modes) {
      Map<String, int[]> hits = new LinkedHashMap<>();
      for (Query q : queries) {
        JsonArray passages =
            Parley.get(
                    "/api/v1/knowledge/search?limit=5&collection="
                        + collection
                        + "&mode="
                        + mode[0]
                        + mode[1]
                        + "&q="
                        + URLEncoder.encode(q.text(), StandardCharsets.UTF_8),
                    Parley.admin())
                .json()
                .getJsonArray("passages");
        int[] h = hits.computeIfAbsent(q.form(), f -> new int[2]);
        h[1]++;
        if (!passages.isEmpty()
            && q.code()
                .equals(
                    codeOf.get(passages.getJsonObject(0).getJsonNumber("article").longValue()))) {
          h[0]++;
        }
      }
      Function<String, Double> r1 = f -> 100.0 * hits.get(f)[0] / hits.get(f)[1];
      Map<String, Double> byForm = new LinkedHashMap<>();
      forms.forEach(f -> byForm.put(f, r1.apply(f)));
      recall.put(mode[2], byForm);
      report.append("| ").append(mode[2]).append(" |");
      forms.forEach(f -> report.append(String.format(Locale.ROOT, " %.1f |", byForm.get(f))));
      report.append('\n');
    }
    Path out = Path.of("target", "evaluation", "identifiers.md");
    Files.createDirectories(out.getParent());
    Files.writeString(out, report.toString());
    System.getLogger("evaluation").log(System.Logger.Level.INFO, "\n" + report);
    for (String mode : List.of(modes[0][2], modes[1][2])) {
      recall
          .get(mode)
          .forEach(
              (form, r) ->
                  assertTrue(r >= 95, mode + ", " + form + ": Recall@1 " + r + "\n" + report));
    }
  }
}
