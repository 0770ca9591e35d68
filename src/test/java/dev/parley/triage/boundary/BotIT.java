package dev.parley.triage.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.testing.ChatClient;
import dev.parley.testing.ChatFixture;
import dev.parley.testing.KnowledgeFixture;
import dev.parley.testing.Parley;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

/**
 * TR-1..TR-5: the bot answers first with citations and hands off deterministically: a visitor
 * insisting on a human, the button, a human-only or out-of-scope topic; after handoff the bot stays
 * silent until an agent hands the conversation back; unanswered questions become gaps.
 */
class BotIT {

  /** A bot inbox (manual assignment: handed-off conversations wait for an agent). */
  record Bot(ChatFixture chat, ChatClient visitor, long conversation) implements AutoCloseable {
    @Override
    public void close() {
      visitor.close();
    }

    void says(String text) throws InterruptedException {
      ChatFixture.say(visitor, conversation, text);
    }

    JsonObject nextFrom(String kind) throws InterruptedException {
      return visitor.next(
          e ->
              "message".equals(e.getString("type"))
                  && kind.equals(e.getString("kind", ""))
                  && e.getJsonNumber("conversation").longValue() == conversation,
          kind + " message");
    }

    String state() {
      return Parley.get("/api/v1/conversations/" + conversation, Parley.admin())
          .json()
          .getString("state");
    }

    JsonObject conversationJson() {
      return Parley.get("/api/v1/conversations/" + conversation, Parley.admin()).json();
    }
  }

  static Bot open(String first) throws Exception {
    ChatFixture chat = ChatFixture.create("manual");
    Parley.Reply on =
        Parley.call("PATCH", "/api/v1/inboxes/" + chat.inboxId, Parley.admin(), "{\"bot\":true}");
    assertEquals(200, on.status(), on.toString());
    assertTrue(on.json().getBoolean("bot"));
    ChatClient visitor =
        ChatClient.visitor(Parley.baseUrl(), chat.visitorToken(), ChatFixture.ORIGIN);
    visitor.next("welcome");
    JsonObject conversation =
        ChatFixture.start(visitor, first, Json.createObjectBuilder().add("name", "Lin"));
    assertEquals("bot", conversation.getString("state"));
    return new Bot(chat, visitor, conversation.getJsonNumber("id").longValue());
  }

  @Test
  void theBotAnswersWithCitationsAndAYesClosesTheConversationAsResolved() throws Exception {
    String word = "q" + Parley.unique();
    long article =
        new KnowledgeFixture()
            .article(
                "Resetting the " + word + " router",
                "To reset the " + word + " router, hold the reset button for ten seconds.");
    try (Bot bot = open("How do I reset my " + word + " router?")) {
      JsonObject answer = bot.nextFrom("bot");
      assertEquals(
          "Resetting the " + word + " router",
          answer.getJsonArray("sources").getJsonObject(0).getString("title"),
          answer.toString());
      assertEquals(
          article,
          answer.getJsonArray("sources").getJsonObject(0).getJsonNumber("article").longValue());
      assertTrue(answer.getString("text").contains("Did this answer your question?"));
      JsonObject trail =
          Parley.get(
                  "/api/v1/conversations/" + bot.conversation() + "/assist/decisions",
                  Parley.admin())
              .json();
      JsonObject decision = trail.getJsonArray("decisions").getJsonObject(0);
      assertEquals("bot_answer", decision.getString("kind"));
      assertEquals("llm", decision.getString("source"));
      assertTrue(
          dev.parley.testing.FakeOpenAi.requests(word).stream().allMatch(r -> r.stream()),
          "the bot's answers are streamed");
      assertEquals(
          article,
          decision.getJsonArray("citations").getJsonObject(0).getJsonNumber("article").longValue());
      bot.says("yes, thanks!");
      long deadline = System.currentTimeMillis() + 10_000;
      while (!bot.state().equals("closed") && System.currentTimeMillis() < deadline) {
        Thread.sleep(100);
      }
      assertEquals("closed", bot.state());
      assertTrue(bot.conversationJson().getBoolean("botResolved", false));
    }
  }

  /**
   * TR-10: an inbox's own bot settings: a stricter answer similarity sends to a person what the
   * default would have answered, with the inbox's handoff words; bad values are refused by name.
   */
  @Test
  void anInboxsOwnSimilarityAndHandoffWordsAreUsed() throws Exception {
    String word = "q" + Parley.unique();
    new KnowledgeFixture()
        .article(
            "Resetting the " + word + " router",
            "To reset the " + word + " router, hold the reset button for ten seconds.");
    String words = "One of our florists answers in a minute.";
    ChatFixture chat = ChatFixture.create("manual");
    Parley.Reply strict =
        Parley.call(
            "PATCH",
            "/api/v1/inboxes/" + chat.inboxId,
            Parley.admin(),
            Json.createObjectBuilder()
                .add("bot", true)
                .add("botAnswerSimilarity", 0.99)
                .add("botHandoffText", words)
                .build()
                .toString());
    assertEquals(200, strict.status(), strict.toString());
    assertEquals(0.99, strict.json().getJsonNumber("botAnswerSimilarity").doubleValue());
    assertEquals(words, strict.json().getString("botHandoffText"));
    try (ChatClient visitor =
        ChatClient.visitor(Parley.baseUrl(), chat.visitorToken(), ChatFixture.ORIGIN)) {
      visitor.next("welcome");
      JsonObject conversation =
          ChatFixture.start(
              visitor,
              "How do I reset my " + word + " router?",
              Json.createObjectBuilder().add("name", "Lin"));
      long id = conversation.getJsonNumber("id").longValue();
      JsonObject handedOff =
          visitor.next(
              e ->
                  "message".equals(e.getString("type")) && "system".equals(e.getString("kind", "")),
              "the handoff");
      assertEquals(words, handedOff.getString("text"));
      assertEquals(
          "no_answer",
          Parley.get("/api/v1/conversations/" + id, Parley.admin())
              .json()
              .getString("handoffReason"));
      assertTrue(
          visitor.seen().stream().noneMatch(e -> "bot".equals(e.getString("kind", ""))),
          "no answer below the inbox's similarity: " + visitor.seen());
    }

    // back to the defaults with null; a similarity out of range is refused, naming it
    Parley.Reply defaults =
        Parley.call(
            "PATCH",
            "/api/v1/inboxes/" + chat.inboxId,
            Parley.admin(),
            "{\"botAnswerSimilarity\":null,\"botHandoffText\":null}");
    assertEquals(200, defaults.status(), defaults.toString());
    assertTrue(defaults.json().isNull("botAnswerSimilarity"));
    assertTrue(defaults.json().isNull("botHandoffText"));
    Parley.Reply wrong =
        Parley.call(
            "PATCH",
            "/api/v1/inboxes/" + chat.inboxId,
            Parley.admin(),
            "{\"botAnswerSimilarity\":1.5}");
    assertEquals(422, wrong.status(), wrong.toString());
    assertTrue(wrong.body().contains("#/botAnswerSimilarity"), wrong.body());
  }

  /** TR-9: a visitor who writes Chinese gets a Chinese article, and the bot's words in Chinese. */
  @Test
  void theBotSpeaksChineseToAVisitorWhoWritesChinese() throws Exception {
    String model = "QX" + Parley.unique().replaceAll("[^0-9]", "");
    long article =
        new KnowledgeFixture()
            .article("重置 " + model + " 路由器", "按住 " + model + " 路由器背面的复位键十秒钟，指示灯闪烁后即恢复出厂设置。", "zh");
    try (Bot bot = open(model + " 路由器怎么恢复出厂设置？")) {
      JsonObject answer = bot.nextFrom("bot");
      assertEquals(
          article,
          answer.getJsonArray("sources").getJsonObject(0).getJsonNumber("article").longValue(),
          answer.toString());
      assertTrue(answer.getString("text").contains("这个回答解决您的问题了吗"), answer.toString());
      bot.says("没有");
      JsonObject handedOff = bot.nextFrom("system");
      assertTrue(handedOff.getString("text").contains("人工客服"), handedOff.toString());
      assertEquals("not_helped", bot.conversationJson().getString("handoffReason"));
    }
    try (Bot bot = open("转人工")) {
      JsonObject handedOff = bot.nextFrom("system");
      assertTrue(handedOff.getString("text").contains("人工客服"), handedOff.toString());
      assertEquals("asked_for_human", bot.conversationJson().getString("handoffReason"));
    }
  }

  @Test
  void aVisitorInsistingOnAHumanGetsOneAndTheBotStaysSilentAfterwards() throws Exception {
    try (Bot bot = open("I want to talk to a human please")) {
      JsonObject handedOff = bot.nextFrom("system");
      assertTrue(handedOff.getString("text").contains("person"), handedOff.toString());
      assertEquals("handoff_pending", bot.state());
      assertEquals("asked_for_human", bot.conversationJson().getString("handoffReason"));

      Parley.User agent = bot.chat().agent();
      String token = agent.login();
      Parley.Reply joined =
          Parley.post(
              "/api/v1/conversations/" + bot.conversation() + "/messages",
              token,
              "{\"id\":\"" + ChatFixture.clientId() + "\",\"text\":\"Hi, I am here\"}");
      assertEquals(201, joined.status());
      assertEquals("human", bot.state());
      bot.says("How do I reset my router?");
      bot.says("Still there?");
      bot.visitor().assertNone("bot-message-never", 1_500);
      assertTrue(
          bot.visitor().seen().stream().noneMatch(e -> "bot".equals(e.getString("kind", ""))),
          "the bot never writes after handoff: " + bot.visitor().seen());

      // the agent hands it back: the bot may speak again
      Parley.Reply back =
          Parley.post("/api/v1/conversations/" + bot.conversation() + "/hand-back", token, null);
      assertEquals(200, back.status(), back.toString());
      assertEquals("bot", back.json().getString("state"));
      bot.says("agent please");
      assertEquals("handoff_pending", awaitState(bot, "handoff_pending"));
    }
  }

  @Test
  void theHumanButtonHandsOffAtOnceAndAnAnswerBeingComposedIsNeverSent() throws Exception {
    try (Bot bot = open("Hello there")) {
      String id = ChatFixture.clientId();
      bot.visitor()
          .send(
              Json.createObjectBuilder()
                  .add("type", "handoff")
                  .add("id", id)
                  .add("conversation", bot.conversation())
                  .build());
      JsonObject ack =
          bot.visitor()
              .next(
                  e -> "ack".equals(e.getString("type")) && id.equals(e.getString("id", "")),
                  "ack");
      assertEquals("handoff_pending", ack.getJsonObject("conversation").getString("state"));
      bot.says("my parcel is late");
      bot.visitor().assertNone("no-such-envelope", 1_500); // collects what arrives
      assertTrue(
          bot.visitor().seen().stream().noneMatch(e -> "bot".equals(e.getString("kind", ""))),
          bot.visitor().seen().toString());
    }
  }

  @Test
  void anAnswerTheBotWasComposingWhenTheVisitorAskedForAHumanIsNeverSent() throws Exception {
    String word = "c" + Parley.unique();
    new KnowledgeFixture()
        .article(
            "Resetting the " + word + " router",
            "To reset the " + word + " router, hold the reset button for ten seconds.");
    // the model takes a second: long enough to press the button while the bot composes
    dev.parley.testing.FakeOpenAi.script(
        word,
        new dev.parley.testing.FakeOpenAi.Script(
            "{\"suggestions\":[{\"text\":\"Hold the reset button for ten seconds [S1].\","
                + "\"citations\":[\"S1\"]}]}",
            200,
            0,
            1_000,
            0));
    try (Bot bot = open("Resetting the " + word + " router")) {
      long deadline = System.currentTimeMillis() + 10_000;
      while (dev.parley.testing.FakeOpenAi.requests(word).isEmpty()
          && System.currentTimeMillis() < deadline) {
        Thread.sleep(10);
      }
      assertFalse(
          dev.parley.testing.FakeOpenAi.requests(word).isEmpty(), "the bot is composing an answer");
      String id = ChatFixture.clientId();
      bot.visitor()
          .send(
              Json.createObjectBuilder()
                  .add("type", "handoff")
                  .add("id", id)
                  .add("conversation", bot.conversation())
                  .build());
      assertEquals(
          "handoff_pending",
          bot.visitor()
              .next(
                  e -> "ack".equals(e.getString("type")) && id.equals(e.getString("id", "")), "ack")
              .getJsonObject("conversation")
              .getString("state"));
      bot.visitor().assertNone("no-such-envelope", 2_500); // the model answers meanwhile
      assertTrue(
          bot.visitor().seen().stream().noneMatch(e -> "bot".equals(e.getString("kind", ""))),
          "the composed answer was not sent: " + bot.visitor().seen());
      assertEquals("handoff_pending", bot.state());
    }
  }

  @Test
  void humanOnlyAndOutOfScopeTopicsHandOffToTheTopicsTeamAndGapsAreListed() throws Exception {
    ChatFixture chat = ChatFixture.create("manual");
    Parley.call("PATCH", "/api/v1/inboxes/" + chat.inboxId, Parley.admin(), "{\"bot\":true}");
    Parley.Reply billing =
        Parley.post(
            "/api/v1/topics",
            Parley.admin(),
            Json.createObjectBuilder()
                .add("name", "Billing")
                .add("inbox", chat.inboxId)
                .add("team", chat.teamId)
                .add("humanOnly", true)
                .add(
                    "examples",
                    Json.createArrayBuilder()
                        .add("I was charged twice")
                        .add("refund my payment")
                        .add("my invoice is wrong")
                        .add("why did you bill my credit card"))
                .build()
                .toString());
    assertEquals(201, billing.status(), billing.toString());
    Parley.Reply shipping =
        Parley.post(
            "/api/v1/topics",
            Parley.admin(),
            Json.createObjectBuilder()
                .add("name", "Shipping")
                .add("inbox", chat.inboxId)
                .add(
                    "examples",
                    Json.createArrayBuilder()
                        .add("where is my parcel")
                        .add("when will my order arrive")
                        .add("track my delivery")
                        .add("shipping takes too long"))
                .build()
                .toString());
    assertEquals(201, shipping.status());
    dev.parley.testing.TopicModels.awaitTrained(chat.inboxId); // training runs in the background

    ChatClient visitor =
        ChatClient.visitor(
            Parley.baseUrl(),
            chat.widgetSession(null).getString("visitorToken"),
            ChatFixture.ORIGIN);
    try (visitor) {
      visitor.next("welcome");
      long conversation =
          ChatFixture.start(visitor, "You charged my credit card twice!", null)
              .getJsonNumber("id")
              .longValue();
      JsonObject c = awaitHandoff(conversation);
      assertEquals("human_only_topic", c.getString("handoffReason"));
      assertEquals(chat.teamId, c.getJsonNumber("team").longValue());
      assertEquals(
          billing.json().getJsonNumber("id").longValue(), c.getJsonNumber("topic").longValue());
      assertTrue(c.containsKey("summary"), c.toString());
    }

    String odd = "What is the airspeed velocity of an unladen swallow " + Parley.unique() + "?";
    ChatClient other =
        ChatClient.visitor(
            Parley.baseUrl(),
            chat.widgetSession(null).getString("visitorToken"),
            ChatFixture.ORIGIN);
    try (other) {
      other.next("welcome");
      long conversation = ChatFixture.start(other, odd, null).getJsonNumber("id").longValue();
      assertEquals("out_of_scope", awaitHandoff(conversation).getString("handoffReason"));
    }
    var gaps = Parley.get("/api/v1/knowledge/gaps?limit=500", Parley.admin());
    assertEquals(200, gaps.status());
    JsonObject gap =
        gaps.array().getValuesAs(JsonObject.class).stream()
            .filter(g -> g.getJsonArray("examples").toString().contains(odd.substring(0, 40)))
            .findFirst()
            .orElseThrow(() -> new AssertionError("gap listed: " + gaps));
    Parley.Reply draft =
        Parley.post(
            "/api/v1/knowledge/gaps/" + gap.getJsonNumber("id") + "/draft", Parley.admin(), null);
    assertEquals(201, draft.status(), draft.toString());
    assertEquals("draft", draft.json().getString("status"));
    assertTrue(draft.json().getString("body").contains("unladen swallow"));
    assertFalse(
        Parley.get("/api/v1/knowledge/gaps?limit=500", Parley.admin())
            .body()
            .contains(odd.substring(0, 40)),
        "a drafted gap leaves the list");
  }

  private static JsonObject awaitHandoff(long conversation) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 15_000;
    JsonObject c = null;
    while (System.currentTimeMillis() < deadline) {
      c = Parley.get("/api/v1/conversations/" + conversation, Parley.admin()).json();
      if (c.getString("state").equals("handoff_pending")) {
        return c;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("not handed off: " + c);
  }

  private static String awaitState(Bot bot, String state) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 10_000;
    String now = bot.state();
    while (!now.equals(state) && System.currentTimeMillis() < deadline) {
      Thread.sleep(100);
      now = bot.state();
    }
    return now;
  }
}
