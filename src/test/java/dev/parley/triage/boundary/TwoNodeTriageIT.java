package dev.parley.triage.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.testing.ChatFixture;
import dev.parley.testing.Parley;
import dev.parley.testing.ServerCopy;
import dev.parley.testing.TopicModels;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * TR-6 across nodes: a model trained on one node is stored for all; a second node classifies with
 * it without training, and a change made on the second node reaches the first within seconds. Needs
 * the shared stack, so it runs in the test command's PostgreSQL pass.
 */
class TwoNodeTriageIT {

  private static JsonObject classify(String baseUrl, long inbox, String text) throws Exception {
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/topics/classify"))
                    .header("Authorization", "Bearer " + Parley.admin())
                    .header("Content-Type", "application/json")
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            Json.createObjectBuilder()
                                .add("text", text)
                                .add("inbox", inbox)
                                .build()
                                .toString()))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), r.body());
    return Json.createReader(new StringReader(r.body())).readObject();
  }

  private static long generation(JsonObject classification) {
    return classification.isNull("model")
        ? 0
        : classification.getJsonObject("model").getJsonNumber("generation").longValue();
  }

  @Test
  void aModelTrainedOnOneNodeServesTheOtherAndChangesTravelBothWays() throws Exception {
    Map<String, String> shared = ServerCopy.sharedStack();
    long inbox = ChatFixture.create("manual").inboxId;
    TopicModelIT.topic(inbox, "Shipping", TopicModelIT.SHIPPING_EXAMPLES);
    long billing = TopicModelIT.topic(inbox, "Billing", TopicModelIT.BILLING_EXAMPLES);
    JsonObject trained = TopicModels.awaitTrained(inbox); // on node A
    long first = trained.getJsonNumber("trained").longValue();

    try (ServerCopy nodeB = ServerCopy.of("parley-node-triage")) {
      nodeB.start(shared);
      assertTrue(nodeB.awaitReady(180), "the second node did not become ready");
      JsonObject onB = classify(nodeB.baseUrl(), inbox, "I was billed twice this month");
      assertEquals(first, generation(onB), "node B uses node A's model: " + onB);
      assertEquals(billing, onB.getJsonObject("topic").getJsonNumber("id").longValue());
      assertEquals(
          first,
          TopicModels.awaitTrained(inbox).getJsonNumber("requested").longValue(),
          "node B's start did not retrain a set that is up to date");

      // a change made through node B: trained once, and node A classifies with it within seconds
      HttpResponse<String> created =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(nodeB.baseUrl() + "/api/v1/topics"))
                      .header("Authorization", "Bearer " + Parley.admin())
                      .header("Content-Type", "application/json")
                      .POST(
                          HttpRequest.BodyPublishers.ofString(
                              Json.createObjectBuilder()
                                  .add("name", "Account")
                                  .add("inbox", inbox)
                                  .add(
                                      "examples",
                                      Json.createArrayBuilder(TopicModelIT.ACCOUNT_EXAMPLES))
                                  .build()
                                  .toString()))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertEquals(201, created.statusCode(), created.body());
      long second = TopicModels.awaitTrained(inbox).getJsonNumber("trained").longValue();
      assertTrue(second > first);
      JsonObject onA =
          Awaitility.await()
              .atMost(Duration.ofSeconds(20))
              .pollInterval(Duration.ofMillis(250))
              .until(
                  () -> classify(Parley.baseUrl(), inbox, "I forgot my password and cannot log in"),
                  k -> generation(k) == second);
      assertEquals("Account", onA.getJsonObject("topic").getString("name"), onA.toString());
      assertEquals(
          List.of(3),
          List.of(TopicModels.awaitTrained(inbox).getJsonObject("report").getInt("topics")));
    }
  }
}
