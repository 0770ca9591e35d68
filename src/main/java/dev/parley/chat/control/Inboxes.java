package dev.parley.chat.control;

import dev.parley.chat.entity.AssignmentPolicy;
import dev.parley.chat.entity.Inbox;
import dev.parley.chat.entity.PreChatField;
import dev.parley.identity.entity.BusinessHours;
import dev.parley.identity.entity.Caller;
import dev.parley.identity.entity.Team;
import dev.parley.integration.control.Outbox;
import dev.parley.platform.config.Settings;
import dev.parley.platform.config.Startup;
import dev.parley.platform.errors.Conflict;
import dev.parley.platform.errors.Invalid;
import dev.parley.platform.errors.NotFound;
import dev.parley.platform.json.Jsons;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Inboxes: the widgets visitors chat through, and which teams serve them. */
@ApplicationScoped
public class Inboxes {

  private static final Logger LOG = Logger.getLogger(Inboxes.class.getName());

  /** The demo inbox of the embedded default, embeddable from Parley's own pages. */
  public static final String DEMO_WIDGET_KEY = "demo";

  private static final SecureRandom RANDOM = new SecureRandom();

  /**
   * What an admin submits; null fields are left unchanged on update.
   *
   * @param businessHours null keeps; {@link #ALWAYS_OPEN} clears
   */
  public record InboxSpec(
      String name,
      Set<String> allowedOrigins,
      Set<Long> teamIds,
      String greeting,
      String offlineText,
      Optional<BusinessHours> businessHours,
      List<PreChatField> preChatFields,
      Long maxAttachmentBytes,
      Set<String> attachmentTypes,
      AssignmentPolicy assignment) {}

  @PersistenceContext EntityManager em;
  @Inject Outbox outbox;
  @Inject Settings settings;

  @Transactional
  public List<Inbox> all() {
    return em.createNamedQuery(Inbox.ALL, Inbox.class).getResultList();
  }

  /** The inboxes a staff user may work: those of their teams, all for admins. */
  @Transactional
  public List<Inbox> visibleTo(Caller caller) {
    return all().stream().filter(i -> mayWork(caller, i)).toList();
  }

  public static boolean mayWork(Caller caller, Inbox inbox) {
    return mayWork(caller, inbox.teamIds());
  }

  public static boolean mayWork(Caller caller, Set<Long> inboxTeams) {
    return caller.isAdmin() || inboxTeams.stream().anyMatch(caller.teamIds()::contains);
  }

  @Transactional
  public Optional<Inbox> find(long id) {
    return Optional.ofNullable(em.find(Inbox.class, id));
  }

  @Transactional
  public Optional<Inbox> byWidgetKey(String key) {
    return em.createNamedQuery(Inbox.BY_WIDGET_KEY, Inbox.class)
        .setParameter("key", key)
        .getResultStream()
        .findFirst();
  }

  @Transactional
  public Inbox create(InboxSpec spec) {
    if (spec.name() == null || spec.allowedOrigins() == null) {
      throw new Invalid("name and allowedOrigins are required")
          .field(spec.name() == null ? "name" : "allowedOrigins", "is required");
    }
    requireUniqueName(spec.name(), null);
    Inbox inbox;
    try {
      inbox = new Inbox(spec.name(), newWidgetKey(), spec.allowedOrigins());
    } catch (IllegalArgumentException e) {
      throw new Invalid("Invalid allowed origins").field("allowedOrigins", e.getMessage());
    }
    apply(inbox, spec);
    em.persist(inbox);
    outbox.record(
        "inbox.created",
        "inbox",
        inbox.id(),
        Jsons.object().add("id", inbox.id()).add("name", inbox.name()).build());
    return inbox;
  }

  @Transactional
  public Inbox change(long id, InboxSpec spec) {
    Inbox inbox = require(id);
    if (spec.name() != null && !spec.name().equalsIgnoreCase(inbox.name())) {
      requireUniqueName(spec.name(), id);
      inbox.rename(spec.name());
    }
    if (spec.allowedOrigins() != null) {
      try {
        inbox.allowOrigins(spec.allowedOrigins());
      } catch (IllegalArgumentException e) {
        throw new Invalid("Invalid allowed origins").field("allowedOrigins", e.getMessage());
      }
    }
    apply(inbox, spec);
    outbox.record(
        "inbox.updated",
        "inbox",
        inbox.id(),
        Jsons.object().add("id", inbox.id()).add("name", inbox.name()).build());
    return flushed(inbox);
  }

  /**
   * Writes the change now: a concurrent change of the inbox fails here as a conflict (409), not in
   * the transaction manager's commit, which would log it as an error.
   */
  private Inbox flushed(Inbox inbox) {
    em.flush();
    return inbox;
  }

  /** A new widget key; the old one stops working at once (a leaked key embedded elsewhere). */
  @Transactional
  public Inbox rotateWidgetKey(long id) {
    Inbox inbox = require(id);
    inbox.rekey(newWidgetKey());
    return flushed(inbox);
  }

  @Transactional
  public void delete(long id) {
    Inbox inbox = require(id);
    long conversations =
        em.createQuery("SELECT COUNT(c) FROM Conversation c WHERE c.inboxId = :id", Long.class)
            .setParameter("id", id)
            .getSingleResult();
    if (conversations > 0) {
      throw new Conflict(
          "The inbox has "
              + conversations
              + " conversations; remove its allowed origins to retire it instead");
    }
    em.remove(inbox);
    outbox.record("inbox.deleted", "inbox", id, Jsons.object().add("id", id).build());
  }

  private void apply(Inbox inbox, InboxSpec spec) {
    if (spec.teamIds() != null) {
      Set<Team> teams = new LinkedHashSet<>();
      for (long teamId : spec.teamIds()) {
        Team team = em.find(Team.class, teamId);
        if (team == null) {
          throw new Invalid("No such team").field("teamIds", "no team " + teamId);
        }
        teams.add(team);
      }
      inbox.servedBy(teams);
    }
    if (spec.greeting() != null || spec.offlineText() != null) {
      inbox.texts(
          spec.greeting() != null ? blankToNull(spec.greeting()) : inbox.greeting(),
          spec.offlineText() != null ? blankToNull(spec.offlineText()) : inbox.offlineText());
    }
    if (spec.businessHours() != null) {
      inbox.businessHours(spec.businessHours().orElse(null));
    }
    if (spec.preChatFields() != null) {
      inbox.preChatFields(spec.preChatFields());
    }
    if (spec.maxAttachmentBytes() != null || spec.attachmentTypes() != null) {
      try {
        inbox.attachmentLimits(
            spec.maxAttachmentBytes() != null
                ? spec.maxAttachmentBytes()
                : inbox.maxAttachmentBytes(),
            spec.attachmentTypes() != null ? spec.attachmentTypes() : inbox.attachmentTypes());
      } catch (IllegalArgumentException e) {
        throw new Invalid("Invalid attachment limits").field("maxAttachmentBytes", e.getMessage());
      }
    }
    if (spec.assignment() != null) {
      inbox.assignBy(spec.assignment());
    }
  }

  private static String blankToNull(String text) {
    return text.isBlank() ? null : text.strip();
  }

  Inbox require(long id) {
    Inbox inbox = em.find(Inbox.class, id);
    if (inbox == null) {
      throw new NotFound("No inbox " + id);
    }
    return inbox;
  }

  private void requireUniqueName(String name, Long self) {
    em.createNamedQuery(Inbox.BY_NAME, Inbox.class)
        .setParameter("name", name.trim())
        .getResultStream()
        .filter(i -> !i.id().equals(self))
        .findFirst()
        .ifPresent(
            i -> {
              throw new Conflict("An inbox with this name already exists")
                  .field("name", "is already in use");
            });
  }

  /** The inbox's identity-verification secret, made on first request. */
  @Transactional
  public String identitySecret(long id) {
    Inbox inbox = require(id);
    return inbox.identitySecret().orElseGet(() -> rotateIdentitySecret(id));
  }

  /** A new identity-verification secret: signatures made with the old one stop verifying. */
  @Transactional
  public String rotateIdentitySecret(long id) {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    String secret = "ivs_" + HexFormat.of().formatHex(bytes);
    Inbox inbox = require(id);
    inbox.newIdentitySecret(secret);
    flushed(inbox);
    return secret;
  }

  private static String newWidgetKey() {
    byte[] bytes = new byte[12];
    RANDOM.nextBytes(bytes);
    return "wk_" + HexFormat.of().formatHex(bytes);
  }

  /** Turns the bot on or off for an inbox's new conversations. */
  @Transactional
  public Inbox bot(long id, boolean enabled) {
    Inbox inbox = require(id);
    inbox.bot(enabled);
    outbox.record(
        "inbox.updated", "inbox", id, Jsons.object().add("id", id).add("bot", enabled).build());
    return flushed(inbox);
  }

  /**
   * The bot's settings for an inbox; what a change leaves out keeps its value.
   *
   * @param answerSimilarity how alike a passage must be for an answer (0 to 1); null: the default
   * @param handoffText the words the bot hands over with; null or blank: the built-in ones
   */
  public record BotSettings(
      boolean setsSimilarity,
      Double answerSimilarity,
      boolean setsHandoffText,
      String handoffText) {
    public boolean changesAnything() {
      return setsSimilarity || setsHandoffText;
    }
  }

  /** Changes the bot's settings of an inbox (its similarity floor, its handoff words). */
  @Transactional
  public Inbox botSettings(long id, BotSettings settings) {
    Inbox inbox = require(id);
    try {
      inbox.botSettings(
          settings.setsSimilarity()
              ? settings.answerSimilarity()
              : inbox.botAnswerSimilarity().orElse(null),
          settings.setsHandoffText()
              ? settings.handoffText()
              : inbox.botHandoffText().orElse(null));
    } catch (IllegalArgumentException e) {
      throw (Invalid)
          new Invalid("Invalid bot settings").field("botAnswerSimilarity", e.getMessage());
    }
    outbox.record("inbox.updated", "inbox", id, Jsons.object().add("id", id).build());
    return flushed(inbox);
  }

  /**
   * The embedded default gets a demo inbox on first start, embeddable from Parley's own origin (the
   * public URL, which follows the HTTP port) or {@code PARLEY_ALLOWED_ORIGINS}.
   */
  @Transactional
  void seedDemo(@Observes Startup.Started started) {
    if (!settings.embeddedDatabase() || !all().isEmpty()) {
      return;
    }
    Set<String> origins = new java.util.LinkedHashSet<>(settings.allowedOrigins());
    Inbox demo = new Inbox("Website", DEMO_WIDGET_KEY, origins);
    demo.texts(
        "Hi! Ask us anything about Inkwell.",
        "We are away right now. Leave a message and your email, and we will get back to you.");
    demo.preChatFields(
        List.of(
            new PreChatField("name", "Your name", PreChatField.Type.TEXT, false, List.of()),
            new PreChatField("email", "Email", PreChatField.Type.EMAIL, false, List.of())));
    demo.bot(true);
    em.persist(demo);
    LOG.log(
        Level.INFO,
        "Created the demo inbox ''Website'' (widget key {0}) for {1}",
        new Object[] {DEMO_WIDGET_KEY, demo.allowedOrigins()});
  }
}
