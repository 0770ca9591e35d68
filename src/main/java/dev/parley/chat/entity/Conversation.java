package dev.parley.chat.entity;

import dev.parley.identity.entity.BusinessHours;
import dev.parley.platform.errors.Conflict;
import dev.parley.platform.errors.Invalid;
import dev.parley.platform.json.Jsons;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/**
 * One chat thread between a visitor and the bot or agents in an inbox. It guards its own state
 * machine ({@link ConversationState}), hands out per-conversation message sequence numbers and
 * keeps who read up to where.
 */
@Entity
@Table(name = "conversation")
@NamedQuery(
    name = Conversation.OF_VISITOR,
    query =
        "SELECT c FROM Conversation c WHERE c.visitorId = :visitor ORDER BY c.createdAt DESC, c.id DESC")
@NamedQuery(
    name = Conversation.OPEN_LOAD,
    query =
        "SELECT c.assigneeId, COUNT(c) FROM Conversation c WHERE c.assigneeId IN :agents AND c.state"
            + " = dev.parley.chat.entity.ConversationState.HUMAN GROUP BY c.assigneeId")
public class Conversation {

  public static final String OF_VISITOR = "Conversation.ofVisitor";
  public static final String OPEN_LOAD = "Conversation.openLoad";

  @Id
  @SequenceGenerator(
      name = "conversation_seq",
      sequenceName = "conversation_seq",
      allocationSize = 50)
  @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "conversation_seq")
  private Long id;

  @Column(name = "inbox_id", nullable = false)
  private long inboxId;

  @Column(name = "visitor_id", nullable = false)
  private String visitorId;

  @Column(name = "visitor_name")
  private String visitorName;

  @Column(name = "visitor_email")
  private String visitorEmail;

  @Column(nullable = false)
  private String fields = "{}";

  @Enumerated(EnumType.STRING)
  @Column(nullable = false)
  private ConversationState state;

  @Column(name = "assignee_id")
  private Long assigneeId;

  @Column(name = "team_id")
  private Long teamId;

  @Column(name = "last_seq", nullable = false)
  private long lastSeq;

  @Column(name = "last_public_seq", nullable = false)
  private long lastPublicSeq;

  @Column(name = "first_retained_seq", nullable = false)
  private long firstRetainedSeq = 1;

  @Column(name = "visitor_read_seq", nullable = false)
  private long visitorReadSeq;

  @Column(name = "agent_read_seq", nullable = false)
  private long agentReadSeq;

  @Column(name = "waiting_offline", nullable = false)
  private boolean waitingOffline;

  @Column(name = "csat_score")
  private Integer csatScore;

  /** The last message a list shows (visitor, agent or bot), shortened to one line. */
  @Column(name = "last_message")
  private String lastMessage;

  @Enumerated(EnumType.STRING)
  @Column(name = "last_message_kind")
  private MessageKind lastMessageKind;

  @Column(name = "csat_comment")
  private String csatComment;

  @Column(name = "created_at", nullable = false)
  private OffsetDateTime createdAt;

  @Column(name = "updated_at", nullable = false)
  private OffsetDateTime updatedAt;

  @Column(name = "closed_at")
  private OffsetDateTime closedAt;

  @Column(name = "ticket_id")
  private Long ticketId;

  @Column(name = "topic_id")
  private Long topicId;

  @Column(name = "bot_awaiting_feedback", nullable = false)
  private boolean botAwaitingFeedback;

  @Column(name = "bot_resolved", nullable = false)
  private boolean botResolved;

  @Column(name = "handoff_reason")
  private String handoffReason;

  private String summary;

  @Column(name = "started_with_bot", nullable = false)
  private boolean startedWithBot;

  @Column(name = "handed_off_at")
  private OffsetDateTime handedOffAt;

  @Column(name = "first_response_at")
  private OffsetDateTime firstResponseAt;

  @Column(name = "first_response_seconds")
  private Long firstResponseSeconds;

  @Column(name = "resolution_seconds")
  private Long resolutionSeconds;

  @Version private long version;

  protected Conversation() {}

  /**
   * A new conversation; with no bot in the inbox it waits for an agent at once.
   *
   * @param fields the accepted pre-chat values; {@code name} and {@code email} are kept apart
   */
  public Conversation(long inboxId, String visitorId, Map<String, String> fields, boolean bot) {
    this(inboxId, visitorId, fields, bot, Instant.now());
  }

  /** A new conversation started at a given instant (imports, and tests of reports). */
  public Conversation(
      long inboxId, String visitorId, Map<String, String> fields, boolean bot, Instant at) {
    this.inboxId = inboxId;
    this.visitorId = visitorId;
    this.visitorName = fields.get("name");
    this.visitorEmail = fields.get("email");
    JsonObjectBuilder custom = Jsons.object();
    fields.forEach(
        (k, v) -> {
          if (!k.equals("name") && !k.equals("email")) {
            custom.add(k, v);
          }
        });
    this.fields = custom.build().toString();
    this.state = bot ? ConversationState.BOT : ConversationState.HANDOFF_PENDING;
    this.startedWithBot = bot;
    this.createdAt = stored(at);
    this.updatedAt = createdAt;
    if (!bot) {
      this.handedOffAt = createdAt;
    }
  }

  /**
   * Numbers a new message and returns it; callers hold the conversation's row lock. Messages the
   * visitor may see also remember the previous such message, so a visitor's client (which never
   * sees private notes) can tell a gap from a note it was not meant to see.
   */
  public Message append(
      MessageKind kind,
      Long authorId,
      String authorName,
      String clientId,
      String body,
      Long attachmentId) {
    touch();
    long seq = ++lastSeq;
    long prevPublic = lastPublicSeq;
    if (kind.visibleToVisitor()) {
      lastPublicSeq = seq;
    }
    if (kind == MessageKind.VISITOR || kind == MessageKind.AGENT || kind == MessageKind.BOT) {
      lastMessage = preview(body);
      lastMessageKind = kind;
    }
    // a conversation is stored (and has its id) before its first message; 0 only in unit tests
    long conversationId = id == null ? 0 : id;
    return new Message(
        conversationId, seq, prevPublic, kind, authorId, authorName, clientId, body, attachmentId);
  }

  /** Whether a visitor may still write; a closed conversation is over (the visitor starts anew). */
  public void requireOpen() {
    if (state == ConversationState.CLOSED) {
      throw new Conflict("The conversation is closed; start a new one");
    }
  }

  /** The bot hands the conversation to humans (or it had no bot): it waits for an agent. */
  public void handOff() {
    handOff(Instant.now());
  }

  private void handOff(Instant at) {
    requireOpen();
    if (state == ConversationState.BOT) {
      state = ConversationState.HANDOFF_PENDING;
      waitsForPeopleSince(at);
      touch();
    }
  }

  /** The first handoff starts the people's clocks (first response, resolution). */
  private void waitsForPeopleSince(Instant at) {
    if (handedOffAt == null) {
      handedOffAt = stored(at);
    }
  }

  /**
   * The bot hands off, saying why, to a team (its topic's, or null to keep the inbox's teams).
   * Returns false when it no longer had the conversation: the bot never acts after a handoff.
   */
  public boolean handOff(String reason, Long team, String summary) {
    return handOff(reason, team, summary, Instant.now());
  }

  /** {@link #handOff(String, Long, String)} at a given instant. */
  public boolean handOff(String reason, Long team, String summary, Instant at) {
    if (state != ConversationState.BOT) {
      return false;
    }
    handOff(at);
    this.handoffReason = reason;
    this.botAwaitingFeedback = false;
    if (team != null) {
      this.teamId = team;
    }
    this.summary = summary;
    return true;
  }

  /** Whether the bot may write: only while the conversation is the bot's. */
  public boolean botMaySpeak() {
    return state == ConversationState.BOT;
  }

  /** The bot answered and asked whether that helped; the visitor's next words say. */
  public void awaitBotFeedback(boolean awaiting) {
    this.botAwaitingFeedback = awaiting && state == ConversationState.BOT;
  }

  /** The visitor said the bot's answer helped: the conversation ends, resolved by the bot. */
  public void resolveByBot(Instant at) {
    if (state != ConversationState.BOT) {
      throw new Conflict("Only the bot's own conversation can be resolved by it");
    }
    botResolved = true;
    botAwaitingFeedback = false;
    close(at, BusinessHours.ALWAYS);
  }

  /** An agent gives the conversation back to the bot. */
  public void handBack() {
    requireOpen();
    if (state == ConversationState.BOT) {
      throw new Conflict("The bot already has this conversation");
    }
    state = ConversationState.BOT;
    assigneeId = null;
    handoffReason = null;
    botAwaitingFeedback = false;
    waitingOffline = false;
    touch();
  }

  public void classified(Long topicId) {
    this.topicId = topicId;
  }

  public Long topicId() {
    return topicId;
  }

  public boolean botAwaitingFeedback() {
    return botAwaitingFeedback;
  }

  public boolean botResolved() {
    return botResolved;
  }

  public String handoffReason() {
    return handoffReason;
  }

  public String summary() {
    return summary;
  }

  /** The last message of the visitor, an agent or the bot, on one line (null before any). */
  public String lastMessage() {
    return lastMessage;
  }

  public MessageKind lastMessageKind() {
    return lastMessageKind;
  }

  /** Runs of whitespace, compiled once: the preview is made on every message. */
  private static final java.util.regex.Pattern WHITESPACE = java.util.regex.Pattern.compile("\\s+");

  /** Longest preview kept, in characters (the column holds 200). */
  static final int PREVIEW_LENGTH = 140;

  /** A message's text on one line, whitespace collapsed, cut at a character boundary. */
  static String preview(String body) {
    String line = body == null ? "" : WHITESPACE.matcher(body.strip()).replaceAll(" ");
    if (line.codePointCount(0, line.length()) <= PREVIEW_LENGTH) {
      return line;
    }
    return line.substring(0, line.offsetByCodePoints(0, PREVIEW_LENGTH - 1)) + "…";
  }

  /**
   * An agent takes the conversation. Claiming one that another agent holds is refused: of two
   * concurrent claims exactly one wins (callers hold the row lock).
   */
  public void claim(long agentId, Long agentTeam) {
    requireOpen();
    if (assigneeId != null && assigneeId != agentId) {
      throw new Conflict("Another agent already has this conversation")
          .field("assignee", Long.toString(assigneeId));
    }
    assign(agentId, agentTeam);
  }

  /** Assigns to an agent (automatic assignment, transfer, admin override). */
  public void assign(long agentId, Long team) {
    assign(agentId, team, Instant.now());
  }

  /**
   * {@link #assign(long, Long)} at a given instant; an agent taking over from the bot is a handoff.
   */
  public void assign(long agentId, Long team, Instant at) {
    requireOpen();
    waitsForPeopleSince(at);
    this.assigneeId = agentId;
    if (team != null) {
      this.teamId = team;
    }
    this.state = ConversationState.HUMAN;
    this.waitingOffline = false;
    touch();
  }

  /** Transfers to a team: nobody owns it until an agent of that team takes it. */
  public void transferToTeam(long team) {
    requireOpen();
    this.assigneeId = null;
    this.teamId = team;
    this.state = ConversationState.HANDOFF_PENDING;
    touch();
  }

  /** Nobody was available: the conversation waits; the visitor may leave an email. */
  public void waitOffline(String email) {
    this.waitingOffline = true;
    if (email != null && !email.isBlank()) {
      this.visitorEmail = email.trim();
    }
    touch();
  }

  /** The conversation's visitor turned out to be a verified one (they signed in on the site). */
  public void belongTo(String visitorId) {
    this.visitorId = visitorId;
    touch();
  }

  /**
   * Ends the conversation. Once people had it, its resolution time is the open time of {@code
   * hours} from the handoff to now.
   */
  public void close(Instant at, BusinessHours hours) {
    if (state == ConversationState.CLOSED) {
      throw new Conflict("The conversation is already closed");
    }
    state = ConversationState.CLOSED;
    closedAt = stored(at);
    if (handedOffAt != null) {
      resolutionSeconds = hours.between(handedOffAt.toInstant(), closedAt.toInstant()).toSeconds();
    }
    touch();
  }

  /**
   * A person answered the visitor. The first answer after the handoff stops the first-response
   * clock: the open time of {@code hours} between them.
   */
  public void responded(Instant at, BusinessHours hours) {
    waitsForPeopleSince(at);
    if (firstResponseAt == null) {
      firstResponseAt = stored(at);
      firstResponseSeconds =
          hours.between(handedOffAt.toInstant(), firstResponseAt.toInstant()).toSeconds();
    }
  }

  public void reopen() {
    if (state != ConversationState.CLOSED) {
      throw new Conflict("Only a closed conversation can be reopened");
    }
    state = assigneeId != null ? ConversationState.HUMAN : ConversationState.HANDOFF_PENDING;
    closedAt = null;
    resolutionSeconds = null;
    touch();
  }

  /** The visitor's rating, once, after the conversation ended. */
  public void rate(int score, String comment) {
    if (state != ConversationState.CLOSED) {
      throw new Conflict("A conversation is rated after it is closed");
    }
    if (csatScore != null) {
      throw new Conflict("This conversation has already been rated");
    }
    if (score < 1 || score > 5) {
      throw new Invalid("The rating is 1 to 5").field("score", "must be 1 to 5");
    }
    if (comment != null && comment.length() > 2000) {
      throw new Invalid("The comment is too long").field("comment", "at most 2000 characters");
    }
    csatScore = score;
    csatComment = comment == null || comment.isBlank() ? null : comment.strip();
    touch();
  }

  /** Records that the visitor (or the agents) read up to a sequence number; never goes back. */
  public boolean markRead(boolean byVisitor, long seq) {
    long upTo = Math.min(seq, lastSeq);
    if (byVisitor && upTo > visitorReadSeq) {
      visitorReadSeq = upTo;
      return true;
    }
    if (!byVisitor && upTo > agentReadSeq) {
      agentReadSeq = upTo;
      return true;
    }
    return false;
  }

  /** Messages before this sequence number are no longer kept (retention). */
  public void retainFrom(long seq) {
    if (seq > firstRetainedSeq) {
      firstRetainedSeq = Math.min(seq, lastSeq + 1);
    }
  }

  /** Microseconds in UTC: what the database keeps. */
  private static OffsetDateTime stored(Instant at) {
    return at.atOffset(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
  }

  private void touch() {
    // microseconds: what the database keeps, so list cursors built from this match stored rows
    updatedAt =
        OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(java.time.temporal.ChronoUnit.MICROS);
  }

  public boolean isAssignedTo(long agentId) {
    return assigneeId != null && assigneeId == agentId;
  }

  public Long id() {
    return id;
  }

  public long inboxId() {
    return inboxId;
  }

  public String visitorId() {
    return visitorId;
  }

  public String visitorName() {
    return visitorName;
  }

  public String visitorEmail() {
    return visitorEmail;
  }

  public JsonObject fields() {
    return Jsons.read(fields);
  }

  public ConversationState state() {
    return state;
  }

  public Long assigneeId() {
    return assigneeId;
  }

  /** The ticket this conversation was escalated to, if any. */
  public Long ticketId() {
    return ticketId;
  }

  /**
   * Links the ticket this conversation was escalated to; a conversation escalates once.
   *
   * @throws Conflict when it already has a ticket
   */
  public void escalatedTo(long ticketId) {
    if (this.ticketId != null) {
      throw new Conflict("This conversation was escalated to ticket #" + this.ticketId + " before")
          .field("ticket", String.valueOf(this.ticketId));
    }
    this.ticketId = ticketId;
  }

  public Long teamId() {
    return teamId;
  }

  public long lastSeq() {
    return lastSeq;
  }

  public long lastPublicSeq() {
    return lastPublicSeq;
  }

  public long firstRetainedSeq() {
    return firstRetainedSeq;
  }

  public long visitorReadSeq() {
    return visitorReadSeq;
  }

  public long agentReadSeq() {
    return agentReadSeq;
  }

  public boolean waitingOffline() {
    return waitingOffline;
  }

  public Integer csatScore() {
    return csatScore;
  }

  public String csatComment() {
    return csatComment;
  }

  public OffsetDateTime createdAt() {
    return createdAt;
  }

  public OffsetDateTime updatedAt() {
    return updatedAt;
  }

  public OffsetDateTime closedAt() {
    return closedAt;
  }

  public boolean startedWithBot() {
    return startedWithBot;
  }

  public OffsetDateTime handedOffAt() {
    return handedOffAt;
  }

  public OffsetDateTime firstResponseAt() {
    return firstResponseAt;
  }

  public Long firstResponseSeconds() {
    return firstResponseSeconds;
  }

  public Long resolutionSeconds() {
    return resolutionSeconds;
  }
}
