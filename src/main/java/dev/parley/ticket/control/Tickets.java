package dev.parley.ticket.control;

import dev.parley.identity.entity.Caller;
import dev.parley.identity.entity.Team;
import dev.parley.identity.entity.User;
import dev.parley.integration.control.Outbox;
import dev.parley.platform.errors.Conflict;
import dev.parley.platform.errors.Invalid;
import dev.parley.platform.errors.NotFound;
import dev.parley.platform.json.Jsons;
import dev.parley.platform.persistence.IdempotencyKeys;
import dev.parley.ticket.entity.Actor;
import dev.parley.ticket.entity.AuditEntry;
import dev.parley.ticket.entity.Comment;
import dev.parley.ticket.entity.Contact;
import dev.parley.ticket.entity.FieldChange;
import dev.parley.ticket.entity.Priority;
import dev.parley.ticket.entity.SlaClock;
import dev.parley.ticket.entity.SlaTerms;
import dev.parley.ticket.entity.Ticket;
import dev.parley.ticket.entity.TicketAttachment;
import dev.parley.ticket.entity.TicketStatus;
import dev.parley.ticket.entity.TicketType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObjectBuilder;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The ticket lifecycle: create (idempotently), change by merge patch, comment, attach, merge and
 * read the audit trail. Every change writes its audit entries and its domain event ({@code
 * ticket.created}, {@code ticket.updated} with the changed fields, {@code ticket.comment_added},
 * {@code ticket.merged}, {@code ticket.sla_warning}, {@code ticket.sla_breached}) in the same
 * transaction. A changing ticket's row is locked, so concurrent changes apply one after another.
 *
 * <p>Who sees a ticket: admins and API tokens (by scope) all; agents the tickets of their teams,
 * those assigned to them and those they follow. Everything else is not found, so a ticket's
 * existence is not revealed.
 */
@ApplicationScoped
public class Tickets {

  /** A create's result; {@code replayed} when an earlier request with the same key made it. */
  public record Created(Ticket ticket, boolean replayed) {}

  /** A comment to add: author {@code requester} records the requester's reply. */
  public record CommentDraft(
      String body,
      boolean isPublic,
      boolean byRequester,
      List<Long> attachments,
      TicketStatus status) {}

  @PersistenceContext EntityManager em;
  @Inject Contacts contacts;
  @Inject TicketFields fields;
  @Inject SlaPolicies slaPolicies;
  @Inject Outbox outbox;
  @Inject IdempotencyKeys idempotency;
  @Inject Tickets self;

  // ---- create ----------------------------------------------------------------------------------

  /**
   * Creates a ticket once per {@code Idempotency-Key}: a retry (even concurrent) with the same key
   * and body returns the first ticket; the same key with another body is refused.
   */
  public Created createOnce(TicketPatch draft, Caller caller, String key, String requestHash) {
    if (key == null) {
      return new Created(self.create(draft, caller, null, null), false);
    }
    Optional<Created> earlier = replay(caller, key, requestHash);
    if (earlier.isPresent()) {
      return earlier.get();
    }
    try {
      return new Created(self.create(draft, caller, key, requestHash), false);
    } catch (PersistenceException raced) {
      return replay(caller, key, requestHash).orElseThrow(() -> raced);
    }
  }

  private Optional<Created> replay(Caller caller, String key, String requestHash) {
    return idempotency
        .find(caller.getName(), key)
        .map(
            seen -> {
              if (!seen.requestHash().equals(requestHash)) {
                throw new Conflict(
                        "This Idempotency-Key was used for a different request; use a new key")
                    .field("Idempotency-Key", "was used with another body");
              }
              return new Created(self.find(seen.resourceId()), true);
            });
  }

  @Transactional
  public Ticket find(long id) {
    Ticket t = em.find(Ticket.class, id);
    if (t == null) {
      throw new NotFound("No ticket " + id);
    }
    return t;
  }

  @Transactional
  public Ticket create(TicketPatch draft, Caller caller, String key, String requestHash) {
    Instant now = Instant.now();
    Actor actor = Actor.of(caller);
    Contact requester = requester(draft);
    Ticket t =
        new Ticket(
            draft.subject,
            draft.description,
            requester,
            draft.priority == null ? Priority.NORMAL : draft.priority,
            draft.type == null ? TicketType.QUESTION : draft.type,
            draft.via != null ? draft.via : caller.isUser() ? "web" : "api",
            now);
    if (draft.conversationId != null) {
      t.linkConversation(draft.conversationId);
    }
    Long team = draft.teamGiven ? draft.team : defaultTeam(caller);
    if (team != null) {
      requireTeam(team);
      t.route(team);
    }
    if (draft.assignee != null) {
      requireAssignable(draft.assignee, t.teamId());
      t.assign(draft.assignee);
    }
    if (draft.tags != null) {
      t.retag(draft.tags);
    }
    Set<Long> followers =
        draft.followers == null ? new TreeSet<>() : new TreeSet<>(draft.followers);
    if (caller.isUser() && !caller.isAdmin() && !visibleTo(t, caller, followers)) {
      followers.add(caller.id());
    }
    if (!followers.isEmpty()) {
      requireUsers(followers);
      t.changeFollowers(followers);
    }
    if (draft.customFields != null) {
      t.changeCustomFields(fields.merge("{}", draft.customFields));
    }
    if (draft.followUpOf != null) {
      t.followUp(visible(draft.followUpOf, caller));
    }
    SlaTerms terms = slaPolicies.terms(t.priority(), t.teamId());
    t.startSla(terms, now);
    if (draft.status != null && draft.status != TicketStatus.NEW) {
      t.changeStatus(draft.status, fields.missingToSolve(t.customFields()), terms, now);
    }
    t.drainChanges();
    // persisted once complete: an element collection changed between persist and flush would
    // be inserted twice
    em.persist(t);
    em.flush();
    if (key != null) {
      idempotency.remember(caller.getName(), key, requestHash, t.id());
    }
    em.persist(
        new AuditEntry(t.id(), actor, new FieldChange("created", null, "#" + t.number()), now));
    outbox.record("ticket.created", "ticket", t.id(), TicketEvents.created(t, actor));
    recordAlerts(t, now);
    return t;
  }

  private Long defaultTeam(Caller caller) {
    return caller.isUser() && caller.teamIds().size() == 1
        ? caller.teamIds().iterator().next()
        : null;
  }

  private Contact requester(TicketPatch draft) {
    if (draft.requesterId != null) {
      Contact c = em.find(Contact.class, draft.requesterId);
      if (c == null) {
        throw new Invalid("Unknown requester").field("requester/id", "is not a contact");
      }
      return c;
    }
    return contacts.resolve(draft.requester);
  }

  // ---- read ------------------------------------------------------------------------------------

  /**
   * The ticket if the caller may see it (with its requester and organization in the same query);
   * otherwise not found. Callers that render it keep the transaction open while they do, so its
   * collections load on the same connection.
   */
  @Transactional
  public Ticket visible(long id, Caller caller) {
    Ticket t =
        em.createNamedQuery(Ticket.BY_ID_FOR_VIEW, Ticket.class)
            .setParameter("id", id)
            .getResultStream()
            .findFirst()
            .orElse(null);
    if (t == null || !visibleTo(t, caller)) {
      throw new NotFound("No ticket " + id);
    }
    return t;
  }

  static boolean visibleTo(Ticket t, Caller caller) {
    if (!caller.isUser() || caller.isAdmin()) {
      return true;
    }
    return (t.teamId() != null && caller.teamIds().contains(t.teamId()))
        || Long.valueOf(caller.id()).equals(t.assigneeId())
        || t.followers().contains(caller.id());
  }

  static boolean visibleTo(Ticket t, Caller caller, Set<Long> followers) {
    return visibleTo(t, caller) || (caller.isUser() && followers.contains(caller.id()));
  }

  private Ticket locked(long id, Caller caller) {
    Ticket t = em.find(Ticket.class, id, LockModeType.PESSIMISTIC_WRITE);
    if (t == null || !visibleTo(t, caller)) {
      throw new NotFound("No ticket " + id);
    }
    return t;
  }

  @Transactional
  public List<Comment> comments(long id, Caller caller) {
    return ofTicket(Comment.OF_TICKET, Comment.class, id, caller);
  }

  @Transactional
  public List<TicketAttachment> attachments(long id, Caller caller) {
    return ofTicket(TicketAttachment.OF_TICKET, TicketAttachment.class, id, caller);
  }

  @Transactional
  public List<AuditEntry> audit(long id, Caller caller) {
    return ofTicket(AuditEntry.OF_TICKET, AuditEntry.class, id, caller);
  }

  /** What a named query (with a {@code ticket} parameter) finds of a ticket the caller sees. */
  private <T> List<T> ofTicket(String query, Class<T> type, long id, Caller caller) {
    visible(id, caller);
    return em.createNamedQuery(query, type).setParameter("ticket", id).getResultList();
  }

  // ---- change ----------------------------------------------------------------------------------

  /**
   * Applies a merge patch. With {@code expectedVersion} (from {@code If-Match}) a ticket changed
   * since is refused with {@link StaleVersion}.
   */
  @Transactional
  public Ticket change(long id, TicketPatch patch, Long expectedVersion, Caller caller) {
    Ticket t = locked(id, caller);
    if (expectedVersion != null && expectedVersion != t.version()) {
      throw new StaleVersion(t.version());
    }
    apply(t, patch, Actor.of(caller), Instant.now());
    return t;
  }

  /** A write based on an old version of the ticket ({@code If-Match} does not match). */
  public static class StaleVersion extends RuntimeException {
    private final long current;

    public StaleVersion(long current) {
      super("The ticket changed since you read it (now version " + current + ")");
      this.current = current;
    }

    public long current() {
      return current;
    }
  }

  private void apply(Ticket t, TicketPatch patch, Actor actor, Instant now) {
    SlaTerms before = slaPolicies.terms(t.priority(), t.teamId());
    if (patch.requesterId != null || patch.requester != null) {
      t.changeRequester(requester(patch));
    }
    if (patch.teamGiven) {
      if (patch.team != null) {
        requireTeam(patch.team);
      }
      t.route(patch.team);
    }
    if (patch.priority != null) {
      t.changePriority(patch.priority);
    }
    if (patch.type != null) {
      t.changeType(patch.type);
    }
    if (patch.subject != null) {
      t.changeSubject(patch.subject);
    }
    if (patch.description != null) {
      t.changeDescription(patch.description);
    }
    if (patch.assigneeGiven) {
      if (patch.assignee != null) {
        requireAssignable(patch.assignee, t.teamId());
      }
      t.assign(patch.assignee);
    } else if (patch.teamGiven && t.assigneeId() != null && t.teamId() != null) {
      requireAssignable(t.assigneeId(), t.teamId());
    }
    if (patch.tags != null) {
      t.retag(patch.tags);
    }
    if (patch.addTags != null || patch.removeTags != null) {
      Set<String> tags = new TreeSet<>(t.tags());
      if (patch.addTags != null) {
        patch.addTags.forEach(tag -> tags.add(Ticket.normalizeTag(tag)));
      }
      if (patch.removeTags != null) {
        patch.removeTags.forEach(tag -> tags.remove(tag.strip().toLowerCase(Locale.ROOT)));
      }
      t.retag(tags);
    }
    if (patch.followers != null) {
      requireUsers(patch.followers);
      t.changeFollowers(patch.followers);
    }
    if (patch.customFields != null) {
      t.changeCustomFields(fields.merge(t.customFields(), patch.customFields));
    }
    SlaTerms after = slaPolicies.terms(t.priority(), t.teamId());
    if (patch.priority != null || patch.teamGiven) {
      t.reapplySla(before, after, now);
    }
    if (patch.status != null) {
      t.changeStatus(patch.status, fields.missingToSolve(t.customFields()), after, now);
    }
    recordChanges(t, actor, now);
  }

  /** Writes the ticket's pending changes as audit entries and one {@code ticket.updated}. */
  private void recordChanges(Ticket t, Actor actor, Instant now) {
    List<FieldChange> changes = t.drainChanges();
    if (!changes.isEmpty()) {
      t.touch(now);
      for (FieldChange change : changes) {
        em.persist(new AuditEntry(t.id(), actor, change, now));
      }
      outbox.record("ticket.updated", "ticket", t.id(), TicketEvents.updated(t, actor, changes));
    }
    recordAlerts(t, now);
  }

  /** SLA warnings and breaches: an event each, and a line in the audit trail. */
  void recordAlerts(Ticket t, Instant now) {
    for (Ticket.SlaAlert alert : t.drainAlerts()) {
      String type =
          alert.alert() == SlaClock.Alert.WARNING ? "ticket.sla_warning" : "ticket.sla_breached";
      outbox.record(type, "ticket", t.id(), TicketEvents.sla(t, alert));
      em.persist(
          new AuditEntry(
              t.id(),
              Actor.AUTOMATION,
              new FieldChange(
                  "sla." + alert.metric().wire(),
                  null,
                  alert.alert() == SlaClock.Alert.WARNING ? "warning" : "breached"),
              now));
    }
  }

  /** The SLA watcher's check of one ticket: raises what is due now. */
  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public void checkSla(long id, Instant now) {
    Ticket t = em.find(Ticket.class, id, LockModeType.PESSIMISTIC_WRITE);
    if (t != null) {
      t.checkSla(now);
      recordAlerts(t, now);
    }
  }

  /** Closes a ticket that stayed solved (automation); anything else is left as it is. */
  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public void closeSolved(long id, Instant now) {
    Ticket t = em.find(Ticket.class, id, LockModeType.PESSIMISTIC_WRITE);
    if (t != null && t.status() == TicketStatus.SOLVED) {
      t.changeStatus(
          TicketStatus.CLOSED, Set.of(), slaPolicies.terms(t.priority(), t.teamId()), now);
      recordChanges(t, Actor.AUTOMATION, now);
    }
  }

  // ---- comments and attachments ----------------------------------------------------------------

  @Transactional
  public Comment comment(long id, CommentDraft draft, Caller caller) {
    Ticket t = locked(id, caller);
    Instant now = Instant.now();
    Actor staff = Actor.of(caller);
    Actor author = draft.byRequester() ? Actor.of(t.requester()) : staff;
    if (t.status() == TicketStatus.CLOSED) {
      throw new Conflict(
          "Ticket #" + t.number() + " is closed; create a follow-up ticket (followUpOf)");
    }
    Comment c = new Comment(t.id(), author, draft.body(), draft.isPublic(), now);
    em.persist(c);
    int i = 0;
    for (Long attachmentId : draft.attachments()) {
      TicketAttachment a = em.find(TicketAttachment.class, attachmentId);
      if (a == null || a.ticketId() != t.id() || !a.attachTo(c.id())) {
        throw new Invalid("An attachment is unknown or already attached")
            .field("attachments/" + i, "upload it to this ticket first; each attaches once");
      }
      i++;
    }
    SlaTerms terms = slaPolicies.terms(t.priority(), t.teamId());
    if (draft.isPublic()) {
      if (draft.byRequester()) {
        t.requesterReplied(terms, now);
      } else {
        t.staffReplied(terms, now);
      }
    }
    if (draft.status() != null) {
      t.changeStatus(draft.status(), fields.missingToSolve(t.customFields()), terms, now);
    }
    t.touch(now);
    outbox.record("ticket.comment_added", "ticket", t.id(), TicketEvents.commentAdded(t, c, draft));
    recordChanges(t, staff, now);
    return c;
  }

  /**
   * An internal comment by Parley itself (a summary of the chat a ticket was escalated from);
   * nothing if the ticket is gone or closed.
   */
  @Transactional
  public void automationNote(long id, String body) {
    Ticket t = em.find(Ticket.class, id, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE);
    if (t == null || t.status() == TicketStatus.CLOSED || body == null || body.isBlank()) {
      return;
    }
    Instant now = Instant.now();
    Comment c = new Comment(t.id(), Actor.AUTOMATION, body.strip(), false, now);
    em.persist(c);
    t.touch(now);
    outbox.record(
        "ticket.comment_added",
        "ticket",
        t.id(),
        TicketEvents.commentAdded(t, c, new CommentDraft(body, false, false, List.of(), null)));
  }

  @Transactional
  public TicketAttachment upload(
      long id, String filename, String contentType, byte[] content, Caller caller) {
    Ticket t = locked(id, caller);
    if (t.status() == TicketStatus.CLOSED) {
      throw new Conflict("Ticket #" + t.number() + " is closed");
    }
    TicketAttachment a =
        new TicketAttachment(t.id(), filename, contentType, content, caller.getName());
    em.persist(a);
    return a;
  }

  @Transactional
  public TicketAttachment attachment(long id, long attachmentId, Caller caller) {
    visible(id, caller);
    TicketAttachment a = em.find(TicketAttachment.class, attachmentId);
    if (a == null || a.ticketId() != id) {
      throw new NotFound("No attachment " + attachmentId + " on ticket " + id);
    }
    a.content(); // load the lazy content inside the transaction
    return a;
  }

  // ---- merge -----------------------------------------------------------------------------------

  /**
   * Merges {@code sourceId} into {@code targetId}: the source closes with a pointer to the target
   * and its comments and attachments move there. Both rows are locked in id order.
   */
  @Transactional
  public Ticket merge(long sourceId, long targetId, Caller caller) {
    Ticket first = locked(Math.min(sourceId, targetId), caller);
    Ticket second = sourceId == targetId ? first : locked(Math.max(sourceId, targetId), caller);
    Ticket source = first.id() == sourceId ? first : second;
    Ticket target = source == first ? second : first;
    Instant now = Instant.now();
    Actor actor = Actor.of(caller);
    source.mergeInto(target, slaPolicies.terms(source.priority(), source.teamId()), now);
    em.flush();
    int moved =
        em.createNamedQuery(Comment.MOVE)
            .setParameter("source", source.id())
            .setParameter("target", target.id())
            .executeUpdate();
    em.createNamedQuery(TicketAttachment.MOVE)
        .setParameter("source", source.id())
        .setParameter("target", target.id())
        .executeUpdate();
    em.persist(
        new Comment(
            target.id(),
            actor,
            "Ticket #" + source.number() + " was merged into this ticket (" + moved + " comments).",
            false,
            now));
    em.persist(
        new Comment(
            source.id(), actor, "Merged into ticket #" + target.number() + ".", false, now));
    Set<String> tags = new LinkedHashSet<>(target.tags());
    tags.addAll(source.tags());
    target.retag(tags);
    recordChanges(source, actor, now);
    recordChanges(target, actor, now);
    outbox.record("ticket.merged", "ticket", source.id(), TicketEvents.merged(source, target));
    return source;
  }

  // ---- rules on references ---------------------------------------------------------------------

  private void requireTeam(long teamId) {
    if (em.find(Team.class, teamId) == null) {
      throw new Invalid("Unknown team").field("team", "is not a team");
    }
  }

  private void requireAssignable(long userId, Long teamId) {
    User user = em.find(User.class, userId);
    if (user == null || !user.active()) {
      throw new Invalid("Unknown assignee").field("assignee", "is not an active user");
    }
    if (teamId != null && user.teams().stream().noneMatch(team -> team.id().equals(teamId))) {
      throw new Invalid("The assignee is not in the ticket's team")
          .field("assignee", "is not a member of team " + teamId);
    }
  }

  private void requireUsers(Set<Long> ids) {
    int i = 0;
    for (Long id : ids) {
      if (em.find(User.class, id) == null) {
        throw new Invalid("Unknown follower").field("followers/" + i, "is not a user");
      }
      i++;
    }
  }

  static JsonObjectBuilder actor(Actor actor) {
    JsonObjectBuilder b = Jsons.object().add("kind", actor.kind().wire());
    if (actor.id() != null) {
      b.add("id", actor.id());
    }
    return b.add("name", actor.name() == null ? "" : actor.name());
  }
}
