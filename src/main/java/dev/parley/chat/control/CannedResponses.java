package dev.parley.chat.control;

import dev.parley.chat.entity.CannedResponse;
import dev.parley.chat.entity.Conversation;
import dev.parley.chat.entity.Inbox;
import dev.parley.identity.entity.Caller;
import dev.parley.platform.errors.Conflict;
import dev.parley.platform.errors.Invalid;
import dev.parley.platform.errors.NotFound;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Canned responses: admins write them, agents find them by shortcut and fill them in. */
@ApplicationScoped
public class CannedResponses {

  @PersistenceContext EntityManager em;
  @Inject Conversations conversations;
  @Inject Inboxes inboxes;

  @Transactional
  public List<CannedResponse> search(String query) {
    List<CannedResponse> all =
        em.createNamedQuery(CannedResponse.ALL, CannedResponse.class).getResultList();
    if (query == null || query.isBlank()) {
      return all;
    }
    String q = query.toLowerCase(Locale.ROOT).replaceFirst("^/", "");
    return all.stream()
        .filter(c -> c.shortcut().startsWith(q) || c.title().toLowerCase(Locale.ROOT).contains(q))
        .toList();
  }

  @Transactional
  public CannedResponse create(String shortcut, String title, String body) {
    if (shortcut == null || title == null || body == null) {
      throw new Invalid("shortcut, title and body are required")
          .field(shortcut == null ? "shortcut" : title == null ? "title" : "body", "is required");
    }
    CannedResponse canned;
    try {
      canned = new CannedResponse(shortcut, title, body);
    } catch (IllegalArgumentException e) {
      throw invalid(e);
    }
    requireUnique(canned.shortcut(), null);
    em.persist(canned);
    return canned;
  }

  @Transactional
  public CannedResponse change(long id, String shortcut, String title, String body) {
    CannedResponse canned = require(id);
    try {
      canned.change(shortcut, title, body);
    } catch (IllegalArgumentException e) {
      throw invalid(e);
    }
    requireUnique(canned.shortcut(), id);
    em.flush(); // a concurrent change is a conflict (409) here, not an error logged at commit
    return canned;
  }

  @Transactional
  public void delete(long id) {
    em.remove(require(id));
  }

  /** The response filled in for a conversation the agent may see. */
  @Transactional
  public String render(long id, long conversationId, Caller agent) {
    CannedResponse canned = require(id);
    Conversation c = conversations.visible(conversationId, new Participant.Staff(agent));
    Inbox inbox = inboxes.require(c.inboxId());
    Map<String, String> values = new HashMap<>();
    values.put("visitor.name", c.visitorName());
    values.put("visitor.email", c.visitorEmail());
    values.put("agent.name", agent.name());
    values.put("conversation.id", c.id().toString());
    values.put("inbox.name", inbox.name());
    return canned.render(values, c.fields());
  }

  private CannedResponse require(long id) {
    CannedResponse canned = em.find(CannedResponse.class, id);
    if (canned == null) {
      throw new NotFound("No canned response " + id);
    }
    return canned;
  }

  private void requireUnique(String shortcut, Long self) {
    em.createNamedQuery(CannedResponse.BY_SHORTCUT, CannedResponse.class)
        .setParameter("shortcut", shortcut)
        .getResultStream()
        .filter(c -> !c.id().equals(self))
        .findFirst()
        .ifPresent(
            c -> {
              throw new Conflict("The shortcut /" + shortcut + " is taken")
                  .field("shortcut", "is already in use");
            });
  }

  private static Invalid invalid(IllegalArgumentException e) {
    String message = e.getMessage();
    int colon = message.indexOf(':');
    return (Invalid)
        new Invalid("Invalid canned response")
            .field(
                colon > 0 ? message.substring(0, colon) : "body",
                colon > 0 ? message.substring(colon + 1).strip() : message);
  }
}
