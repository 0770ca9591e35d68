package dev.parley.chat.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.chat.entity.Conversation;
import dev.parley.testing.InContainer;
import jakarta.inject.Inject;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** CH-3: history no longer retained is a gap on resume, never silence. */
@ExtendWith(ArquillianExtension.class)
class RetentionInContainerIT {

  @Deployment
  static WebArchive deployment() {
    return InContainer.deployment(RetentionInContainerIT.class);
  }

  @Inject Conversations conversations;
  @Inject Inboxes inboxes;
  @Inject Retention retention;

  @Test
  void purgedHistoryIsSignalledAsAGap() {
    long inbox =
        inboxes
            .create(
                new Inboxes.InboxSpec(
                    "retention-" + UUID.randomUUID(),
                    Set.of("https://shop.example"),
                    Set.of(),
                    null,
                    null,
                    Optional.empty(),
                    null,
                    null,
                    null,
                    null))
            .id();
    Participant.Visitor visitor = new Participant.Visitor("v_" + UUID.randomUUID(), inbox);
    Conversation c = conversations.start(visitor, "r-1", null, "hello").conversation();
    conversations.post(c.id(), visitor, "r-2", "second", false);
    conversations.close(c.id(), visitor);
    long last = conversations.visible(c.id(), visitor).lastSeq();

    assertTrue(retention.purgeClosedBefore(OffsetDateTime.now().plusMinutes(1)) >= 1);
    Conversations.Replay replay = conversations.replay(c.id(), visitor, 0);
    assertTrue(replay.hasGap());
    assertEquals(1, replay.gapFrom());
    assertEquals(last, replay.gapTo());
    assertTrue(replay.messages().isEmpty());
    retention.purgeClosedBefore(OffsetDateTime.now().plusMinutes(1));
    assertEquals(
        last, conversations.replay(c.id(), visitor, 0).gapTo(), "a second run changes nothing");
  }
}
