package dev.parley.integration.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.identity.control.Users;
import dev.parley.identity.entity.Role;
import dev.parley.integration.entity.OutboxEvent;
import dev.parley.testing.InContainer;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.transaction.TransactionalException;
import jakarta.transaction.UserTransaction;
import java.util.List;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * INT-1, in the container (Arquillian): a domain event is written in the same transaction as the
 * change it describes. Only the container can show this: it owns the transaction.
 */
@ExtendWith(ArquillianExtension.class)
class OutboxInContainerIT {

  @Deployment
  static WebArchive deployment() {
    return InContainer.deployment(OutboxInContainerIT.class);
  }

  @Inject Users users;
  @Inject Outbox outbox;
  @Inject UserTransaction transaction;

  private static String email() {
    return "outbox-" + UUID.randomUUID() + "@example.com";
  }

  @Test
  void aCommittedChangeCarriesItsEvent() throws Exception {
    String email = email();
    transaction.begin();
    long id = users.create(email, "Committed", Role.AGENT, "correct horse battery").user().id();
    transaction.commit();

    assertTrue(users.byEmail(email).isPresent());
    List<OutboxEvent> events = outbox.of("user", id);
    assertEquals(1, events.size());
    assertEquals("user.created", events.get(0).type());
    assertTrue(events.get(0).payload().contains(email));
  }

  @Test
  void aRolledBackChangeLeavesNoEvent() throws Exception {
    String email = email();
    transaction.begin();
    long id = users.create(email, "Rolled back", Role.AGENT, "correct horse battery").user().id();
    assertEquals(1, outbox.of("user", id).size(), "inside the transaction the event exists");
    transaction.rollback();

    assertTrue(users.byEmail(email).isEmpty());
    assertTrue(outbox.of("user", id).isEmpty(), "the event went with the change");
  }

  @Test
  void anEventCannotBeWrittenOutsideATransaction() {
    assertThrows(
        TransactionalException.class,
        () -> outbox.record("test.event", "test", 1, Json.createObjectBuilder().build()));
  }
}
