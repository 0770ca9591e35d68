package dev.parley.integration.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.parley.testing.Parley;
import dev.parley.testing.TicketFixture;
import dev.parley.testing.WebhookReceiver;
import jakarta.json.Json;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * INT-6 across a broker crash: events committed before, during and after a kill -9 of the broker
 * all reach the webhook, each once, in order — the relay, the fan-out and the delivery queue pick
 * up where they were. Needs the fault scripts of the PostgreSQL pass.
 */
class WebhookFaultsIT {

  private static void fault(String script) throws Exception {
    String dir = System.getenv("PARLEY_TEST_FAULTS");
    assumeTrue(dir != null, "needs the fault scripts of the PostgreSQL pass of ./scripts/test");
    Process p =
        new ProcessBuilder(Path.of(dir).resolve(script).toString())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), script + " did not finish");
    assertEquals(0, p.exitValue(), script + " failed");
  }

  @Test
  void eventsCommittedAroundABrokerCrashAreAllDeliveredOnceInOrder() throws Exception {
    assumeTrue(System.getenv("PARLEY_TEST_FAULTS") != null, "needs the PostgreSQL pass");
    try (WebhookReceiver receiver = new WebhookReceiver()) {
      Parley.Reply created =
          Parley.post(
              "/api/v1/webhooks",
              Parley.admin(),
              Json.createObjectBuilder()
                  .add("url", receiver.url())
                  .add("eventTypes", Json.createArrayBuilder().add("ticket.created"))
                  .build()
                  .toString());
      assertEquals(201, created.status(), created.toString());
      long hook = created.json().getJsonNumber("id").longValue();
      try {
        TicketFixture f = TicketFixture.create();
        List<Long> tickets = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
          tickets.add(f.ticket("Before " + i).getJsonNumber("id").longValue());
        }
        fault("broker-kill");
        try {
          for (int i = 0; i < 5; i++) {
            tickets.add(f.ticket("During " + i).getJsonNumber("id").longValue());
          }
        } finally {
          fault("broker-start");
        }
        for (int i = 0; i < 5; i++) {
          tickets.add(f.ticket("After " + i).getJsonNumber("id").longValue());
        }
        List<WebhookReceiver.Received> got =
            Awaitility.await()
                .atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(500))
                .until(receiver::received, r -> r.size() >= tickets.size());
        Set<String> ids = new LinkedHashSet<>();
        got.forEach(r -> ids.add(r.id()));
        assertEquals(got.size(), ids.size(), "each event once: " + got.size() + " requests");
        assertEquals(
            tickets,
            got.stream()
                .map(r -> r.json().getJsonObject("data").getJsonNumber("id").longValue())
                .toList(),
            "all of them, in order");
      } finally {
        Parley.call("DELETE", "/api/v1/webhooks/" + hook, Parley.admin(), null);
      }
    }
  }
}
