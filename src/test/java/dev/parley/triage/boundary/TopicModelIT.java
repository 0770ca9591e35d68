package dev.parley.triage.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.testing.ChatFixture;
import dev.parley.testing.Parley;
import dev.parley.testing.TopicModels;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * TR-6 background training with a rule fitted per topic set, TR-7 classify shows its work, TR-8
 * examples checked one by one and imported in bulk.
 */
class TopicModelIT {

  static final List<String> BILLING_EXAMPLES =
      List.of(
          "I was charged twice",
          "refund my payment",
          "my invoice is wrong",
          "why did you bill my credit card",
          "cancel my subscription and refund me",
          "the price on my bill is too high");
  static final List<String> SHIPPING_EXAMPLES =
      List.of(
          "where is my parcel",
          "when will my order arrive",
          "track my delivery",
          "shipping takes too long",
          "the courier lost my package",
          "my order has not been delivered yet");
  static final List<String> ACCOUNT_EXAMPLES =
      List.of(
          "I forgot my password",
          "how do I reset my password",
          "I cannot log in to my account",
          "change the email address of my account",
          "my account is locked",
          "enable two factor authentication");

  static long topic(long inbox, String name, List<String> examples) {
    JsonArrayBuilder array = Json.createArrayBuilder();
    examples.forEach(array::add);
    Parley.Reply r =
        Parley.post(
            "/api/v1/topics",
            Parley.admin(),
            Json.createObjectBuilder()
                .add("name", name)
                .add("inbox", inbox)
                .add("examples", array)
                .build()
                .toString());
    assertEquals(201, r.status(), r.toString());
    return r.json().getJsonNumber("id").longValue();
  }

  static JsonObject classify(long inbox, String text) {
    Parley.Reply r =
        Parley.post(
            "/api/v1/topics/classify",
            Parley.admin(),
            Json.createObjectBuilder().add("text", text).add("inbox", inbox).build().toString());
    assertEquals(200, r.status(), r.toString());
    return r.json();
  }

  /**
   * TR-9: a topic set written in Chinese is embedded in the Chinese space and classifies Chinese.
   */
  @Test
  void aChineseTopicSetClassifiesChineseMessages() {
    long inbox = ChatFixture.create("manual").inboxId;
    long billing =
        topic(inbox, "付费", List.of("重复扣款了", "我要退款", "发票开错了", "为什么扣了我的信用卡", "取消订阅并退钱", "账单金额不对"));
    long shipping =
        topic(
            inbox, "物流", List.of("我的包裹在哪里", "订单什么时候到", "查一下快递", "发货太慢了", "快递把我的包裹弄丢了", "订单一直没有送到"));
    long account =
        topic(inbox, "账号", List.of("忘记密码了", "怎么重置密码", "登录不了账号", "修改账号邮箱", "账号被锁定了", "开启两步验证"));

    JsonObject set = TopicModels.awaitTrained(inbox);
    assertEquals(
        "bge-small-zh-v1.5-q",
        set.getJsonObject("report").getString("embeddingModel"),
        "a Chinese set has the Chinese model: " + set);
    assertEquals(
        billing,
        classify(inbox, "你们多扣了我一次钱，能退回来吗").getJsonObject("topic").getJsonNumber("id").longValue());
    assertEquals(
        shipping,
        classify(inbox, "快递三天了还没到").getJsonObject("topic").getJsonNumber("id").longValue());
    assertEquals(
        account,
        classify(inbox, "密码想不起来，登不上去").getJsonObject("topic").getJsonNumber("id").longValue());
  }

  @Test
  void aTopicSetIsTrainedInTheBackgroundWithItsOwnRuleAndClassifyShowsItsWork() {
    long inbox = ChatFixture.create("manual").inboxId;
    long billing = topic(inbox, "Billing", BILLING_EXAMPLES);
    topic(inbox, "Shipping", SHIPPING_EXAMPLES);
    topic(inbox, "Account", ACCOUNT_EXAMPLES);

    JsonObject set = TopicModels.awaitTrained(inbox);
    JsonObject report = set.getJsonObject("report");
    assertEquals(3, report.getInt("topics"));
    assertEquals(18, report.getInt("examples"));
    assertEquals(3, report.getInt("heldOut"), "one example of each topic held out: " + report);
    assertEquals(0.5, report.getJsonNumber("wordWeight").doubleValue(), "reads words: " + report);
    JsonObject fitted = report.getJsonObject("fitted");
    double s = fitted.getJsonNumber("minSimilarity").doubleValue();
    assertTrue(s >= 0.30 && s <= 0.75, "within the safe bounds: " + fitted);
    assertEquals(3, report.getJsonArray("perTopic").size());
    for (JsonObject t : report.getJsonArray("perTopic").getValuesAs(JsonObject.class)) {
      assertEquals(1, t.getInt("heldOut"), t.toString());
      assertTrue(t.containsKey("accuracy") && t.containsKey("confusedWith"), t.toString());
    }
    assertTrue(set.isNull("progress"), "no progress once ready: " + set);

    JsonObject k = classify(inbox, "You charged my credit card twice, I want my money back");
    assertFalse(k.getBoolean("outOfScope"), k.toString());
    assertEquals("in_scope", k.getString("reason"));
    assertEquals(billing, k.getJsonObject("topic").getJsonNumber("id").longValue());
    assertEquals(3, k.getJsonArray("top").size(), "the top 3: " + k);
    JsonObject first = k.getJsonArray("top").getJsonObject(0);
    assertEquals(billing, first.getJsonObject("topic").getJsonNumber("id").longValue());
    double p0 = first.getJsonNumber("probability").doubleValue();
    double p1 = k.getJsonArray("top").getJsonObject(1).getJsonNumber("probability").doubleValue();
    assertTrue(p0 >= p1, "best first: " + k);
    assertTrue(first.getJsonNumber("similarity").doubleValue() >= s, k.toString());
    assertEquals("fitted", k.getJsonObject("rule").getString("source"));
    assertEquals(inbox, k.getJsonObject("model").getJsonNumber("inbox").longValue());

    JsonObject odd = classify(inbox, "What is the airspeed velocity of an unladen swallow?");
    assertTrue(odd.getBoolean("outOfScope"), odd.toString());
    assertTrue(odd.isNull("topic"));
    assertTrue(
        Set.of("far_from_examples", "low_probability").contains(odd.getString("reason")),
        odd.toString());
    assertEquals(3, odd.getJsonArray("top").size(), "the candidates even when out of scope");

    JsonObject none = classify(inbox, "?!");
    assertEquals("no_words", none.getString("reason"));
  }

  @Test
  void classifyNeverWaitsForTrainingAndKeepsThePreviousModelMeanwhile() {
    long inbox = ChatFixture.create("manual").inboxId;
    long shipping = topic(inbox, "Shipping", SHIPPING_EXAMPLES);
    topic(inbox, "Billing", BILLING_EXAMPLES);
    long first = TopicModels.awaitTrained(inbox).getJsonNumber("trained").longValue();

    // a big change: hundreds of new examples to embed and train on
    JsonArrayBuilder many = Json.createArrayBuilder();
    ACCOUNT_EXAMPLES.forEach(many::add);
    for (int i = 0; i < 600; i++) {
      many.add(
          "account question number " + i + " about login, password and profile " + Parley.unique());
    }
    Parley.Reply r =
        Parley.post(
            "/api/v1/topics",
            Parley.admin(),
            Json.createObjectBuilder()
                .add("name", "Account")
                .add("inbox", inbox)
                .add("examples", many)
                .build()
                .toString());
    assertEquals(201, r.status(), r.toString());

    long begin = System.nanoTime();
    JsonObject k = classify(inbox, "where is my parcel, it has not arrived");
    long millis = (System.nanoTime() - begin) / 1_000_000;
    JsonObject during = TopicModels.set(inbox).orElseThrow();
    assertTrue(millis < 5_000, "classify did not wait for training: " + millis + " ms");
    if (!"ready".equals(during.getString("state"))) {
      // still training after classify answered: it must have used the previous generation
      assertEquals(
          first, k.getJsonObject("model").getJsonNumber("generation").longValue(), k.toString());
      assertEquals(
          shipping, k.getJsonObject("topic").getJsonNumber("id").longValue(), k.toString());
      assertTrue(
          List.of("queued", "training").contains(during.getString("state")), during.toString());
    }
    JsonObject done = TopicModels.awaitTrained(inbox);
    assertTrue(done.getJsonNumber("trained").longValue() > first);
    assertEquals(3, done.getJsonObject("report").getInt("topics"));
    JsonObject after = classify(inbox, "I cannot log in, I forgot my password");
    assertEquals(
        done.getJsonNumber("trained").longValue(),
        after.getJsonObject("model").getJsonNumber("generation").longValue());
    assertEquals("Account", after.getJsonObject("topic").getString("name"), after.toString());
  }

  @Test
  void examplesAreCheckedOneByOneAndRepairsAreReported() {
    long inbox = ChatFixture.create("manual").inboxId;
    Parley.Reply refused =
        Parley.post(
            "/api/v1/topics",
            Parley.admin(),
            Json.createObjectBuilder()
                .add("name", "Refunds")
                .add("inbox", inbox)
                .add(
                    "examples",
                    Json.createArrayBuilder()
                        .add("refund please")
                        .add("   ")
                        .add("x".repeat(501))
                        .add("!!!"))
                .build()
                .toString());
    assertEquals(422, refused.status(), refused.toString());
    Set<String> pointers =
        refused.json().getJsonArray("errors").getValuesAs(JsonObject.class).stream()
            .map(e -> e.getString("pointer"))
            .collect(Collectors.toSet());
    assertEquals(
        Set.of("#/examples/1", "#/examples/2", "#/examples/3"), pointers, refused.toString());

    Parley.Reply saved =
        Parley.post(
            "/api/v1/topics",
            Parley.admin(),
            Json.createObjectBuilder()
                .add("name", "Refunds")
                .add("inbox", inbox)
                .add(
                    "examples",
                    Json.createArrayBuilder()
                        .add("refund please")
                        .add("I want my\nmoney back")
                        .add("  give me a refund ")
                        .add("Refund  please"))
                .build()
                .toString());
    assertEquals(201, saved.status(), saved.toString());
    JsonObject body = saved.json();
    assertEquals(
        List.of("refund please", "I want my money back", "give me a refund"),
        body.getJsonArray("examples").getValuesAs(jakarta.json.JsonString.class).stream()
            .map(jakarta.json.JsonString::getString)
            .toList());
    List<JsonObject> notes =
        body.getJsonObject("examplesChecked").getJsonArray("notes").getValuesAs(JsonObject.class);
    assertEquals(3, notes.size(), body.toString());
    assertEquals("#/examples/1", notes.get(0).getString("pointer"));
    assertEquals("normalized", notes.get(0).getString("action"));
    assertEquals("#/examples/2", notes.get(1).getString("pointer"));
    assertEquals("normalized", notes.get(1).getString("action"));
    assertEquals("#/examples/3", notes.get(2).getString("pointer"));
    assertEquals("dropped", notes.get(2).getString("action"));
    assertTrue(notes.get(2).getString("detail").contains("#/examples/0"));
  }

  @Test
  void topicsAreImportedFromCsvAndJsonAllOrNothing() {
    long inbox = ChatFixture.create("manual").inboxId;
    String csv =
        "topic,example,inbox,human_only\r\n"
            + "Returns,I want to return my shoes,"
            + inbox
            + ",false\r\n"
            + "Returns,\"how do I send it back, and who pays?\",,\r\n"
            + "Returns,return label please,,\r\n"
            + "Warranty,\"my kettle broke\nafter a week\","
            + inbox
            + ",yes\r\n"
            + "Warranty,is it under warranty,,\r\n";
    Parley.Reply r = csvImport("");
    assertEquals(422, r.status(), "an empty CSV is refused: " + r);
    r = csvImport(csv);
    assertEquals(200, r.status(), r.toString());
    assertEquals(2, r.json().getInt("created"));
    JsonObject warranty =
        r.json().getJsonArray("topics").getValuesAs(JsonObject.class).stream()
            .filter(t -> t.getString("name").equals("Warranty"))
            .findFirst()
            .orElseThrow();
    assertTrue(warranty.getBoolean("humanOnly"));
    assertEquals("my kettle broke after a week", warranty.getJsonArray("examples").getString(0));
    assertEquals(
        "normalized",
        warranty
            .getJsonObject("examplesChecked")
            .getJsonArray("notes")
            .getJsonObject(0)
            .getString("action"));

    // JSON: the same names update; a bad example refuses the whole import at its pointer
    String bad =
        Json.createObjectBuilder()
            .add(
                "topics",
                Json.createArrayBuilder()
                    .add(
                        Json.createObjectBuilder()
                            .add("name", "returns")
                            .add("inbox", inbox)
                            .add(
                                "examples",
                                Json.createArrayBuilder().add("send it back").add("return it")))
                    .add(
                        Json.createObjectBuilder()
                            .add("name", "Exchanges")
                            .add("inbox", inbox)
                            .add(
                                "examples",
                                Json.createArrayBuilder().add("swap the size").add(" "))))
            .build()
            .toString();
    Parley.Reply refused = Parley.post("/api/v1/topics/import", Parley.admin(), bad);
    assertEquals(422, refused.status(), refused.toString());
    assertEquals(
        "#/topics/1/examples/1",
        refused.json().getJsonArray("errors").getJsonObject(0).getString("pointer"));
    assertFalse(
        Parley.get("/api/v1/topics", Parley.admin()).body().contains("swap the size"),
        "nothing of a refused import is saved");

    Parley.Reply ok =
        Parley.post(
            "/api/v1/topics/import", Parley.admin(), bad.replace(",\" \"", ",\"exchange it\""));
    assertEquals(200, ok.status(), ok.toString());
    assertEquals(1, ok.json().getInt("created"));
    assertEquals(1, ok.json().getInt("updated"));
    JsonObject set = TopicModels.awaitTrained(inbox);
    assertEquals(3, set.getJsonObject("report").getInt("topics"), set.toString());

    Parley.Reply badCsv = csvImport("topic,example\nReturns,ok\n,orphan example\n");
    assertEquals(422, badCsv.status(), badCsv.toString());
    assertEquals(
        "#/lines/3", badCsv.json().getJsonArray("errors").getJsonObject(0).getString("pointer"));
  }

  @Test
  void anAdminsExplicitRuleReplacesTheFittedOnesUntilRemoved() {
    long inbox = ChatFixture.create("manual").inboxId;
    topic(inbox, "Shipping", SHIPPING_EXAMPLES);
    topic(inbox, "Billing", BILLING_EXAMPLES);
    TopicModels.awaitTrained(inbox);
    try {
      Parley.Reply bad =
          Parley.call(
              "PUT",
              "/api/v1/topics/model/rule",
              Parley.admin(),
              "{\"minProbability\":1.5,\"minSimilarity\":0.5}");
      assertEquals(422, bad.status(), bad.toString());
      Parley.Reply set =
          Parley.call(
              "PUT",
              "/api/v1/topics/model/rule",
              Parley.admin(),
              "{\"minProbability\":0.0,\"minSimilarity\":0.99}");
      assertEquals(200, set.status(), set.toString());
      JsonObject k = classify(inbox, "has my package been shipped yet?");
      assertTrue(k.getBoolean("outOfScope"), "handing off more: " + k);
      assertEquals("override", k.getJsonObject("rule").getString("source"));
      assertEquals("far_from_examples", k.getString("reason"));
      assertNotNull(
          Parley.get("/api/v1/topics/model", Parley.admin()).json().getJsonObject("override"));
    } finally {
      assertEquals(
          204, Parley.call("DELETE", "/api/v1/topics/model/rule", Parley.admin(), null).status());
    }
    JsonObject k = classify(inbox, "has my package been shipped yet?");
    assertFalse(k.getBoolean("outOfScope"), k.toString());
    assertEquals("fitted", k.getJsonObject("rule").getString("source"));
  }

  private static Parley.Reply csvImport(String csv) {
    return Parley.upload(
        "/api/v1/topics/import",
        Parley.admin(),
        csv.getBytes(java.nio.charset.StandardCharsets.UTF_8),
        "text/csv");
  }
}
