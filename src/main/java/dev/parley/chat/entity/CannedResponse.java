package dev.parley.chat.entity;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A reply agents insert by its shortcut ({@code /refund}). Its body may hold variables such as
 * {@code {{visitor.name}}} or {@code {{visitor.name|there}}} (with a fallback), filled in for a
 * conversation.
 */
@Entity
@Table(name = "canned_response")
@NamedQuery(name = CannedResponse.ALL, query = "SELECT c FROM CannedResponse c ORDER BY c.shortcut")
@NamedQuery(
    name = CannedResponse.BY_SHORTCUT,
    query = "SELECT c FROM CannedResponse c WHERE c.shortcut = :shortcut")
public class CannedResponse {

  public static final String ALL = "CannedResponse.all";
  public static final String BY_SHORTCUT = "CannedResponse.byShortcut";

  /** {{name}} or {{name|fallback}}. */
  private static final Pattern VARIABLE =
      Pattern.compile("\\{\\{\\s*([a-z_.]+)\\s*(?:\\|([^}]*))?}}");

  private static final Pattern SHORTCUT = Pattern.compile("[a-z0-9][a-z0-9_-]{0,59}");

  /** The variables a body may use; {@code visitor.fields.<key>} for pre-chat fields. */
  public static final Set<String> VARIABLES =
      Set.of("visitor.name", "visitor.email", "agent.name", "conversation.id", "inbox.name");

  @Id
  @SequenceGenerator(
      name = "canned_response_seq",
      sequenceName = "canned_response_seq",
      allocationSize = 50)
  @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "canned_response_seq")
  private Long id;

  @Column(nullable = false)
  private String shortcut;

  @Column(nullable = false)
  private String title;

  @Column(nullable = false)
  private String body;

  @Column(name = "created_at", nullable = false)
  private OffsetDateTime createdAt;

  @Version private long version;

  protected CannedResponse() {}

  public CannedResponse(String shortcut, String title, String body) {
    change(shortcut, title, body);
    this.createdAt = OffsetDateTime.now(ZoneOffset.UTC);
  }

  /**
   * Changes what is given (nulls keep).
   *
   * @throws IllegalArgumentException as {@code field: problem}
   */
  public void change(String shortcut, String title, String body) {
    if (shortcut != null) {
      String s = shortcut.startsWith("/") ? shortcut.substring(1) : shortcut;
      if (!SHORTCUT.matcher(s).matches()) {
        throw new IllegalArgumentException("shortcut: lower-case letters, digits, - or _ (1-60)");
      }
      this.shortcut = s;
    }
    if (title != null) {
      if (title.isBlank() || title.length() > 200) {
        throw new IllegalArgumentException("title: 1 to 200 characters");
      }
      this.title = title.strip();
    }
    if (body != null) {
      if (body.isBlank() || body.length() > 8000) {
        throw new IllegalArgumentException("body: 1 to 8000 characters");
      }
      Matcher m = VARIABLE.matcher(body);
      while (m.find()) {
        String name = m.group(1);
        if (!VARIABLES.contains(name) && !name.matches("visitor\\.fields\\.[a-z][a-z0-9_]*")) {
          throw new IllegalArgumentException(
              "body: unknown variable {{"
                  + name
                  + "}}; known: "
                  + String.join(", ", VARIABLES.stream().sorted().toList())
                  + ", visitor.fields.<key>");
        }
      }
      this.body = body;
    }
  }

  /** The body with its variables filled in; a missing value becomes the fallback or nothing. */
  public String render(Map<String, String> values, JsonObject fields) {
    Matcher m = VARIABLE.matcher(body);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String name = m.group(1);
      String value = values.get(name);
      if (value == null && name.startsWith("visitor.fields.") && fields != null) {
        JsonValue field = fields.get(name.substring("visitor.fields.".length()));
        value = field instanceof JsonString s ? s.getString() : null;
      }
      if (value == null || value.isBlank()) {
        value = m.group(2) == null ? "" : m.group(2).strip();
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }

  public Long id() {
    return id;
  }

  public String shortcut() {
    return shortcut;
  }

  public String title() {
    return title;
  }

  public String body() {
    return body;
  }
}
