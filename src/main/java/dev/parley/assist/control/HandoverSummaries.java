package dev.parley.assist.control;

import dev.parley.chat.control.Conversations;
import dev.parley.ticket.control.Escalations;
import dev.parley.ticket.control.Tickets;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * AS-6 summaries at every handover, not only the bot's: when a conversation is transferred, the
 * next agent finds a summary as an internal note in it; when it is escalated, the ticket gets the
 * summary as an internal comment. Made after the handover commits (the agent never waits for the
 * model), by the language model when one is configured, else extractively from the transcript.
 */
@ApplicationScoped
public class HandoverSummaries {

  private static final Logger LOG = Logger.getLogger(HandoverSummaries.class.getName());

  @Inject ReplySuggestions replies;
  @Inject Conversations conversations;
  @Inject Tickets tickets;

  @Inject
  @ConfigProperty(name = "parley.assist.handover-summaries", defaultValue = "true")
  boolean enabled;

  void onTransfer(@ObservesAsync Conversations.Transferred t) {
    if (enabled) {
      summary(t.conversationId())
          .ifPresent(
              s ->
                  conversations.assistantNote(
                      t.conversationId(), "Summary for the next agent: " + s));
    }
  }

  void onEscalation(@ObservesAsync Escalations.Escalated e) {
    if (enabled) {
      summary(e.conversationId())
          .ifPresent(
              s ->
                  tickets.automationNote(
                      e.ticketId(),
                      "Summary of chat conversation " + e.conversationId() + ": " + s));
    }
  }

  private Optional<String> summary(long conversationId) {
    try {
      return replies.summarize(conversationId).suggestions().stream()
          .findFirst()
          .map(s -> s.text())
          .filter(text -> !text.isBlank());
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "No summary for conversation " + conversationId, e);
      return Optional.empty();
    }
  }
}
