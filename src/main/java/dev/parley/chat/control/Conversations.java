package dev.parley.chat.control;

import dev.parley.chat.entity.Conversation;
import dev.parley.chat.entity.ConversationState;
import dev.parley.chat.entity.Inbox;
import dev.parley.chat.entity.Message;
import dev.parley.chat.entity.MessageKind;
import dev.parley.chat.entity.PreChatField;
import dev.parley.identity.entity.Caller;
import dev.parley.identity.entity.Team;
import dev.parley.identity.entity.User;
import dev.parley.integration.control.Outbox;
import dev.parley.platform.errors.Invalid;
import dev.parley.platform.errors.NotFound;
import dev.parley.platform.json.Jsons;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The life of conversations: start, messages, assignment, transfer, close, reopen, rating and read
 * receipts. Every change is stored, written to the outbox in the same transaction, and only then
 * (after commit) told to live clients through the {@link ChatFeed}.
 *
 * <p>A conversation's row is locked ({@code SELECT … FOR UPDATE}) by every change: it serializes
 * sequence numbers and makes concurrent claims on any node have exactly one winner.
 */
@ApplicationScoped
public class Conversations {

  /** A stored message and whether it had been stored before (a retried send). */
  public record Posted(Message message, boolean duplicate) {}

  /** A started conversation, its first messages, and whether the start was a retry. */
  public record Opened(Conversation conversation, List<Message> messages, boolean duplicate) {}

  /**
   * What a client missed: messages after the sequence it saw, preceded by a gap when part of that
   * history is no longer retained or is beyond the replay limit.
   *
   * @param gapFrom first missing sequence number (0: no gap)
   * @param gapTo last missing sequence number
   */
  public record Replay(
      Conversation conversation, long gapFrom, long gapTo, List<Message> messages) {
    public boolean hasGap() {
      return gapFrom > 0;
    }
  }

  /**
   * A visitor's message was stored (fired asynchronously after commit, on the node that stored it):
   * the bot and reply suggestions start from here, off the chat's threads.
   */
  public record VisitorWrote(long conversationId, long seq, ConversationState state, String text) {}

  /** Which conversations a staff list shows. */
  public enum View {
    UNASSIGNED,
    MINE,
    TEAMS,
    ALL
  }

  @PersistenceContext EntityManager em;
  @Inject Inboxes inboxes;
  @Inject Assignments assignments;
  @Inject Outbox outbox;
  @Inject WorkingHours hours;
  @Inject ChatFeed feed;
  @Inject dev.parley.platform.messaging.Broker broker;
  @Inject jakarta.enterprise.event.Event<VisitorWrote> visitorWrote;

  /** A conversation changed hands (to an agent or a team): fired after the commit. */
  public record Transferred(long conversationId) {}

  @Inject jakarta.enterprise.event.Event<Transferred> transferred;

  @Inject
  @ConfigProperty(name = "parley.chat.replay-limit", defaultValue = "1000")
  int replayLimit;

  // ---- visitors ------------------------------------------------------------------------------

  /**
   * Starts a conversation for a visitor with the inbox's pre-chat fields and an optional first
   * message. The client id makes a retried start return the first result.
   */
  @Transactional
  public Opened start(
      Participant.Visitor visitor, String clientId, JsonObject fields, String text) {
    requireClientId(clientId);
    Optional<Message> earlier =
        em.createQuery(
                "SELECT m FROM Message m, Conversation c WHERE m.conversationId = c.id AND"
                    + " c.visitorId = :visitor AND m.clientId = :clientId",
                Message.class)
            .setParameter("visitor", visitor.visitorId())
            .setParameter("clientId", clientId)
            .getResultStream()
            .findFirst();
    if (earlier.isPresent()) {
      Conversation c = em.find(Conversation.class, earlier.get().conversationId());
      return new Opened(c, messagesAfter(c.id(), 0, true), true);
    }
    Inbox inbox = inboxes.require(visitor.inboxId());
    Map<String, String> accepted;
    try {
      accepted = PreChatField.accept(inbox.preChatFields(), fields);
    } catch (IllegalArgumentException e) {
      String field =
          e.getMessage().contains(":")
              ? e.getMessage().substring(0, e.getMessage().indexOf(':'))
              : "fields";
      throw new Invalid("Invalid pre-chat fields").field("fields/" + field, e.getMessage());
    }
    if (text != null) {
      requireText(text);
    }
    Conversation c =
        new Conversation(inbox.id(), visitor.visitorId(), accepted, inbox.botEnabled());
    em.persist(c);
    em.flush();
    outbox.record(
        "conversation.created",
        "conversation",
        c.id(),
        Jsons.object()
            .add("id", c.id())
            .add("inbox", inbox.id())
            .add("visitor", c.visitorId())
            .add("state", c.state().wire())
            .build());
    List<Message> messages = new ArrayList<>();
    if (text != null) {
      messages.add(append(c, MessageKind.VISITOR, null, c.visitorName(), clientId, text));
    } else {
      messages.add(append(c, MessageKind.SYSTEM, null, null, clientId, "Conversation started"));
    }
    changed(c, inbox);
    if (!c.botMaySpeak()) {
      route(c, inbox).ifPresent(messages::add);
    }
    return new Opened(c, messages, false);
  }

  /** The visitor's earlier conversations in this inbox, newest first. */
  @Transactional
  public List<Conversation> ofVisitor(String visitorId, long inboxId, int limit) {
    return em.createNamedQuery(Conversation.OF_VISITOR, Conversation.class)
        .setParameter("visitor", visitorId)
        .setMaxResults(limit * 4)
        .getResultStream()
        .filter(c -> c.inboxId() == inboxId)
        .limit(limit)
        .toList();
  }

  /**
   * A visitor signed in on the website: the conversations they had in this inbox as an anonymous
   * visitor become those of their verified identity (CH-9).
   */
  @Transactional
  public void adopt(long inboxId, String anonymousVisitor, String verifiedVisitor) {
    for (Conversation c : ofVisitor(anonymousVisitor, inboxId, 50)) {
      locked(c.id()).belongTo(verifiedVisitor);
    }
  }

  /** The visitor leaves an email while nobody is available. */
  @Transactional
  public Conversation leaveEmail(long id, Participant.Visitor visitor, String email) {
    Conversation c = locked(id);
    requireAccess(c, visitor);
    try {
      PreChatField.accept(
          List.of(new PreChatField("email", "Email", PreChatField.Type.EMAIL, true, List.of())),
          Jsons.object().add("email", email == null ? "" : email).build());
    } catch (IllegalArgumentException e) {
      throw new Invalid("Invalid email").field("email", e.getMessage());
    }
    c.waitOffline(email);
    changed(c, inboxes.require(c.inboxId()));
    return c;
  }

  /** The visitor rates the ended conversation (CSAT 1–5 and a comment). */
  @Transactional
  public Conversation rate(long id, Participant.Visitor visitor, int score, String comment) {
    Conversation c = locked(id);
    requireAccess(c, visitor);
    c.rate(score, comment);
    JsonObjectBuilder payload =
        Jsons.object().add("conversation", c.id()).add("inbox", c.inboxId()).add("score", score);
    if (c.csatComment() != null) {
      payload.add("comment", c.csatComment());
    }
    outbox.record("csat.given", "conversation", c.id(), payload.build());
    changed(c, inboxes.require(c.inboxId()));
    return c;
  }

  // ---- messages ------------------------------------------------------------------------------

  /**
   * Stores a message from a visitor or a staff user (a note when {@code note}). A retried client id
   * returns the stored message. An agent replying to an unassigned conversation takes it.
   */
  @Transactional
  public Posted post(long id, Participant who, String clientId, String text, boolean note) {
    return post(id, who, clientId, text, note, null);
  }

  /** The message a client id stored in a conversation, if any (a retried send). */
  @Transactional(Transactional.TxType.MANDATORY)
  public Optional<Message> byClientId(long conversationId, String clientId) {
    return em.createNamedQuery(Message.BY_CLIENT_ID, Message.class)
        .setParameter("conversation", conversationId)
        .setParameter("clientId", clientId)
        .getResultStream()
        .findFirst();
  }

  /** Posts a stored attachment as a message whose text is the file's name. */
  @Transactional(Transactional.TxType.MANDATORY)
  public Posted postAttachment(
      long id, Participant who, String clientId, String fileName, long attachmentId) {
    return post(id, who, clientId, fileName, false, attachmentId);
  }

  private Posted post(
      long id, Participant who, String clientId, String text, boolean note, Long attachmentId) {
    requireClientId(clientId);
    requireText(text);
    Conversation c = locked(id);
    Inbox inbox = requireAccess(c, who);
    Optional<Message> stored =
        em.createNamedQuery(Message.BY_CLIENT_ID, Message.class)
            .setParameter("conversation", id)
            .setParameter("clientId", clientId)
            .getResultStream()
            .findFirst();
    if (stored.isPresent()) {
      return new Posted(stored.get(), true);
    }
    Message m;
    if (who instanceof Participant.Visitor) {
      if (note) {
        throw new Invalid("Visitors cannot write notes").field("note", "is for staff only");
      }
      c.requireOpen();
      m = append(c, MessageKind.VISITOR, null, c.visitorName(), clientId, text, attachmentId);
    } else {
      Caller agent = ((Participant.Staff) who).caller();
      if (!note) {
        c.requireOpen();
        if (c.assigneeId() == null) {
          c.claim(agent.id(), teamOf(agent, inbox));
          systemMessage(c, agent.name() + " joined the conversation");
          recordAssigned(c, "claimed");
          changed(c, inbox);
        }
      }
      m =
          append(
              c,
              note ? MessageKind.NOTE : MessageKind.AGENT,
              agent.id(),
              agent.name(),
              clientId,
              text,
              attachmentId);
      if (!note && c.firstResponseAt() == null) { // the team's calendar only for the first answer
        c.responded(Instant.now(), hours.of(c, inbox));
      }
    }
    return new Posted(m, false);
  }

  /** Messages after a sequence number that the participant may see, with a gap if any. */
  @Transactional
  public Replay replay(long id, Participant who, long after) {
    Conversation c = em.find(Conversation.class, id);
    requireAccess(c, who);
    long from = Math.max(after, 0) + 1;
    long gapFrom = 0;
    long gapTo = 0;
    if (from < c.firstRetainedSeq()) {
      gapFrom = from;
      gapTo = c.firstRetainedSeq() - 1;
      from = c.firstRetainedSeq();
    }
    if (c.lastSeq() - from + 1 > replayLimit) {
      if (gapFrom == 0) {
        gapFrom = from;
      }
      gapTo = c.lastSeq() - replayLimit;
      from = gapTo + 1;
    }
    boolean visitor = who instanceof Participant.Visitor;
    return new Replay(c, gapFrom, gapTo, messagesAfter(id, from - 1, visitor));
  }

  /**
   * What a node missed of a conversation's live stream: its stored messages after {@code after} and
   * before {@code before}, in order, as the events that announced them (for {@link ChatFeed}'s
   * holes and its catch-up after a broker outage; at most 10,000 at a time).
   */
  @Transactional
  public List<ChatEvent> missed(long id, long after, long before) {
    Conversation c = em.find(Conversation.class, id);
    if (c == null) {
      return List.of();
    }
    return em.createNamedQuery(Message.AFTER, Message.class)
        .setParameter("conversation", id)
        .setParameter("after", after)
        .setMaxResults(10_000)
        .getResultStream()
        .filter(m -> m.seq() < before)
        .map(
            m ->
                event(
                    ChatEvent.Audience.CONVERSATION,
                    c,
                    Set.of(),
                    ChatWire.message(m),
                    m.kind().visibleToVisitor() ? ChatWire.visitorMessage(m) : null))
        .toList();
  }

  /**
   * The current state of the conversations changed since a time, as the events that announce a
   * change to their inbox's staff and visitor (for a node catching up after a broker outage).
   */
  @Transactional
  public List<ChatEvent> changedSince(java.time.OffsetDateTime since, int limit) {
    List<ChatEvent> events = new java.util.ArrayList<>();
    for (Conversation c :
        em.createQuery(
                "SELECT c FROM Conversation c WHERE c.updatedAt >= :since ORDER BY c.updatedAt",
                Conversation.class)
            .setParameter("since", since)
            .setMaxResults(limit)
            .getResultList()) {
      Inbox inbox = inboxes.find(c.inboxId()).orElse(null);
      events.add(
          event(
              ChatEvent.Audience.INBOX,
              c,
              inbox == null ? Set.of() : inbox.teamIds(),
              ChatWire.conversationChanged(ChatWire.conversationForStaff(c)),
              ChatWire.conversationChanged(ChatWire.conversation(c))));
    }
    return events;
  }

  /**
   * A page of a conversation's history: at most {@code limit} retained messages before {@code
   * before}, in order. How a long conversation is read backwards, page by page (the replay limit
   * bounds catching up, not reading).
   */
  @Transactional
  public Replay history(long id, Participant who, long before, int limit) {
    Conversation c = em.find(Conversation.class, id);
    requireAccess(c, who);
    List<Message> page =
        new java.util.ArrayList<>(
            em.createNamedQuery(Message.BEFORE, Message.class)
                .setParameter("conversation", id)
                .setParameter("before", before)
                .setMaxResults(limit)
                .getResultStream()
                .filter(m -> !(who instanceof Participant.Visitor) || m.kind().visibleToVisitor())
                .toList());
    java.util.Collections.reverse(page);
    long first = page.isEmpty() ? before : page.get(0).seq();
    boolean purged = first > 1 && first <= c.firstRetainedSeq() && c.firstRetainedSeq() > 1;
    return new Replay(c, purged ? 1 : 0, purged ? c.firstRetainedSeq() - 1 : 0, page);
  }

  private List<Message> messagesAfter(long id, long after, boolean visitor) {
    return em.createNamedQuery(Message.AFTER, Message.class)
        .setParameter("conversation", id)
        .setParameter("after", after)
        .getResultStream()
        .filter(m -> !visitor || m.kind().visibleToVisitor())
        .toList();
  }

  /** Records how far the visitor or the agents have read, and tells the other side. */
  @Transactional
  public void markRead(long id, Participant who, long seq) {
    Conversation c = locked(id);
    requireAccess(c, who);
    boolean byVisitor = who instanceof Participant.Visitor;
    if (c.markRead(byVisitor, seq)) {
      JsonObject read =
          Jsons.object()
              .add("type", "read")
              .add("conversation", id)
              .add("by", byVisitor ? "visitor" : "agent")
              .add("seq", byVisitor ? c.visitorReadSeq() : c.agentReadSeq())
              .build();
      feed.afterCommit(() -> event(ChatEvent.Audience.CONVERSATION, c, Set.of(), read, read));
    }
  }

  // ---- staff ---------------------------------------------------------------------------------

  /** The conversation if the participant may see it; otherwise not found (no existence leak). */
  @Transactional
  public Conversation visible(long id, Participant who) {
    Conversation c = em.find(Conversation.class, id);
    requireAccess(c, who);
    return c;
  }

  /**
   * The conversation, locked for the rest of the caller's transaction, if the participant may act
   * in it. For writes that insert rows referring to it before they post a message (attachments):
   * taking the row lock first keeps two of them from deadlocking (each insert's foreign key holds a
   * share lock that the other's lock would wait for).
   */
  @Transactional(Transactional.TxType.MANDATORY)
  public Conversation visibleForUpdate(long id, Participant who) {
    Conversation c = locked(id);
    requireAccess(c, who);
    return c;
  }

  /** A conversation being escalated: locked, with its whole retained history in order. */
  public record Escalating(Conversation conversation, List<Message> messages) {}

  /**
   * Starts escalating a conversation to a ticket: locks it, checks the staff user may act in it and
   * that it was not escalated before, and returns its history for the transcript.
   */
  @Transactional(Transactional.TxType.MANDATORY)
  public Escalating escalating(long id, Caller staff) {
    Conversation c = locked(id);
    requireAccess(c, new Participant.Staff(staff));
    if (c.ticketId() != null) {
      c.escalatedTo(c.ticketId()); // refuses, naming the ticket
    }
    List<Message> messages =
        em.createNamedQuery(Message.AFTER, Message.class)
            .setParameter("conversation", id)
            .setParameter("after", 0L)
            .getResultList();
    return new Escalating(c, messages);
  }

  /**
   * An internal note by Parley's assistant (a summary for the next agent); nothing if the
   * conversation is gone.
   */
  @Transactional
  public void assistantNote(long id, String text) {
    Conversation c =
        em.find(Conversation.class, id, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE);
    if (c == null || text == null || text.isBlank()) {
      return;
    }
    append(c, MessageKind.NOTE, null, ASSISTANT, null, text.strip());
    changed(c, inboxes.require(c.inboxId()));
  }

  /** The name Parley's assistant writes notes under. */
  public static final String ASSISTANT = "Parley assistant";

  /** Links the ticket a conversation was escalated to and says so in the conversation. */
  @Transactional(Transactional.TxType.MANDATORY)
  public void escalated(Conversation c, long ticketId) {
    c.escalatedTo(ticketId);
    systemMessage(c, "Escalated to ticket #" + ticketId);
    outbox.record(
        "conversation.escalated", "conversation", c.id(), about(c).add("ticket", ticketId).build());
    changed(c, inboxes.require(c.inboxId()));
  }

  /** An agent takes a conversation; of concurrent claims on any node exactly one wins. */
  @Transactional
  public Conversation claim(long id, Caller agent) {
    Conversation c = locked(id);
    Inbox inbox = requireAccess(c, new Participant.Staff(agent));
    if (c.isAssignedTo(agent.id())) {
      return c;
    }
    c.claim(agent.id(), teamOf(agent, inbox));
    systemMessage(c, agent.name() + " joined the conversation");
    recordAssigned(c, "claimed");
    changed(c, inbox);
    return c;
  }

  /**
   * Transfers to an agent or to a team, with an optional note for the next agent. The target agent
   * must serve the inbox.
   */
  @Transactional
  public Conversation transfer(long id, Long toAgent, Long toTeam, String note, Caller by) {
    if ((toAgent == null) == (toTeam == null)) {
      throw new Invalid("Transfer to an agent or to a team")
          .field(toAgent == null ? "agent" : "team", "give exactly one of agent and team");
    }
    Conversation c = locked(id);
    Inbox inbox = requireAccess(c, new Participant.Staff(by));
    Long from = c.assigneeId();
    String target;
    if (toAgent != null) {
      User agent = em.find(User.class, toAgent);
      if (agent == null || !agent.active()) {
        throw new Invalid("No such agent").field("agent", "no active agent " + toAgent);
      }
      Set<Long> agentTeams =
          agent.teams().stream().map(Team::id).collect(java.util.stream.Collectors.toSet());
      if (agent.role() != dev.parley.identity.entity.Role.ADMIN
          && inbox.teamIds().stream().noneMatch(agentTeams::contains)) {
        throw new Invalid("The agent does not serve this inbox")
            .field("agent", "is in none of the inbox's teams");
      }
      c.assign(
          toAgent,
          inbox.teamIds().stream().filter(agentTeams::contains).findFirst().orElse(c.teamId()));
      target = agent.displayName();
    } else {
      Team team = em.find(Team.class, toTeam);
      if (team == null) {
        throw new Invalid("No such team").field("team", "no team " + toTeam);
      }
      c.transferToTeam(toTeam);
      target = "team " + team.name();
    }
    systemMessage(c, by.name() + " transferred the conversation to " + target);
    if (note != null && !note.isBlank()) {
      requireText(note);
      append(c, MessageKind.NOTE, by.id(), by.name(), null, note.strip());
    }
    JsonObjectBuilder payload = about(c).add("by", by.id());
    if (from != null) {
      payload.add("from", from);
    }
    if (toAgent != null) {
      payload.add("toAgent", toAgent);
    } else {
      payload.add("toTeam", toTeam);
    }
    outbox.record("conversation.transferred", "conversation", c.id(), payload.build());
    long transferredId = c.id();
    broker.afterCommit(() -> transferred.fireAsync(new Transferred(transferredId)));
    changed(c, inbox);
    if (toTeam != null) {
      route(c, inbox);
    }
    return c;
  }

  @Transactional
  public Conversation close(long id, Participant who) {
    Conversation c = locked(id);
    requireAccess(c, who);
    Inbox inbox = inboxes.require(c.inboxId());
    c.close(Instant.now(), hours.of(c, inbox));
    String by = who instanceof Participant.Staff s ? s.caller().name() : "The visitor";
    systemMessage(c, by + " closed the conversation");
    JsonObjectBuilder payload = about(c);
    if (who instanceof Participant.Staff s) {
      payload.add("by", s.caller().id());
    } else {
      payload.add("by", "visitor");
    }
    outbox.record("conversation.closed", "conversation", c.id(), payload.build());
    changed(c, inbox);
    return c;
  }

  @Transactional
  public Conversation reopen(long id, Caller by) {
    Conversation c = locked(id);
    Inbox inbox = requireAccess(c, new Participant.Staff(by));
    c.reopen();
    systemMessage(c, by.name() + " reopened the conversation");
    outbox.record(
        "conversation.reopened", "conversation", c.id(), about(c).add("by", by.id()).build());
    changed(c, inbox);
    return c;
  }

  /**
   * How a staff list is sorted: latest activity first, or longest waiting (oldest activity) first.
   */
  public enum Sort {
    ACTIVITY,
    WAITING
  }

  /**
   * What a staff list asks for: a view, and optionally a state (default: every open state), an
   * inbox, a team, conversations quiet for at least {@code waitingMinutes}, a search in the
   * visitor's name and email, the sort, and the page after {@code cursor}.
   */
  public record ListQuery(
      View view,
      ConversationState state,
      Long inbox,
      Long team,
      Integer waitingMinutes,
      String search,
      Sort sort,
      Cursor after,
      int limit) {
    public ListQuery(View view, ConversationState state, int limit) {
      this(view, state, null, null, null, null, Sort.ACTIVITY, null, limit);
    }
  }

  /**
   * A position in a staff list: the last row's activity time (epoch microseconds, the stored
   * precision) and id, as {@code "<micros>.<id>"}.
   */
  public record Cursor(long atMicros, long id) {
    /** The end of year 9999, the latest time every database keeps. */
    static final long LATEST_MICROS = 253_402_300_799_999_999L;

    public static Cursor of(Conversation c) {
      Instant at = c.updatedAt().toInstant();
      return new Cursor(at.getEpochSecond() * 1_000_000 + at.getNano() / 1_000, c.id());
    }

    OffsetDateTime at() {
      return OffsetDateTime.ofInstant(
          Instant.ofEpochSecond(
              Math.floorDiv(atMicros, 1_000_000), Math.floorMod(atMicros, 1_000_000) * 1_000L),
          ZoneOffset.UTC);
    }

    /**
     * @throws IllegalArgumentException when the text is not a cursor this list gave
     */
    public static Cursor parse(String text) {
      String[] parts = text.split("\\.", -1);
      if (parts.length != 2) {
        throw new IllegalArgumentException("not a cursor");
      }
      long micros = Long.parseLong(parts[0]);
      if (micros < 0 || micros > LATEST_MICROS) {
        throw new IllegalArgumentException("not a time this list holds");
      }
      return new Cursor(micros, Long.parseLong(parts[1]));
    }

    @Override
    public String toString() {
      return atMicros + "." + id;
    }
  }

  /** A staff list: unassigned, mine, my teams' or (admins) all, open ones first by activity. */
  @Transactional
  public List<Conversation> list(Caller caller, View view, ConversationState state, int limit) {
    return list(caller, new ListQuery(view, state, limit));
  }

  /** A page of a staff list (see {@link ListQuery}); at most {@code limit} rows. */
  @Transactional
  public List<Conversation> list(Caller caller, ListQuery q) {
    List<Long> inboxIds =
        inboxes.visibleTo(caller).stream()
            .map(Inbox::id)
            .filter(id -> q.inbox() == null || q.inbox().equals(id))
            .toList();
    if (inboxIds.isEmpty()) {
      return List.of();
    }
    StringBuilder jpql =
        new StringBuilder("SELECT c FROM Conversation c WHERE c.inboxId IN :inboxes");
    switch (q.view()) {
      case UNASSIGNED -> jpql.append(" AND c.assigneeId IS NULL");
      case MINE -> jpql.append(" AND c.assigneeId = :me");
      case TEAMS, ALL -> {}
    }
    if (q.state() != null) {
      jpql.append(" AND c.state = :state");
    } else {
      jpql.append(" AND c.state <> dev.parley.chat.entity.ConversationState.CLOSED");
    }
    if (q.team() != null) {
      jpql.append(" AND c.teamId = :team");
    }
    if (q.waitingMinutes() != null) {
      jpql.append(" AND c.updatedAt <= :quietSince");
    }
    if (q.search() != null) {
      jpql.append(
          " AND (LOWER(c.visitorName) LIKE :search ESCAPE '!' OR LOWER(c.visitorEmail) LIKE"
              + " :search ESCAPE '!')");
    }
    boolean waiting = q.sort() == Sort.WAITING;
    if (q.after() != null) {
      jpql.append(
          waiting
              ? " AND (c.updatedAt > :afterAt OR (c.updatedAt = :afterAt AND c.id > :afterId))"
              : " AND (c.updatedAt < :afterAt OR (c.updatedAt = :afterAt AND c.id < :afterId))");
    }
    jpql.append(
        waiting ? " ORDER BY c.updatedAt ASC, c.id ASC" : " ORDER BY c.updatedAt DESC, c.id DESC");
    TypedQuery<Conversation> query =
        em.createQuery(jpql.toString(), Conversation.class).setParameter("inboxes", inboxIds);
    if (q.view() == View.MINE) {
      query.setParameter("me", caller.id());
    }
    if (q.state() != null) {
      query.setParameter("state", q.state());
    }
    if (q.team() != null) {
      query.setParameter("team", q.team());
    }
    if (q.waitingMinutes() != null) {
      query.setParameter(
          "quietSince", OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(q.waitingMinutes()));
    }
    if (q.search() != null) {
      String escaped =
          q.search()
              .toLowerCase(java.util.Locale.ROOT)
              .replace("!", "!!")
              .replace("%", "!%")
              .replace("_", "!_");
      query.setParameter("search", "%" + escaped + "%");
    }
    if (q.after() != null) {
      query.setParameter("afterAt", q.after().at());
      query.setParameter("afterId", q.after().id());
    }
    return query.setMaxResults(q.limit()).getResultList();
  }

  /**
   * Assigns waiting conversations of the agent's inboxes to them while they have capacity: an agent
   * coming online picks up what queued while nobody was there.
   */
  @Transactional
  public int routeWaiting(Caller agent) {
    int routed = 0;
    for (Inbox inbox : inboxes.visibleTo(agent)) {
      if (inbox.assignment() == dev.parley.chat.entity.AssignmentPolicy.MANUAL) {
        continue;
      }
      List<Long> waiting =
          em.createQuery(
                  "SELECT c.id FROM Conversation c WHERE c.inboxId = :inbox AND c.state ="
                      + " dev.parley.chat.entity.ConversationState.HANDOFF_PENDING AND c.assigneeId IS"
                      + " NULL ORDER BY c.createdAt",
                  Long.class)
              .setParameter("inbox", inbox.id())
              .setMaxResults(20)
              .getResultList();
      for (long id : waiting) {
        if (!assignments.hasCapacity(agent.id())) {
          return routed;
        }
        Conversation c = locked(id);
        if (c.assigneeId() != null || c.state() != ConversationState.HANDOFF_PENDING) {
          continue;
        }
        if (c.teamId() != null && !agent.teamIds().contains(c.teamId()) && !agent.isAdmin()) {
          continue;
        }
        c.assign(agent.id(), teamOf(agent, inbox));
        systemMessage(c, agent.name() + " joined the conversation");
        recordAssigned(c, "automatic");
        changed(c, inbox);
        routed++;
      }
    }
    return routed;
  }

  // ---- the bot -------------------------------------------------------------------------------

  /**
   * The bot's answer, stored and sent only if the bot still has the conversation (checked under its
   * row lock): after a handoff the bot never writes, even an answer it was still composing.
   */
  @Transactional
  public Optional<Message> botSays(long id, String text, boolean askIfHelped) {
    return botSays(id, text, askIfHelped, jakarta.json.JsonValue.EMPTY_JSON_ARRAY);
  }

  /**
   * The bot answers, citing the knowledge-base articles its answer rests on ({@code [{article,
   * title, anchor}]}, shown to the visitor as links).
   */
  @Transactional
  public Optional<Message> botSays(
      long id, String text, boolean askIfHelped, jakarta.json.JsonArray sources) {
    Conversation c = locked(id);
    if (!c.botMaySpeak()) {
      return Optional.empty();
    }
    Message m = append(c, MessageKind.BOT, null, "Bot", null, text);
    m.cite(sources);
    c.awaitBotFeedback(askIfHelped);
    return Optional.of(m);
  }

  /** The bot's state of a conversation, read fresh. */
  @Transactional
  public Conversation find(long id) {
    Conversation c = em.find(Conversation.class, id);
    if (c == null) {
      throw new NotFound("No conversation " + id);
    }
    return c;
  }

  @Transactional
  public void classified(long id, Long topicId) {
    locked(id).classified(topicId);
  }

  /**
   * The bot hands off to humans: to the topic's team if any, with a summary for the agent (a
   * private note), then routed like any conversation waiting for an agent (the offline notice and
   * form when nobody is available). Returns false if the bot no longer had it.
   */
  @Transactional
  public boolean handOff(long id, String reason, Long team, String summary, String toVisitor) {
    Conversation c = locked(id);
    if (!c.handOff(reason, team, summary)) {
      return false;
    }
    Inbox inbox = inboxes.require(c.inboxId());
    if (toVisitor != null) {
      systemMessage(c, toVisitor);
    }
    if (summary != null) {
      append(c, MessageKind.NOTE, null, "Bot", null, "Handoff (" + reason + "): " + summary);
    }
    outbox.record(
        "conversation.handed_off", "conversation", c.id(), about(c).add("reason", reason).build());
    changed(c, inbox);
    route(c, inbox);
    return true;
  }

  /**
   * The visitor presses "talk to a human" (or asks for one): always honoured while the bot has it.
   */
  @Transactional
  public Conversation requestHuman(long id, Participant.Visitor visitor, String reason) {
    Conversation c = locked(id);
    requireAccess(c, visitor);
    c.requireOpen();
    if (c.botMaySpeak()) {
      handOff(id, reason, null, null, "Connecting you with a person…");
    }
    return c;
  }

  /** The visitor says the bot's answer helped: the conversation closes as resolved by the bot. */
  @Transactional
  public Conversation resolvedByBot(long id) {
    Conversation c = locked(id);
    if (!c.botMaySpeak()) {
      return c;
    }
    c.resolveByBot(Instant.now());
    systemMessage(c, "Glad that helped! The conversation is closed; write again any time.");
    outbox.record(
        "conversation.closed",
        "conversation",
        c.id(),
        about(c).add("by", "bot").add("botResolved", true).build());
    changed(c, inboxes.require(c.inboxId()));
    return c;
  }

  /** An agent gives the conversation back to the bot. */
  @Transactional
  public Conversation handBack(long id, Caller agent) {
    Conversation c = locked(id);
    Inbox inbox = requireAccess(c, new Participant.Staff(agent));
    c.handBack();
    systemMessage(c, agent.name() + " handed the conversation back to the bot");
    outbox.record(
        "conversation.handed_back", "conversation", c.id(), about(c).add("by", agent.id()).build());
    changed(c, inbox);
    return c;
  }

  // ---- internals -----------------------------------------------------------------------------

  /** Automatic assignment, or the offline notice when nobody can take the conversation now. */
  private Optional<Message> route(Conversation c, Inbox inbox) {
    Optional<Long> agent =
        inbox.isOpen(Instant.now()) ? assignments.choose(c, inbox) : Optional.empty();
    if (agent.isPresent()) {
      User user = em.find(User.class, agent.get());
      c.assign(user.id(), c.teamId() != null ? c.teamId() : firstCommonTeam(user, inbox));
      recordAssigned(c, "automatic");
      changed(c, inbox);
      return Optional.of(systemMessage(c, user.displayName() + " joined the conversation"));
    }
    if (!inbox.isOpen(Instant.now())
        || inbox.assignment() != dev.parley.chat.entity.AssignmentPolicy.MANUAL) {
      c.waitOffline(null);
      String text =
          inbox.offlineText() != null
              ? inbox.offlineText()
              : "Nobody is available right now. Leave your message and email, and we will reply.";
      return Optional.of(systemMessage(c, text));
    }
    return Optional.empty();
  }

  private static Long firstCommonTeam(User user, Inbox inbox) {
    return user.teams().stream()
        .map(Team::id)
        .filter(inbox.teamIds()::contains)
        .findFirst()
        .orElse(null);
  }

  private static Long teamOf(Caller agent, Inbox inbox) {
    return inbox.teamIds().stream()
        .filter(agent.teamIds()::contains)
        .sorted()
        .findFirst()
        .orElse(null);
  }

  private void recordAssigned(Conversation c, String how) {
    JsonObjectBuilder payload = about(c).add("assignee", c.assigneeId()).add("how", how);
    outbox.record("conversation.assigned", "conversation", c.id(), payload.build());
  }

  private Message systemMessage(Conversation c, String text) {
    return append(c, MessageKind.SYSTEM, null, null, null, text);
  }

  private Message append(
      Conversation c,
      MessageKind kind,
      Long authorId,
      String authorName,
      String clientId,
      String text) {
    return append(c, kind, authorId, authorName, clientId, text, null);
  }

  private Message append(
      Conversation c,
      MessageKind kind,
      Long authorId,
      String authorName,
      String clientId,
      String text,
      Long attachmentId) {
    Message m = c.append(kind, authorId, authorName, clientId, text, attachmentId);
    em.persist(m);
    JsonObjectBuilder payload =
        Jsons.object()
            .add("conversation", c.id())
            .add("inbox", c.inboxId())
            .add("seq", m.seq())
            .add("kind", kind.wire())
            .add("text", text);
    if (authorId != null) {
      payload.add("author", authorId);
    }
    outbox.record("message.created", "conversation", c.id(), payload.build());
    if (kind == MessageKind.VISITOR) {
      VisitorWrote wrote = new VisitorWrote(c.id(), m.seq(), c.state(), text);
      broker.afterCommit(() -> visitorWrote.fireAsync(wrote));
    }
    feed.afterCommit(
        () ->
            event(
                ChatEvent.Audience.CONVERSATION,
                c,
                Set.of(),
                ChatWire.message(m),
                kind.visibleToVisitor() ? ChatWire.visitorMessage(m) : null));
    return m;
  }

  /** Tells the inbox's staff and the conversation's visitor that the conversation changed. */
  private void changed(Conversation c, Inbox inbox) {
    Set<Long> teams = inbox.teamIds();
    feed.afterCommit(
        () ->
            event(
                ChatEvent.Audience.INBOX,
                c,
                teams,
                ChatWire.conversationChanged(ChatWire.conversationForStaff(c)),
                ChatWire.conversationChanged(ChatWire.conversation(c))));
  }

  private static ChatEvent event(
      ChatEvent.Audience audience,
      Conversation c,
      Set<Long> teams,
      JsonObject staff,
      JsonObject visitor) {
    return new ChatEvent(
        audience, c.id(), c.inboxId(), c.visitorId(), c.assigneeId(), teams, staff, visitor, null);
  }

  private Conversation locked(long id) {
    Conversation c = em.find(Conversation.class, id, LockModeType.PESSIMISTIC_WRITE);
    if (c == null) {
      throw new NotFound("No conversation " + id);
    }
    return c;
  }

  /** The conversation's inbox if the participant may act in it; not found otherwise. */
  private Inbox requireAccess(Conversation c, Participant who) {
    if (c == null) {
      throw new NotFound("No such conversation");
    }
    if (who instanceof Participant.Visitor v) {
      if (!c.visitorId().equals(v.visitorId()) || c.inboxId() != v.inboxId()) {
        throw new NotFound("No conversation " + c.id());
      }
      return null;
    }
    Inbox inbox = inboxes.require(c.inboxId());
    Caller caller = ((Participant.Staff) who).caller();
    if (!Inboxes.mayWork(caller, inbox) && !c.isAssignedTo(caller.id())) {
      throw new NotFound("No conversation " + c.id());
    }
    return inbox;
  }

  private static void requireClientId(String clientId) {
    if (clientId == null || clientId.isBlank() || clientId.length() > 64) {
      throw new Invalid("Every message needs a client id")
          .field("id", "is required, 1 to 64 characters");
    }
  }

  private static void requireText(String text) {
    if (text == null || text.isBlank()) {
      throw new Invalid("A message needs text").field("text", "must not be empty");
    }
    if (text.length() > Message.MAX_LENGTH) {
      throw new Invalid("The message is too long")
          .field("text", "at most " + Message.MAX_LENGTH + " characters");
    }
  }

  /**
   * What every conversation event says of the conversation: its id, inbox and team (the filters of
   * webhooks and event readers).
   */
  private static JsonObjectBuilder about(Conversation c) {
    JsonObjectBuilder b = Jsons.object().add("id", c.id()).add("inbox", c.inboxId());
    if (c.teamId() != null) {
      b.add("team", c.teamId());
    }
    return b;
  }
}
