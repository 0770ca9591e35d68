package dev.parley.knowledge.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.testing.Parley;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** KB-11: importers create and update many articles at once and follow their ingestion. */
class ArticleBatchIT {

  @Test
  void manyArticlesAreCreatedOrUpdatedAllOrNothingAndTheirIngestionIsFollowed() {
    String collection = "batch-" + Parley.unique();
    JsonArrayBuilder articles = Json.createArrayBuilder();
    for (int i = 0; i < 30; i++) {
      articles.add(
          Json.createObjectBuilder()
              .add("title", "Batch article " + i + " " + collection)
              .add("body", "How to do thing number " + i + " in the app.")
              .add("collection", collection)
              .add("status", "published"));
    }
    Parley.Reply r =
        Parley.post(
            "/api/v1/articles/batch",
            Parley.admin(),
            Json.createObjectBuilder().add("articles", articles).build().toString());
    assertEquals(200, r.status(), r.toString());
    assertEquals(30, r.json().getInt("created"));
    List<JsonObject> created = r.json().getJsonArray("articles").getValuesAs(JsonObject.class);
    String ids =
        created.stream()
            .map(a -> Long.toString(a.getJsonNumber("id").longValue()))
            .collect(Collectors.joining(","));
    assertEquals(30, r.json().getJsonObject("progress").getInt("count"));

    JsonObject done =
        Awaitility.await()
            .atMost(Duration.ofMinutes(2))
            .pollInterval(Duration.ofMillis(200))
            .until(
                () -> Parley.get("/api/v1/articles/batch?ids=" + ids, Parley.admin()).json(),
                p -> p.getBoolean("finished"));
    assertEquals(30, done.getInt("ready"), done.toString());
    assertEquals(done.getJsonNumber("chunksTotal"), done.getJsonNumber("chunksDone"));

    // an update by slug, one unchanged, one new; a bad one refuses the whole batch
    String slug0 = created.get(0).getString("slug");
    long id1 = created.get(1).getJsonNumber("id").longValue();
    String bad =
        Json.createObjectBuilder()
            .add(
                "articles",
                Json.createArrayBuilder()
                    .add(
                        Json.createObjectBuilder()
                            .add("slug", slug0)
                            .add("body", "Changed " + collection))
                    .add(Json.createObjectBuilder().add("id", id1))
                    .add(Json.createObjectBuilder().add("title", "").add("body", "x"))
                    .add(Json.createObjectBuilder().add("id", 999_999_999L).add("body", "x")))
            .build()
            .toString();
    Parley.Reply refused = Parley.post("/api/v1/articles/batch", Parley.admin(), bad);
    assertEquals(422, refused.status(), refused.toString());
    Set<String> pointers =
        refused.json().getJsonArray("errors").getValuesAs(JsonObject.class).stream()
            .map(e -> e.getString("pointer"))
            .collect(Collectors.toSet());
    assertEquals(Set.of("#/articles/2/title", "#/articles/3/id"), pointers, refused.toString());
    assertFalse(
        Parley.get("/api/v1/articles/" + created.get(0).getJsonNumber("id"), Parley.admin())
            .body()
            .contains("Changed " + collection),
        "nothing of a refused batch is saved");

    Parley.Reply ok =
        Parley.post(
            "/api/v1/articles/batch",
            Parley.admin(),
            Json.createObjectBuilder()
                .add(
                    "articles",
                    Json.createArrayBuilder()
                        .add(
                            Json.createObjectBuilder()
                                .add("slug", slug0)
                                .add("body", "Changed " + collection))
                        .add(Json.createObjectBuilder().add("id", id1))
                        .add(
                            Json.createObjectBuilder()
                                .add("title", "One more " + collection)
                                .add("body", "New.")
                                .add("collection", collection)))
                .build()
                .toString());
    assertEquals(200, ok.status(), ok.toString());
    assertEquals(1, ok.json().getInt("created"));
    assertEquals(1, ok.json().getInt("updated"));
    assertEquals(1, ok.json().getInt("unchanged"));
    List<JsonObject> outcomes = ok.json().getJsonArray("articles").getValuesAs(JsonObject.class);
    assertEquals("updated", outcomes.get(0).getString("outcome"));
    assertEquals(slug0, outcomes.get(0).getString("slug"));
    assertTrue(
        Parley.get("/api/v1/articles/" + outcomes.get(0).getJsonNumber("id"), Parley.admin())
            .body()
            .contains("Changed " + collection));

    assertEquals(422, Parley.get("/api/v1/articles/batch?ids=1,x", Parley.admin()).status());
    assertEquals(
        422, Parley.post("/api/v1/articles/batch", Parley.admin(), "{\"articles\":[]}").status());
  }
}
