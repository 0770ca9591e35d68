package dev.parley.chat.entity;

import dev.parley.identity.entity.BusinessHours;
import dev.parley.identity.entity.Team;
import dev.parley.platform.json.Jsons;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.JoinTable;
import jakarta.persistence.ManyToMany;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.net.URI;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One chat entry point (a website widget): its widget key, the origins allowed to embed it, the
 * teams that serve it, business hours, texts, pre-chat fields and attachment limits.
 */
@Entity
@Table(name = "inbox")
@NamedQuery(name = Inbox.ALL, query = "SELECT i FROM Inbox i ORDER BY i.name")
@NamedQuery(name = Inbox.BY_WIDGET_KEY, query = "SELECT i FROM Inbox i WHERE i.widgetKey = :key")
@NamedQuery(
    name = Inbox.BY_NAME,
    query = "SELECT i FROM Inbox i WHERE LOWER(i.name) = LOWER(:name)")
public class Inbox {

  public static final String ALL = "Inbox.all";
  public static final String BY_WIDGET_KEY = "Inbox.byWidgetKey";
  public static final String BY_NAME = "Inbox.byName";

  public static final long DEFAULT_MAX_ATTACHMENT_BYTES = 10L * 1024 * 1024;
  public static final Set<String> DEFAULT_ATTACHMENT_TYPES =
      Set.of("image/png", "image/jpeg", "image/gif", "image/webp", "application/pdf", "text/plain");

  @Id
  @SequenceGenerator(name = "inbox_seq", sequenceName = "inbox_seq", allocationSize = 50)
  @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "inbox_seq")
  private Long id;

  @Column(nullable = false)
  private String name;

  @Column(name = "widget_key", nullable = false)
  private String widgetKey;

  @Column(name = "allowed_origins", nullable = false)
  private String allowedOrigins;

  private String greeting;

  @Column(name = "offline_text")
  private String offlineText;

  @Column(name = "business_hours")
  private String businessHours;

  @Column(name = "pre_chat_fields", nullable = false)
  private String preChatFields = "[]";

  @Column(name = "max_attachment_bytes", nullable = false)
  private long maxAttachmentBytes = DEFAULT_MAX_ATTACHMENT_BYTES;

  @Column(name = "attachment_types", nullable = false)
  private String attachmentTypes =
      String.join(",", DEFAULT_ATTACHMENT_TYPES.stream().sorted().toList());

  @Enumerated(EnumType.STRING)
  @Column(nullable = false)
  private AssignmentPolicy assignment = AssignmentPolicy.ROUND_ROBIN;

  /** Whether the bot answers first (from the knowledge base) before handing off to agents. */
  @Column(name = "bot_enabled", nullable = false)
  private boolean botEnabled;

  /** How similar a passage must be for the bot to answer with it here; null: the default. */
  @Column(name = "bot_answer_similarity")
  private Double botAnswerSimilarity;

  /** What the bot tells the visitor when it hands over here; null: the built-in words. */
  @Column(name = "bot_handoff_text", length = 2000)
  private String botHandoffText;

  @Column(name = "created_at", nullable = false)
  private OffsetDateTime createdAt;

  /** The secret the website signs its users' external ids with; null until first asked for. */
  @Column(name = "identity_secret")
  private String identitySecret;

  @Version private long version;

  @ManyToMany
  @JoinTable(
      name = "inbox_team",
      joinColumns = @JoinColumn(name = "inbox_id"),
      inverseJoinColumns = @JoinColumn(name = "team_id"))
  private Set<Team> teams = new LinkedHashSet<>();

  protected Inbox() {}

  public Inbox(String name, String widgetKey, Set<String> allowedOrigins) {
    this.name = name.trim();
    this.widgetKey = widgetKey;
    allowOrigins(allowedOrigins);
    this.createdAt = OffsetDateTime.now(ZoneOffset.UTC);
  }

  /**
   * Normalizes an origin to {@code scheme://host[:port]} (lower case, default port dropped), the
   * form browsers send in the {@code Origin} header.
   *
   * @throws IllegalArgumentException when it is not an http(s) origin
   */
  public static String normalizeOrigin(String origin) {
    URI uri;
    try {
      uri = URI.create(origin.trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "'" + dev.parley.platform.json.Texts.echo(origin) + "' is not an origin");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!(scheme.equals("http") || scheme.equals("https"))
        || uri.getHost() == null
        || (uri.getPath() != null && !uri.getPath().isEmpty() && !uri.getPath().equals("/"))
        || uri.getQuery() != null) {
      throw new IllegalArgumentException(
          "'"
              + dev.parley.platform.json.Texts.echo(origin)
              + "' is not an origin like https://www.example.com");
    }
    int port = uri.getPort();
    boolean defaultPort =
        port == -1
            || (scheme.equals("http") && port == 80)
            || (scheme.equals("https") && port == 443);
    return scheme
        + "://"
        + uri.getHost().toLowerCase(Locale.ROOT)
        + (defaultPort ? "" : ":" + port);
  }

  public boolean allowsOrigin(String origin) {
    if (origin == null) {
      return false;
    }
    try {
      return allowedOrigins().contains(normalizeOrigin(origin));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** The identity-verification secret, if one was made. */
  public Optional<String> identitySecret() {
    return Optional.ofNullable(identitySecret);
  }

  /** A new identity-verification secret; signatures made with the old one stop verifying. */
  public void newIdentitySecret(String secret) {
    this.identitySecret = secret;
  }

  /** A new widget key; the old one stops working. */
  public void rekey(String widgetKey) {
    this.widgetKey = widgetKey;
  }

  public void rename(String name) {
    this.name = name.trim();
  }

  public void allowOrigins(Set<String> origins) {
    if (origins.isEmpty()) {
      throw new IllegalArgumentException("at least one origin is required");
    }
    this.allowedOrigins =
        origins.stream()
            .map(Inbox::normalizeOrigin)
            .distinct()
            .sorted()
            .collect(Collectors.joining(" "));
  }

  public void texts(String greeting, String offlineText) {
    this.greeting = greeting;
    this.offlineText = offlineText;
  }

  public void businessHours(BusinessHours hours) {
    this.businessHours = hours == null ? null : hours.toJson().toString();
  }

  public void preChatFields(List<PreChatField> fields) {
    this.preChatFields = PreChatField.toJson(fields).toString();
  }

  public void attachmentLimits(long maxBytes, Set<String> types) {
    if (maxBytes < 0 || maxBytes > 100L * 1024 * 1024) {
      throw new IllegalArgumentException("maxAttachmentBytes must be between 0 and 104857600");
    }
    this.maxAttachmentBytes = maxBytes;
    this.attachmentTypes =
        types.stream()
            .map(t -> t.trim().toLowerCase(Locale.ROOT))
            .sorted()
            .distinct()
            .collect(Collectors.joining(","));
  }

  public void assignBy(AssignmentPolicy assignment) {
    this.assignment = assignment;
  }

  public void servedBy(Set<Team> teams) {
    this.teams.clear();
    this.teams.addAll(teams);
  }

  /** Whether the inbox is staffed now; an inbox without business hours always is. */
  public boolean isOpen(Instant now) {
    return businessHours == null || BusinessHours.parse(businessHours).isOpen(now);
  }

  public Long id() {
    return id;
  }

  public String name() {
    return name;
  }

  public String widgetKey() {
    return widgetKey;
  }

  public Set<String> allowedOrigins() {
    return new LinkedHashSet<>(Arrays.asList(allowedOrigins.split(" ")));
  }

  public String greeting() {
    return greeting;
  }

  public String offlineText() {
    return offlineText;
  }

  public Optional<BusinessHours> businessHours() {
    return Optional.ofNullable(businessHours).map(BusinessHours::parse);
  }

  public List<PreChatField> preChatFields() {
    return PreChatField.parseAll(preChatFields);
  }

  public long maxAttachmentBytes() {
    return maxAttachmentBytes;
  }

  public Set<String> attachmentTypes() {
    return attachmentTypes.isEmpty()
        ? Set.of()
        : new LinkedHashSet<>(Arrays.asList(attachmentTypes.split(",")));
  }

  public boolean botEnabled() {
    return botEnabled;
  }

  public void bot(boolean enabled) {
    this.botEnabled = enabled;
  }

  public Optional<Double> botAnswerSimilarity() {
    return Optional.ofNullable(botAnswerSimilarity);
  }

  public Optional<String> botHandoffText() {
    return Optional.ofNullable(botHandoffText);
  }

  /**
   * The bot's own settings here: the similarity a passage needs for an answer (0 to 1) and the
   * words it hands over with (blank: the built-in ones, in the visitor's language); null: the
   * installation's default.
   */
  public void botSettings(Double answerSimilarity, String handoffText) {
    if (answerSimilarity != null
        && (answerSimilarity.isNaN() || answerSimilarity < 0 || answerSimilarity > 1)) {
      throw new IllegalArgumentException("the answer similarity must be between 0 and 1");
    }
    this.botAnswerSimilarity = answerSimilarity;
    this.botHandoffText = handoffText == null || handoffText.isBlank() ? null : handoffText.strip();
  }

  public AssignmentPolicy assignment() {
    return assignment;
  }

  public Set<Team> teams() {
    return Set.copyOf(teams);
  }

  public Set<Long> teamIds() {
    return teams.stream().map(Team::id).collect(Collectors.toUnmodifiableSet());
  }

  public OffsetDateTime createdAt() {
    return createdAt;
  }

  /** The inbox's configuration as the widget needs it (no secrets, no team names). */
  public jakarta.json.JsonObject widgetConfig(Instant now) {
    var b =
        Jsons.object()
            .add("inbox", id)
            .add("name", name)
            .add("open", isOpen(now))
            .add("preChatFields", PreChatField.toJson(preChatFields()))
            .add("maxAttachmentBytes", maxAttachmentBytes)
            .add("attachmentTypes", Jsons.array(attachmentTypes()));
    if (greeting != null) {
      b.add("greeting", greeting);
    }
    if (offlineText != null) {
      b.add("offlineText", offlineText);
    }
    return b.build();
  }
}
