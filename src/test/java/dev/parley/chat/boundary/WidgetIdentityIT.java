package dev.parley.chat.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.chat.control.VisitorIdentities;
import dev.parley.testing.ChatClient;
import dev.parley.testing.ChatFixture;
import dev.parley.testing.Parley;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import org.junit.jupiter.api.Test;

/**
 * CH-11, identity verification: the website signs its user's external id with the inbox's secret; a
 * correct signature makes the visitor that contact on every device (with their history), a wrong
 * one leaves them anonymous and says why; an unsigned email never links anyone.
 */
class WidgetIdentityIT {

  private static String secret(ChatFixture chat) {
    Parley.Reply reply =
        Parley.get("/api/v1/inboxes/" + chat.inboxId + "/identity-secret", Parley.admin());
    assertEquals(200, reply.status(), reply.toString());
    assertEquals("externalId", reply.json().getString("signs"));
    return reply.json().getString("secret");
  }

  private static JsonObject session(ChatFixture chat, String earlierToken, JsonObjectBuilder who) {
    return chat.widgetSession(earlierToken, who);
  }

  private static JsonObjectBuilder user(String externalId, String email, String signature) {
    return Json.createObjectBuilder()
        .add("externalId", externalId)
        .add("name", "Ada Lovelace")
        .add("email", email)
        .add("signature", signature);
  }

  @Test
  void aCorrectSignatureLinksTheContactAndItsHistoryOnEveryDevice() throws Exception {
    ChatFixture chat = ChatFixture.create("manual");
    String secret = secret(chat);
    String externalId = "user-" + Parley.unique();
    String email = externalId + "@example.com";
    String signature = VisitorIdentities.sign(secret, externalId);

    // anonymous first: a conversation before signing in
    JsonObject anonymous = session(chat, null, null);
    long before;
    try (ChatClient visitor =
        ChatClient.visitor(
            Parley.baseUrl(), anonymous.getString("visitorToken"), ChatFixture.ORIGIN)) {
      visitor.next("welcome");
      before =
          ChatFixture.start(visitor, "before signing in", null).getJsonNumber("id").longValue();
    }

    JsonObject laptop =
        session(chat, anonymous.getString("visitorToken"), user(externalId, email, signature));
    assertTrue(laptop.getJsonObject("identity").getBoolean("verified"), laptop.toString());
    long contact = laptop.getJsonObject("identity").getJsonNumber("contact").longValue();
    assertEquals("c_" + contact, laptop.getString("visitor"));
    JsonObject linked = Parley.get("/api/v1/contacts/" + contact, Parley.admin()).json();
    assertEquals(externalId, linked.getString("externalId"), linked.toString());
    assertTrue(
        laptop.getJsonArray("conversations").stream()
            .anyMatch(c -> c.asJsonObject().getJsonNumber("id").longValue() == before),
        "the anonymous conversation joined the verified history");

    // another device, no earlier token: the same visitor, the same history
    JsonObject phone = session(chat, null, user(externalId, email, signature.toUpperCase()));
    assertEquals(laptop.getString("visitor"), phone.getString("visitor"));
    assertTrue(
        phone.getJsonArray("conversations").stream()
            .anyMatch(c -> c.asJsonObject().getJsonNumber("id").longValue() == before));

    // agents see who it is
    JsonObject staffView = Parley.get("/api/v1/conversations/" + before, Parley.admin()).json();
    assertTrue(staffView.getJsonObject("visitor").getBoolean("verified"), staffView.toString());
    assertEquals(contact, staffView.getJsonObject("visitor").getJsonNumber("contact").longValue());
  }

  @Test
  void aWrongSignatureLeavesTheVisitorAnonymousAndSaysWhy() {
    ChatFixture chat = ChatFixture.create("manual");
    String secret = secret(chat);
    String externalId = "user-" + Parley.unique();
    JsonObject forged =
        session(
            chat,
            null,
            user(externalId, externalId + "@example.com", VisitorIdentities.sign(secret, "admin")));
    assertFalse(forged.getJsonObject("identity").getBoolean("verified"));
    assertTrue(forged.getJsonObject("identity").getString("problem").contains("signature"));
    assertTrue(forged.getString("visitor").startsWith("v_"), forged.toString());

    // a rotated secret: signatures made with the old one stop verifying
    String old = VisitorIdentities.sign(secret, externalId);
    assertTrue(
        session(chat, null, user(externalId, externalId + "@example.com", old))
            .getJsonObject("identity")
            .getBoolean("verified"));
    Parley.Reply rotated =
        Parley.post("/api/v1/inboxes/" + chat.inboxId + "/identity-secret", Parley.admin(), null);
    assertEquals(200, rotated.status(), rotated.toString());
    assertNotEquals(secret, rotated.json().getString("secret"));
    assertFalse(
        session(chat, null, user(externalId, externalId + "@example.com", old))
            .getJsonObject("identity")
            .getBoolean("verified"));
  }

  @Test
  void anUnsignedEmailNeverLinksSomeoneElsesContact() {
    ChatFixture chat = ChatFixture.create("manual");
    String secret = secret(chat);
    String victimEmail = "victim-" + Parley.unique() + "@example.com";
    Parley.Reply victim =
        Parley.post(
            "/api/v1/contacts",
            Parley.admin(),
            Json.createObjectBuilder()
                .add("name", "Victim")
                .add("email", victimEmail)
                .build()
                .toString());
    assertEquals(201, victim.status(), victim.toString());
    long victimId = victim.json().getJsonNumber("id").longValue();
    String attacker = "attacker-" + Parley.unique();
    JsonObject session =
        session(chat, null, user(attacker, victimEmail, VisitorIdentities.sign(secret, attacker)));
    assertTrue(session.getJsonObject("identity").getBoolean("verified"));
    assertNotEquals(
        victimId, session.getJsonObject("identity").getJsonNumber("contact").longValue());
  }
}
