package dev.parley.integration.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.parley.testing.Parley;
import dev.parley.testing.ServerCopy;
import dev.parley.testing.TicketFixture;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.Message;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.util.Map;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.Test;

/**
 * INT-3 the relay: committed events reach the Artemis topic {@code parley.events}, persistent, so
 * an integrator's durable subscription gets them, each with its event id as Artemis's
 * duplicate-detection id — the same events, with the same ids, that the event stream API serves.
 * Needs the standalone broker of the PostgreSQL pass.
 */
class EventRelayIT {

  @Test
  void aDurableSubscriberOfTheTopicGetsTheEventsTheApiServes() throws Exception {
    Map<String, String> stack = ServerCopy.sharedStack();
    try (ActiveMQConnectionFactory factory =
            new ActiveMQConnectionFactory(stack.get("PARLEY_ARTEMIS_URL"));
        JMSContext jms =
            factory.createContext(
                stack.get("PARLEY_ARTEMIS_USER"),
                stack.get("PARLEY_ARTEMIS_PASSWORD"),
                JMSContext.AUTO_ACKNOWLEDGE)) {
      jms.setClientID("integrator-" + Parley.unique());
      JMSConsumer subscriber =
          jms.createDurableConsumer(jms.createTopic("parley.events"), "crm-sync");
      long ticket =
          TicketFixture.create()
              .ticket("Relayed " + Parley.unique())
              .getJsonNumber("id")
              .longValue();
      JsonObject relayed = null;
      String duplicateId = null;
      long deadline = System.currentTimeMillis() + 30_000;
      while (relayed == null && System.currentTimeMillis() < deadline) {
        Message m = subscriber.receive(1_000);
        if (m == null) {
          continue;
        }
        JsonObject e = Json.createReader(new StringReader(m.getBody(String.class))).readObject();
        if (e.getString("type").equals("ticket.created")
            && e.getJsonObject("data").getJsonNumber("id").longValue() == ticket) {
          relayed = e;
          duplicateId = m.getStringProperty("_AMQ_DUPL_ID");
        }
      }
      assertNotNull(relayed, "the ticket's event reached the topic");
      assertEquals(relayed.getString("id"), duplicateId, "the event id deduplicates");
      subscriber.close();
      jms.unsubscribe("crm-sync");

      String before = Long.toString(relayed.getJsonNumber("position").longValue() - 1);
      JsonObject served =
          Parley.get("/api/v1/events?limit=1&after=" + before, Parley.admin())
              .json()
              .getJsonArray("events")
              .getJsonObject(0);
      assertEquals(relayed, served, "the topic and the API carry the same event");
    }
  }
}
