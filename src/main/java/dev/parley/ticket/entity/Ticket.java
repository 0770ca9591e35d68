package dev.parley.ticket.entity;

import dev.parley.platform.errors.Conflict;
import dev.parley.platform.errors.Invalid;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.PrePersist;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;
import jakarta.persistence.Version;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A tracked request with a human number ({@code #1042}). The ticket guards its own rules: status
 * transitions ({@link TicketStatus#next()}), solving with required fields filled, merging, and its
 * SLA clocks (paused while pending or on hold). Every change is remembered as a {@link FieldChange}
 * until the control drains it into the audit trail and the {@code ticket.updated} event; SLA
 * warnings and breaches likewise as {@link SlaAlert}s.
 */
@Entity
@Table(name = "ticket")
@NamedQuery(
    name = Ticket.BY_ID_FOR_VIEW,
    query =
        "SELECT t FROM Ticket t JOIN FETCH t.requester LEFT JOIN FETCH t.organization LEFT JOIN"
            + " FETCH t.tags LEFT JOIN FETCH t.followers WHERE t.id = :id")
public class Ticket {

  public static final String BY_ID_FOR_VIEW = "Ticket.byIdForView";

  /** An SLA clock raised a warning or was breached. */
  public record SlaAlert(SlaMetric metric, SlaClock.Alert alert, OffsetDateTime dueAt) {}

  public static final int MAX_TAGS = 50;
  private static final Pattern TAG = Pattern.compile("[\\p{L}\\p{N}_:.-]{1,64}");

  /** The id is the ticket's human number: one gap-tolerant sequence per installation. */
  @Id
  @SequenceGenerator(
      name = "ticket_number_seq",
      sequenceName = "ticket_number_seq",
      allocationSize = 1)
  @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "ticket_number_seq")
  private Long id;

  @Column(nullable = false, updatable = false)
  private long number;

  @Column(nullable = false)
  private String subject;

  @Column(nullable = false)
  private String description;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false)
  private TicketStatus status;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false)
  private Priority priority;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false)
  private TicketType type;

  @Column(nullable = false, updatable = false)
  private String via;

  @ManyToOne(fetch = FetchType.LAZY, optional = false)
  @JoinColumn(name = "requester_id")
  private Contact requester;

  @ManyToOne(fetch = FetchType.LAZY)
  @JoinColumn(name = "organization_id")
  private Organization organization;

  @Column(name = "assignee_id")
  private Long assigneeId;

  @Column(name = "team_id")
  private Long teamId;

  @Column(name = "custom_fields", nullable = false)
  private String customFields = "{}";

  @Column(name = "conversation_id")
  private Long conversationId;

  @Column(name = "follow_up_of")
  private Long followUpOf;

  @Column(name = "merged_into")
  private Long mergedInto;

  @Column(name = "first_responded_at")
  private OffsetDateTime firstRespondedAt;

  @Column(name = "solved_at")
  private OffsetDateTime solvedAt;

  @Column(name = "first_response_seconds")
  private Long firstResponseSeconds;

  @Column(name = "resolution_seconds")
  private Long resolutionSeconds;

  @Column(name = "closed_at")
  private OffsetDateTime closedAt;

  @Column(name = "created_at", nullable = false)
  private OffsetDateTime createdAt;

  @Column(name = "updated_at", nullable = false)
  private OffsetDateTime updatedAt;

  @Version private long version;

  @ElementCollection
  @CollectionTable(name = "ticket_tag", joinColumns = @JoinColumn(name = "ticket_id"))
  @Column(name = "tag")
  private Set<String> tags = new TreeSet<>();

  @ElementCollection
  @CollectionTable(name = "ticket_follower", joinColumns = @JoinColumn(name = "ticket_id"))
  @Column(name = "user_id")
  private Set<Long> followers = new TreeSet<>();

  @ElementCollection
  @CollectionTable(name = "ticket_sla", joinColumns = @JoinColumn(name = "ticket_id"))
  private List<SlaClock> sla = new ArrayList<>();

  @Transient private List<FieldChange> changes = new ArrayList<>();
  @Transient private List<SlaAlert> alerts = new ArrayList<>();

  protected Ticket() {}

  public Ticket(
      String subject,
      String description,
      Contact requester,
      Priority priority,
      TicketType type,
      String via,
      Instant now) {
    this.subject = checkSubject(subject);
    this.description = checkDescription(description);
    this.requester = Objects.requireNonNull(requester);
    this.organization = requester.organization();
    this.priority = priority;
    this.type = type;
    this.via = via;
    this.status = TicketStatus.NEW;
    this.createdAt = now.atOffset(ZoneOffset.UTC);
    this.updatedAt = createdAt;
  }

  private static String checkSubject(String subject) {
    if (subject == null || subject.isBlank() || subject.length() > 300) {
      throw new Invalid("subject is required").field("subject", "is required, 1 to 300 characters");
    }
    return subject.strip();
  }

  private static String checkDescription(String description) {
    if (description == null || description.isBlank() || description.length() > 65535) {
      throw new Invalid("description is required")
          .field("description", "is required, 1 to 65535 characters");
    }
    return description;
  }

  @PrePersist
  void numbered() {
    this.number = id;
  }

  // ---- lifecycle -------------------------------------------------------------------------------

  /** Starts the SLA clocks of a new ticket (first response and resolution, where targeted). */
  public void startSla(SlaTerms terms, Instant now) {
    for (SlaMetric metric : List.of(SlaMetric.FIRST_RESPONSE, SlaMetric.RESOLUTION)) {
      terms
          .target(metric)
          .ifPresent(
              target ->
                  sla.add(
                      SlaClock.start(
                          metric,
                          target,
                          status.pausesSla(),
                          now,
                          terms.calendar(),
                          terms.warningRatio())));
    }
  }

  /**
   * Moves to another status, guarded by {@link TicketStatus#next()}; solving needs the fields in
   * {@code missingToSolve} filled first.
   *
   * @throws Conflict naming the allowed statuses
   * @throws Invalid naming the required custom fields still empty
   */
  public void changeStatus(
      TicketStatus to, Set<String> missingToSolve, SlaTerms terms, Instant now) {
    if (to == status) {
      return;
    }
    if (mergedInto != null) {
      throw new Conflict("Ticket #" + number + " was merged into another ticket and is closed");
    }
    if (!status.canBecome(to)) {
      throw new Conflict(
              "A "
                  + status.wire()
                  + " ticket cannot become "
                  + to.wire()
                  + "; allowed: "
                  + allowedText()
                  + (status.next().isEmpty()
                      ? " (closed is final; create a follow-up ticket)"
                      : ""))
          .field("status", "allowed: " + allowedText());
    }
    if (to == TicketStatus.SOLVED && !missingToSolve.isEmpty()) {
      Invalid invalid = new Invalid("Fill the fields required to solve: " + missingToSolve);
      missingToSolve.forEach(key -> invalid.field("customFields/" + key, "is required to solve"));
      throw invalid;
    }
    TicketStatus from = status;
    status = to;
    record("status", from.wire(), to.wire());
    OffsetDateTime at = now.atOffset(ZoneOffset.UTC);
    if (to == TicketStatus.SOLVED) {
      solvedAt = at;
      resolutionSeconds = terms.calendar().between(createdAt.toInstant(), now).toSeconds();
    } else if (to == TicketStatus.CLOSED) {
      closedAt = at;
    } else if (from == TicketStatus.SOLVED) {
      solvedAt = null;
      resolutionSeconds = null;
    }
    applySlaForStatus(from, terms, now);
  }

  private String allowedText() {
    return status.next().isEmpty()
        ? "none"
        : status.next().stream().map(TicketStatus::wire).collect(Collectors.joining(", "));
  }

  private void applySlaForStatus(TicketStatus from, SlaTerms terms, Instant now) {
    for (int i = 0; i < sla.size(); i++) {
      SlaClock c = sla.get(i);
      SlaClock next;
      if (status == TicketStatus.SOLVED && c.metric() == SlaMetric.RESOLUTION) {
        next = c.achieve(now, terms.calendar());
      } else if (status.pausesSla()
          || status == TicketStatus.SOLVED
          || status == TicketStatus.CLOSED) {
        next = c.pause(now, terms.calendar());
      } else if (from == TicketStatus.SOLVED && c.metric() == SlaMetric.RESOLUTION) {
        next = reopened(c, terms, now);
      } else {
        next = c.resume(now, terms.calendar(), terms.warningRatio());
      }
      replace(i, next);
    }
  }

  /** A reopened ticket's resolution clock counts on from where it stopped. */
  private static SlaClock reopened(SlaClock c, SlaTerms terms, Instant now) {
    return c.reopen(now, terms.calendar(), terms.warningRatio());
  }

  /** Staff wrote a public reply: the first (or next) response target is met. */
  public void staffReplied(SlaTerms terms, Instant now) {
    if (firstRespondedAt == null) {
      firstRespondedAt = now.atOffset(ZoneOffset.UTC);
      firstResponseSeconds = terms.calendar().between(createdAt.toInstant(), now).toSeconds();
    }
    for (int i = 0; i < sla.size(); i++) {
      SlaClock c = sla.get(i);
      if (c.metric() == SlaMetric.FIRST_RESPONSE || c.metric() == SlaMetric.NEXT_RESPONSE) {
        replace(i, c.achieve(now, terms.calendar()));
      }
    }
    if (status == TicketStatus.NEW) {
      TicketStatus from = status;
      status = TicketStatus.OPEN;
      record("status", from.wire(), status.wire());
    }
  }

  /**
   * The requester wrote: a pending or solved ticket opens again, and once staff have answered, a
   * new next-response clock starts.
   */
  public void requesterReplied(SlaTerms terms, Instant now) {
    if (status == TicketStatus.PENDING || status == TicketStatus.SOLVED) {
      changeStatus(TicketStatus.OPEN, Set.of(), terms, now);
    }
    if (firstRespondedAt == null || status == TicketStatus.CLOSED) {
      return;
    }
    Optional<java.time.Duration> target = terms.target(SlaMetric.NEXT_RESPONSE);
    int existing = indexOf(SlaMetric.NEXT_RESPONSE);
    if (target.isEmpty() || (existing >= 0 && sla.get(existing).achievedAt() == null)) {
      return;
    }
    SlaClock fresh =
        SlaClock.start(
            SlaMetric.NEXT_RESPONSE,
            target.get(),
            status.pausesSla(),
            now,
            terms.calendar(),
            terms.warningRatio());
    if (existing >= 0) {
      sla.set(existing, fresh);
    } else {
      sla.add(fresh);
    }
    touch(now);
  }

  /** Raises the warnings and breaches due at {@code now} (the SLA watcher calls this). */
  public List<SlaAlert> checkSla(Instant now) {
    for (int i = 0; i < sla.size(); i++) {
      replace(i, sla.get(i).check(now));
    }
    return List.copyOf(alerts);
  }

  /** The priority changed or the team's calendar did: recount every clock under the new terms. */
  public void reapplySla(SlaTerms before, SlaTerms after, Instant now) {
    for (int i = 0; i < sla.size(); i++) {
      SlaClock c = sla.get(i);
      Optional<java.time.Duration> target = after.target(c.metric());
      if (target.isEmpty()) {
        sla.remove(i--);
        continue;
      }
      SlaClock paused = c.pause(now, before.calendar());
      SlaClock next = paused.retarget(target.get(), now, after.calendar(), after.warningRatio());
      if (c.isRunning()) {
        next = next.resume(now, after.calendar(), after.warningRatio());
      }
      replace(i, next);
    }
    for (SlaMetric metric : List.of(SlaMetric.FIRST_RESPONSE, SlaMetric.RESOLUTION)) {
      boolean done =
          metric == SlaMetric.FIRST_RESPONSE
              ? firstRespondedAt != null
              : status == TicketStatus.SOLVED || status == TicketStatus.CLOSED;
      if (indexOf(metric) < 0 && !done) {
        after
            .target(metric)
            .ifPresent(
                t ->
                    sla.add(
                        SlaClock.start(
                            metric,
                            t,
                            status.pausesSla(),
                            now,
                            after.calendar(),
                            after.warningRatio())));
      }
    }
  }

  private int indexOf(SlaMetric metric) {
    for (int i = 0; i < sla.size(); i++) {
      if (sla.get(i).metric() == metric) {
        return i;
      }
    }
    return -1;
  }

  private void replace(int index, SlaClock next) {
    SlaClock before = sla.get(index);
    if (next == before) {
      return;
    }
    for (SlaClock.Alert alert : next.alertsSince(before)) {
      alerts.add(new SlaAlert(next.metric(), alert, next.dueAt() != null ? next.dueAt() : null));
    }
    sla.set(index, next);
  }

  /** Closes this ticket as merged into {@code target}, which must be another open ticket. */
  public void mergeInto(Ticket target, SlaTerms terms, Instant now) {
    if (target.id().equals(id)) {
      throw new Invalid("A ticket cannot be merged into itself").field("target", "is this ticket");
    }
    if (status == TicketStatus.CLOSED) {
      throw new Conflict("Ticket #" + number + " is closed and cannot be merged");
    }
    if (target.status == TicketStatus.CLOSED) {
      throw new Conflict("Ticket #" + target.number + " is closed; merge into an open ticket")
          .field("target", "is closed");
    }
    TicketStatus from = status;
    status = TicketStatus.CLOSED;
    mergedInto = target.id();
    closedAt = now.atOffset(ZoneOffset.UTC);
    record("status", from.wire(), status.wire());
    record("mergedInto", null, "#" + target.number());
    applySlaForStatus(from, terms, now);
  }

  /** This ticket follows up a closed one. */
  public void followUp(Ticket closed) {
    if (closed.status != TicketStatus.CLOSED) {
      throw new Invalid("Only a closed ticket can be followed up; reopen a solved one instead")
          .field("followUpOf", "is not closed");
    }
    this.followUpOf = closed.id();
  }

  public void linkConversation(long conversationId) {
    this.conversationId = conversationId;
  }

  // ---- fields ----------------------------------------------------------------------------------

  public void changeSubject(String subject) {
    String checked = checkSubject(subject);
    record("subject", this.subject, checked);
    this.subject = checked;
  }

  public void changeDescription(String description) {
    String checked = checkDescription(description);
    record("description", this.description, checked);
    this.description = checked;
  }

  public void changePriority(Priority priority) {
    record("priority", this.priority.wire(), priority.wire());
    this.priority = priority;
  }

  public void changeType(TicketType type) {
    record("type", this.type.wire(), type.wire());
    this.type = type;
  }

  public void assign(Long userId) {
    record("assignee", str(assigneeId), str(userId));
    this.assigneeId = userId;
  }

  public void route(Long teamId) {
    record("team", str(teamId()), str(teamId));
    this.teamId = teamId;
  }

  public void changeRequester(Contact contact) {
    record("requester", str(requester.id()), str(contact.id()));
    this.requester = contact;
    if (contact.organization() != null) {
      changeOrganization(contact.organization());
    }
  }

  public void changeOrganization(Organization organization) {
    record(
        "organization",
        this.organization == null ? null : str(this.organization.id()),
        organization == null ? null : str(organization.id()));
    this.organization = organization;
  }

  /** Replaces the tags (normalized to lower case). */
  public void retag(Set<String> newTags) {
    Set<String> normalized = new TreeSet<>();
    for (String tag : newTags) {
      normalized.add(normalizeTag(tag));
    }
    if (normalized.size() > MAX_TAGS) {
      throw new Invalid("too many tags").field("tags", "at most " + MAX_TAGS);
    }
    record("tags", String.join(",", new TreeSet<>(tags)), String.join(",", normalized));
    tags.retainAll(normalized);
    tags.addAll(normalized);
  }

  public static String normalizeTag(String tag) {
    String t = tag == null ? "" : tag.strip().toLowerCase(java.util.Locale.ROOT);
    if (!TAG.matcher(t).matches()) {
      throw new Invalid("invalid tag '" + dev.parley.platform.json.Texts.echo(tag) + "'")
          .field("tags", "tags are 1 to 64 letters, digits, _ : . or -");
    }
    return t;
  }

  public void changeFollowers(Set<Long> userIds) {
    record(
        "followers",
        followers.stream().sorted().map(String::valueOf).collect(Collectors.joining(",")),
        userIds.stream().sorted().map(String::valueOf).collect(Collectors.joining(",")));
    followers.retainAll(userIds);
    followers.addAll(userIds);
  }

  /** Replaces the custom field values (the JSON object, validated by the caller). */
  public void changeCustomFields(String json) {
    record("customFields", customFields, json);
    this.customFields = json;
  }

  private void record(String field, String from, String to) {
    if (!Objects.equals(from, to)) {
      changes.add(new FieldChange(field, from, to));
    }
  }

  /** Stamps the change time when anything changed. */
  public void touch(Instant now) {
    this.updatedAt = now.atOffset(ZoneOffset.UTC);
  }

  /** The changes since the last drain, then forgets them. */
  public List<FieldChange> drainChanges() {
    List<FieldChange> drained = List.copyOf(changes);
    changes.clear();
    return drained;
  }

  public List<SlaAlert> drainAlerts() {
    List<SlaAlert> drained = List.copyOf(alerts);
    alerts.clear();
    return drained;
  }

  private static String str(Long value) {
    return value == null ? null : value.toString();
  }

  // ---- reading ---------------------------------------------------------------------------------

  public Long id() {
    return id;
  }

  public long number() {
    return number;
  }

  public String subject() {
    return subject;
  }

  public String description() {
    return description;
  }

  public TicketStatus status() {
    return status;
  }

  public Priority priority() {
    return priority;
  }

  public TicketType type() {
    return type;
  }

  public String via() {
    return via;
  }

  public Contact requester() {
    return requester;
  }

  public Organization organization() {
    return organization;
  }

  public Long assigneeId() {
    return assigneeId;
  }

  public Long teamId() {
    return teamId;
  }

  public String customFields() {
    return customFields;
  }

  public Long conversationId() {
    return conversationId;
  }

  public Long followUpOf() {
    return followUpOf;
  }

  public Long mergedInto() {
    return mergedInto;
  }

  public OffsetDateTime firstRespondedAt() {
    return firstRespondedAt;
  }

  /** Business seconds from creation to the first staff reply (the team's calendar); null before. */
  public Long firstResponseSeconds() {
    return firstResponseSeconds;
  }

  /** Business seconds from creation to solved; null while unsolved. */
  public Long resolutionSeconds() {
    return resolutionSeconds;
  }

  public OffsetDateTime solvedAt() {
    return solvedAt;
  }

  public OffsetDateTime closedAt() {
    return closedAt;
  }

  public OffsetDateTime createdAt() {
    return createdAt;
  }

  public OffsetDateTime updatedAt() {
    return updatedAt;
  }

  public long version() {
    return version;
  }

  public Set<String> tags() {
    return Set.copyOf(tags);
  }

  public Set<Long> followers() {
    return Set.copyOf(followers);
  }

  public List<SlaClock> sla() {
    return List.copyOf(sla);
  }
}
