package dev.parley.ticket.control;

import dev.parley.identity.entity.Caller;
import dev.parley.platform.errors.Invalid;
import dev.parley.platform.persistence.Migrations;
import dev.parley.ticket.entity.Priority;
import dev.parley.ticket.entity.Ticket;
import dev.parley.ticket.entity.TicketStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.Query;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Ticket lists: filters, a sort and keyset (cursor) pagination, restricted to what the caller may
 * see. The id page is one indexed query (see the migrations' {@code ticket_*_ix} indexes and
 * BENCHMARKS.md for the plans); the tickets are then loaded by id with their tags, followers,
 * requester and organization in batches (their SLA clocks per ticket: see {@link #load}). Full-text
 * search uses PostgreSQL's {@code simple} text search over subject and description (a GIN index),
 * or a case-insensitive substring match on H2.
 */
@ApplicationScoped
public class TicketSearch {

  /** The orders a list can have; each is keyset-paginated on (column, id). */
  public enum Sort {
    UPDATED_DESC("updated_at", true),
    UPDATED_ASC("updated_at", false),
    CREATED_DESC("created_at", true),
    CREATED_ASC("created_at", false),
    NUMBER_DESC("id", true),
    NUMBER_ASC("id", false);

    final String column;
    final boolean descending;

    Sort(String column, boolean descending) {
      this.column = column;
      this.descending = descending;
    }

    public static Sort fromWire(String value) {
      boolean desc = value.startsWith("-");
      String key = desc ? value.substring(1) : value;
      String base =
          switch (key) {
            case "updatedAt" -> "UPDATED";
            case "createdAt" -> "CREATED";
            case "number" -> "NUMBER";
            default ->
                throw new IllegalArgumentException(
                    "must be updatedAt, createdAt or number, with - for descending");
          };
      return valueOf(base + (desc ? "_DESC" : "_ASC"));
    }
  }

  /**
   * The filters of a list. Null means any; {@code unassigned}/{@code noTeam} ask for tickets
   * without one.
   */
  public record Filter(
      Set<TicketStatus> statuses,
      Set<Priority> priorities,
      Long assignee,
      boolean unassigned,
      Long team,
      boolean noTeam,
      String tag,
      Long requester,
      Long organization,
      OffsetDateTime createdAfter,
      OffsetDateTime createdBefore,
      OffsetDateTime updatedAfter,
      OffsetDateTime updatedBefore,
      String text,
      OffsetDateTime slaDueBefore) {}

  /** One page and the cursor of the next (null at the end). */
  public record Page(List<Ticket> tickets, String next) {}

  @PersistenceContext EntityManager em;
  @Inject Migrations migrations;

  @Transactional
  public Page list(Filter f, Sort sort, String cursor, int limit, Caller caller) {
    StringBuilder sql = new StringBuilder("SELECT t.id, t.");
    sql.append(sort.column).append(" FROM ticket t WHERE 1 = 1");
    List<Object> params = new ArrayList<>();
    if (caller.isUser() && !caller.isAdmin()) {
      sql.append(" AND (t.assignee_id = ? OR EXISTS (SELECT 1 FROM ticket_follower tf WHERE")
          .append(" tf.ticket_id = t.id AND tf.user_id = ?)");
      params.add(caller.id());
      params.add(caller.id());
      if (!caller.teamIds().isEmpty()) {
        sql.append(" OR t.team_id IN (").append(marks(caller.teamIds().size())).append(")");
        params.addAll(caller.teamIds().stream().sorted().toList());
      }
      sql.append(")");
    }
    if (f.statuses() != null && !f.statuses().isEmpty()) {
      sql.append(" AND t.status IN (").append(marks(f.statuses().size())).append(")");
      f.statuses().stream().sorted().forEach(s -> params.add(s.name()));
    }
    if (f.priorities() != null && !f.priorities().isEmpty()) {
      sql.append(" AND t.priority IN (").append(marks(f.priorities().size())).append(")");
      f.priorities().stream().sorted().forEach(p -> params.add(p.name()));
    }
    if (f.unassigned()) {
      sql.append(" AND t.assignee_id IS NULL");
    } else if (f.assignee() != null) {
      sql.append(" AND t.assignee_id = ?");
      params.add(f.assignee());
    }
    if (f.noTeam()) {
      sql.append(" AND t.team_id IS NULL");
    } else if (f.team() != null) {
      sql.append(" AND t.team_id = ?");
      params.add(f.team());
    }
    if (f.tag() != null) {
      sql.append(
          " AND EXISTS (SELECT 1 FROM ticket_tag tt WHERE tt.ticket_id = t.id AND tt.tag = ?)");
      params.add(Ticket.normalizeTag(f.tag()));
    }
    if (f.requester() != null) {
      sql.append(" AND t.requester_id = ?");
      params.add(f.requester());
    }
    if (f.organization() != null) {
      sql.append(" AND t.organization_id = ?");
      params.add(f.organization());
    }
    if (f.slaDueBefore() != null) {
      // a running SLA clock (paused ones have no due time) due before then, breached ones too
      sql.append(
          " AND EXISTS (SELECT 1 FROM ticket_sla s WHERE s.ticket_id = t.id AND s.achieved_at IS"
              + " NULL AND s.due_at IS NOT NULL AND s.due_at < ?)");
      params.add(f.slaDueBefore());
    }
    range(sql, params, "created_at", f.createdAfter(), f.createdBefore());
    range(sql, params, "updated_at", f.updatedAfter(), f.updatedBefore());
    if (f.text() != null && !f.text().isBlank()) {
      if (migrations.postgres()) {
        sql.append(
            " AND to_tsvector('simple', t.subject || ' ' || t.description) @@"
                + " plainto_tsquery('simple', ?)");
        params.add(f.text());
      } else {
        String like =
            "%"
                + f.text()
                    .toLowerCase(Locale.ROOT)
                    .replace("\\", "\\\\")
                    .replace("%", "\\%")
                    .replace("_", "\\_")
                + "%";
        sql.append(" AND (LOWER(t.subject) LIKE ? OR LOWER(t.description) LIKE ?)");
        params.add(like);
        params.add(like);
      }
    }
    if (cursor != null) {
      Cursor c = Cursor.decode(cursor, sort);
      sql.append(" AND (t.").append(sort.column).append(", t.id) ");
      sql.append(sort.descending ? "<" : ">").append(" (?, ?)");
      params.add(c.value);
      params.add(c.id);
    }
    String dir = sort.descending ? " DESC" : " ASC";
    sql.append(" ORDER BY t.").append(sort.column).append(dir).append(", t.id").append(dir);
    sql.append(" LIMIT ").append(limit + 1);

    Query q = em.createNativeQuery(sql.toString());
    for (int i = 0; i < params.size(); i++) {
      q.setParameter(i + 1, params.get(i));
    }
    @SuppressWarnings("unchecked")
    List<Object[]> rows = q.getResultList();
    boolean more = rows.size() > limit;
    List<Object[]> page = more ? rows.subList(0, limit) : rows;
    List<Long> ids = page.stream().map(r -> ((Number) r[0]).longValue()).toList();
    String next = null;
    if (more) {
      Object[] last = page.get(page.size() - 1);
      next = new Cursor(sort, value(last[1]), ((Number) last[0]).longValue()).encode();
    }
    return new Page(load(ids), next);
  }

  /**
   * Loads tickets by id in the given order, with their collections in batches, except the SLA
   * clocks (a collection of embeddables), which load per ticket: fetched with the tickets (in a
   * batch or by a join), EclipseLink left them half-built and the commit of the reading transaction
   * failed (a 500 for every list once SLA policies existed; {@code RobustnessIT} found it).
   */
  @Transactional(Transactional.TxType.MANDATORY)
  public List<Ticket> load(List<Long> ids) {
    if (ids.isEmpty()) {
      return List.of();
    }
    List<Ticket> found =
        em.createQuery("SELECT t FROM Ticket t WHERE t.id IN :ids", Ticket.class)
            .setParameter("ids", ids)
            .setHint("eclipselink.batch.type", "IN")
            .setHint("eclipselink.batch", "t.tags")
            .setHint("eclipselink.batch", "t.followers")
            .setHint("eclipselink.batch", "t.requester")
            .setHint("eclipselink.batch", "t.organization")
            .getResultList();
    Map<Long, Integer> order = new HashMap<>();
    for (int i = 0; i < ids.size(); i++) {
      order.put(ids.get(i), i);
    }
    return found.stream().sorted(Comparator.comparing(t -> order.get(t.id()))).toList();
  }

  private static void range(
      StringBuilder sql,
      List<Object> params,
      String column,
      OffsetDateTime from,
      OffsetDateTime to) {
    if (from != null) {
      sql.append(" AND t.").append(column).append(" >= ?");
      params.add(from);
    }
    if (to != null) {
      sql.append(" AND t.").append(column).append(" < ?");
      params.add(to);
    }
  }

  private static String marks(int n) {
    return java.util.stream.IntStream.range(0, n)
        .mapToObj(i -> "?")
        .collect(Collectors.joining(", "));
  }

  private static Object value(Object column) {
    if (column instanceof Number n) {
      return n.longValue();
    }
    if (column instanceof Timestamp ts) {
      return ts.toInstant().atOffset(ZoneOffset.UTC);
    }
    if (column instanceof OffsetDateTime odt) {
      return odt;
    }
    if (column instanceof java.time.ZonedDateTime z) {
      return z.toOffsetDateTime();
    }
    throw new IllegalStateException("unexpected sort value " + column.getClass());
  }

  /** Where a page ended: the sort, the last row's sort value and id. Opaque to clients. */
  record Cursor(Sort sort, Object value, long id) {

    String encode() {
      String v =
          value instanceof OffsetDateTime odt ? odt.toInstant().toString() : value.toString();
      return Base64.getUrlEncoder()
          .withoutPadding()
          .encodeToString((sort.name() + "|" + v + "|" + id).getBytes(StandardCharsets.UTF_8));
    }

    static Cursor decode(String text, Sort expected) {
      try {
        String[] parts =
            new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8).split("\\|");
        Sort sort = Sort.valueOf(parts[0]);
        if (sort != expected) {
          throw new IllegalArgumentException("sort differs");
        }
        Object value =
            sort.column.equals("id")
                ? (Object) Long.parseLong(parts[1])
                : Instant.parse(parts[1]).atOffset(ZoneOffset.UTC);
        return new Cursor(sort, value, Long.parseLong(parts[2]));
      } catch (RuntimeException e) {
        throw new Invalid("The cursor is invalid")
            .field("cursor", "use the next cursor of a list with the same sort");
      }
    }
  }
}
