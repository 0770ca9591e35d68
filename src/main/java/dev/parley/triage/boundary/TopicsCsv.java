package dev.parley.triage.boundary;

import dev.parley.platform.errors.Invalid;
import dev.parley.triage.control.Triage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Topics from CSV (RFC 4180: quoted fields may hold commas, quotes doubled, line breaks): a header
 * row, then one example per row. {@code topic} and {@code example} are required columns; {@code
 * description}, {@code inbox}, {@code team} and {@code human_only} are read from a topic's first
 * row. Refusals name the line ({@code lines/12}, the header being line 1).
 */
final class TopicsCsv {

  private TopicsCsv() {}

  /** A parsed row and the line it started on. */
  record Row(int line, List<String> cells) {}

  /** The topics, and the lines their rows came from. */
  record Parsed(List<Triage.Definition> topics, List<List<Integer>> lines) {
    /** The line of a topic's field: its example's row, or its first row. */
    String line(int topic, String field) {
      List<Integer> rows = lines.get(topic);
      if (field.startsWith("examples/")) {
        try {
          int k = Integer.parseInt(field.substring("examples/".length()));
          if (k < rows.size()) {
            return "lines/" + rows.get(k);
          }
        } catch (NumberFormatException e) {
          // the topic's first row
        }
      }
      return "lines/" + rows.get(0);
    }
  }

  static Parsed parse(String text) {
    List<Row> rows = rows(text == null ? "" : text.replace("\ufeff", ""));
    if (rows.isEmpty()) {
      throw new Invalid("An empty CSV").field("lines/1", "a header row is required");
    }
    Map<String, Integer> columns = new LinkedHashMap<>();
    List<String> header = rows.get(0).cells();
    for (int i = 0; i < header.size(); i++) {
      columns.put(header.get(i).strip().toLowerCase(Locale.ROOT).replace(' ', '_'), i);
    }
    Invalid invalid = new Invalid("Invalid CSV");
    List<String> missing =
        List.of("topic", "example").stream().filter(c -> !columns.containsKey(c)).toList();
    if (!missing.isEmpty()) {
      throw invalid.field(
          "lines/1", "the header has no column " + String.join(" and no column ", missing));
    }
    Map<String, Topic> topics = new LinkedHashMap<>();
    for (Row row : rows.subList(1, rows.size())) {
      if (row.cells().stream().allMatch(String::isBlank)) {
        continue;
      }
      String name = cell(row, columns, "topic");
      if (name.isBlank()) {
        invalid.field("lines/" + row.line(), "no topic");
        continue;
      }
      Topic t = topics.get(name.toLowerCase(Locale.ROOT));
      if (t == null) {
        t = new Topic(name);
        t.description = cell(row, columns, "description");
        t.inbox = id(row, columns, "inbox", invalid);
        t.team = id(row, columns, "team", invalid);
        String human = cell(row, columns, "human_only").toLowerCase(Locale.ROOT);
        if (!List.of("", "true", "false", "yes", "no", "1", "0").contains(human)) {
          invalid.field("lines/" + row.line(), "human_only is true or false, not " + human);
        }
        t.humanOnly = List.of("true", "yes", "1").contains(human);
        topics.put(name.toLowerCase(Locale.ROOT), t);
      }
      t.examples.add(cell(row, columns, "example"));
      t.lines.add(row.line());
    }
    if (!invalid.fields().isEmpty()) {
      throw invalid;
    }
    return new Parsed(
        topics.values().stream()
            .map(
                t ->
                    new Triage.Definition(
                        t.inbox, t.name, t.description, t.team, t.humanOnly, t.examples))
            .toList(),
        topics.values().stream().map(t -> List.copyOf(t.lines)).toList());
  }

  private static final class Topic {
    final String name;
    String description;
    Long inbox;
    Long team;
    boolean humanOnly;
    final List<String> examples = new ArrayList<>();
    final List<Integer> lines = new ArrayList<>();

    Topic(String name) {
      this.name = name;
    }
  }

  private static String cell(Row row, Map<String, Integer> columns, String name) {
    Integer i = columns.get(name);
    return i == null || i >= row.cells().size() ? "" : row.cells().get(i);
  }

  private static Long id(Row row, Map<String, Integer> columns, String name, Invalid invalid) {
    String v = cell(row, columns, name).strip();
    if (v.isEmpty()) {
      return null;
    }
    try {
      long id = Long.parseLong(v);
      if (id > 0) {
        return id;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    invalid.field("lines/" + row.line(), name + " is an id (a positive number), not " + v);
    return null;
  }

  static List<Row> rows(String text) {
    List<Row> rows = new ArrayList<>();
    List<String> cells = new ArrayList<>();
    StringBuilder cell = new StringBuilder();
    boolean quoted = false;
    int line = 1;
    int rowLine = 1;
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (quoted) {
        if (c == '"') {
          if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
            cell.append('"');
            i++;
          } else {
            quoted = false;
          }
        } else {
          if (c == '\n') {
            line++;
          }
          cell.append(c);
        }
      } else if (c == '"' && cell.length() == 0) {
        quoted = true;
      } else if (c == ',') {
        cells.add(cell.toString());
        cell.setLength(0);
      } else if (c == '\n' || c == '\r') {
        if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
          i++;
        }
        cells.add(cell.toString());
        cell.setLength(0);
        rows.add(new Row(rowLine, List.copyOf(cells)));
        cells.clear();
        line++;
        rowLine = line;
      } else {
        cell.append(c);
      }
      i++;
    }
    if (cell.length() > 0 || !cells.isEmpty()) {
      cells.add(cell.toString());
      rows.add(new Row(rowLine, List.copyOf(cells)));
    }
    return rows;
  }
}
