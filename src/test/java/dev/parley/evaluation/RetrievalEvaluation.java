package dev.parley.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.parley.testing.Parley;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.io.Reader;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Retrieval on CovidFAQ through the real path: the 67 distinct FAQ entries are written as articles
 * over the REST API (question as title, answer as body), ingested by Parley's ingestion, and each
 * of the 1,387 user queries is searched with full text only, vector only and fused (Parley's
 * default, and the variants tried), all in the same run. Reports Recall@1, Recall@5 and MRR (over
 * the top 10). Not part of the test suite: {@code bench/run-evaluation}.
 */
class RetrievalEvaluation {

  record Query(String text, String answer) {}

  @Test
  void covidFaq() throws Exception {
    Path data =
        Path.of(
            System.getProperty("parley.datasets", "../shared/datasets"),
            "covidfaq",
            "query_answer_pairs.json");
    JsonArray records;
    try (Reader r = Files.newBufferedReader(data)) {
      records = Json.createReader(r).readArray();
    }
    Map<String, String> faq = new LinkedHashMap<>(); // answer -> question
    List<Query> queries = new ArrayList<>();
    for (JsonObject o : records.getValuesAs(JsonObject.class)) {
      if (o.getString("query_type").equals("faq")) {
        faq.putIfAbsent(o.getString("answer"), o.getString("question"));
      } else {
        queries.add(new Query(o.getString("question"), o.getString("answer")));
      }
    }
    String collection = "covidfaq-" + Parley.unique();
    Map<Long, String> answerOf = new LinkedHashMap<>();
    long begin = System.nanoTime();
    List<long[]> created = new ArrayList<>();
    for (Map.Entry<String, String> e : faq.entrySet()) {
      Parley.Reply reply =
          Parley.post(
              "/api/v1/articles",
              Parley.admin(),
              Json.createObjectBuilder()
                  .add("title", e.getValue())
                  .add("body", e.getKey())
                  .add("collection", collection)
                  .add("status", "published")
                  .build()
                  .toString());
      assertEquals(201, reply.status(), reply.toString());
      long id = reply.json().getJsonNumber("id").longValue();
      answerOf.put(id, e.getKey());
      created.add(new long[] {id});
    }
    // wait for all of them at once (the list shows each article's ingestion)
    int chunks;
    while (true) {
      JsonArray list =
          Parley.get("/api/v1/articles?limit=200&collection=" + collection, Parley.admin()).array();
      long ready =
          list.getValuesAs(JsonObject.class).stream()
              .filter(a -> a.getJsonObject("ingestion").getString("state").equals("ready"))
              .count();
      if (ready == created.size()) {
        chunks =
            list.getValuesAs(JsonObject.class).stream()
                .mapToInt(a -> a.getJsonObject("ingestion").getInt("total"))
                .sum();
        break;
      }
      Thread.sleep(20);
    }
    double ingestSeconds = (System.nanoTime() - begin) / 1e9;
    long words = 0;
    for (Map.Entry<String, String> e : faq.entrySet()) {
      words += e.getKey().split("\\s+").length + e.getValue().split("\\s+").length;
    }

    StringBuilder report = new StringBuilder();
    report.append(
        String.format(
            Locale.ROOT,
            "## Retrieval: CovidFAQ, %d articles, %d user queries%n%n"
                + "Ingested through the API and the ingestion queue: %d chunks (%d words) in %.1f s,"
                + " %.0f chunks/s end to end.%n%n"
                + "| mode | fusion | Recall@1 | Recall@5 | MRR@10 |%n|---|---|---|---|---|%n",
            faq.size(),
            queries.size(),
            chunks,
            words,
            ingestSeconds,
            chunks / ingestSeconds));
    String[][] variants = {
      {"text", "", "full text only"},
      {"vector", "", "vector only"},
      {"hybrid", "", "Parley's default (configured weights)"},
      {"hybrid", "&fusion=rrf&vectorWeight=1&textWeight=1&k=60", "equal-weight RRF, k=60"},
      {"hybrid", "&fusion=rrf&vectorWeight=1&textWeight=0.5&k=60", "RRF k=60, text weight 0.5"},
      {"hybrid", "&fusion=rrf&vectorWeight=1&textWeight=0.2&k=10", "RRF k=10, text weight 0.2"},
      {"hybrid", "&fusion=rrf&vectorWeight=1&textWeight=0.1&k=10", "RRF k=10, text weight 0.1"},
      {"hybrid", "&fusion=convex&vectorWeight=1&textWeight=0.2", "convex, text weight 0.2"},
      {"hybrid", "&fusion=convex&vectorWeight=1&textWeight=0.1", "convex, text weight 0.1"},
      {"hybrid", "&fusion=convex&vectorWeight=1&textWeight=0.05", "convex, text weight 0.05"},
      {"hybrid", "&fusion=convex&vectorWeight=1&textWeight=0.02", "convex, text weight 0.02"},
      {"hybrid", "&fusion=convex&vectorWeight=1&textWeight=0.01", "convex, text weight 0.01"},
    };
    for (String[] v : variants) {
      double r1 = 0;
      double r5 = 0;
      double mrr = 0;
      for (Query q : queries) {
        Parley.Reply reply =
            Parley.get(
                "/api/v1/knowledge/search?limit=10&mode="
                    + v[0]
                    + v[1]
                    + "&collection="
                    + collection
                    + "&q="
                    + URLEncoder.encode(q.text(), StandardCharsets.UTF_8),
                Parley.admin());
        assertEquals(200, reply.status(), reply.toString());
        JsonArray passages = reply.json().getJsonArray("passages");
        for (int rank = 1; rank <= passages.size(); rank++) {
          long article = passages.getJsonObject(rank - 1).getJsonNumber("article").longValue();
          if (q.answer().equals(answerOf.get(article))) {
            r1 += rank == 1 ? 1 : 0;
            r5 += rank <= 5 ? 1 : 0;
            mrr += 1.0 / rank;
            break;
          }
        }
      }
      int n = queries.size();
      report.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %.1f | %.1f | %.1f |%n",
              v[0],
              v[2],
              100 * r1 / n,
              100 * r5 / n,
              100 * mrr / n));
    }
    Path out = Path.of("target", "evaluation", "retrieval.md");
    Files.createDirectories(out.getParent());
    Files.writeString(out, report.toString());
    System.getLogger("evaluation").log(System.Logger.Level.INFO, "\n" + report);
  }
}
