package dev.parley.ticket.entity;

import dev.parley.platform.errors.Invalid;
import jakarta.json.JsonNumber;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
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
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * An admin-defined ticket field: a key, a label, a type (text, number, date, dropdown, checkbox),
 * the options of a dropdown, and whether it must be filled before a ticket is solved. The field
 * checks the values given for it.
 */
@Entity
@Table(name = "ticket_field")
@NamedQuery(name = TicketField.ALL, query = "SELECT f FROM TicketField f ORDER BY f.key")
@NamedQuery(name = TicketField.BY_KEY, query = "SELECT f FROM TicketField f WHERE f.key = :key")
public class TicketField {

  public static final String ALL = "TicketField.all";
  public static final String BY_KEY = "TicketField.byKey";
  private static final Pattern KEY = Pattern.compile("[a-z][a-z0-9_]{0,63}");

  @Id
  @SequenceGenerator(
      name = "ticket_field_seq",
      sequenceName = "ticket_field_seq",
      allocationSize = 50)
  @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "ticket_field_seq")
  private Long id;

  @Column(name = "field_key", nullable = false, updatable = false)
  private String key;

  @Column(nullable = false)
  private String label;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false, updatable = false)
  private FieldType type;

  /** Dropdown options, one per line. */
  @Column(nullable = false)
  private String options;

  @Column(name = "required_to_solve", nullable = false)
  private boolean requiredToSolve;

  @Column(nullable = false)
  private boolean active;

  @Column(name = "created_at", nullable = false)
  private OffsetDateTime createdAt;

  @Version private long version;

  protected TicketField() {}

  public TicketField(String key, String label, FieldType type, List<String> options) {
    if (key == null || !KEY.matcher(key).matches()) {
      throw new Invalid("key is invalid")
          .field("key", "lower-case letters, digits and _, starting with a letter, at most 64");
    }
    this.key = key;
    this.type = type;
    this.active = true;
    this.createdAt = OffsetDateTime.now(ZoneOffset.UTC);
    relabel(label);
    changeOptions(options);
  }

  public void relabel(String label) {
    if (label == null || label.isBlank() || label.length() > 200) {
      throw new Invalid("label is required").field("label", "is required, 1 to 200 characters");
    }
    this.label = label.strip();
  }

  public void changeOptions(List<String> options) {
    List<String> clean = options == null ? List.of() : options.stream().map(String::strip).toList();
    if (type == FieldType.DROPDOWN
        && (clean.isEmpty() || clean.stream().anyMatch(o -> o.isEmpty() || o.contains("\n")))) {
      throw new Invalid("a dropdown needs options")
          .field("options", "a dropdown needs one or more non-empty options");
    }
    if (type != FieldType.DROPDOWN && !clean.isEmpty()) {
      throw new Invalid("only dropdowns have options").field("options", "only for dropdowns");
    }
    this.options = String.join("\n", clean);
  }

  public void requireToSolve(boolean required) {
    this.requiredToSolve = required;
  }

  public void activate(boolean active) {
    this.active = active;
  }

  /**
   * Checks a value given for this field; {@code null} clears it.
   *
   * @return why the value is wrong, or null when it is fine
   */
  public String problemWith(JsonValue value) {
    if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
      return null;
    }
    return switch (type) {
      case TEXT ->
          value instanceof JsonString s && s.getString().length() <= 4000
              ? null
              : "must be text of at most 4000 characters";
      case NUMBER -> value instanceof JsonNumber ? null : "must be a number";
      case CHECKBOX ->
          value == JsonValue.TRUE || value == JsonValue.FALSE ? null : "must be true or false";
      case DATE -> {
        try {
          LocalDate.parse(((JsonString) value).getString());
          yield null;
        } catch (ClassCastException | DateTimeParseException e) {
          yield "must be a date like 2026-12-31";
        }
      }
      case DROPDOWN ->
          value instanceof JsonString s && options().contains(s.getString())
              ? null
              : "must be one of " + options();
    };
  }

  public Long id() {
    return id;
  }

  public String key() {
    return key;
  }

  public String label() {
    return label;
  }

  public FieldType type() {
    return type;
  }

  public List<String> options() {
    return options.isEmpty() ? List.of() : Arrays.asList(options.split("\n"));
  }

  public boolean requiredToSolve() {
    return requiredToSolve;
  }

  public boolean active() {
    return active;
  }
}
