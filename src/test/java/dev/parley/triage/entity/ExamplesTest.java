package dev.parley.triage.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.parley.platform.errors.Invalid;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** TR-8: examples are checked one by one; nothing changes silently. */
class ExamplesTest {

  @Test
  void repairsAndDuplicatesAreReportedByPosition() {
    Examples e =
        Examples.of(
            List.of("Where is my parcel", " track it\t", "line\r\nbreak", "WHERE IS  my parcel"));
    assertEquals(List.of("Where is my parcel", "track it", "line break"), e.kept());
    assertEquals(
        List.of(
            new Examples.Note(1, "normalized", "leading or trailing spaces trimmed"),
            new Examples.Note(
                2, "normalized", "line breaks, tabs or repeated spaces replaced by one space"),
            new Examples.Note(3, "dropped", "duplicate of #/examples/0")),
        e.notes());
    assertEquals("#/examples/3", e.notes().get(2).pointer());
  }

  @Test
  void unusableExamplesAreRefusedEachAtItsPointer() {
    Invalid invalid =
        assertThrows(
            Invalid.class,
            () -> Examples.of(Arrays.asList("fine", "", null, "x".repeat(501), "?!", "中文 可以")));
    assertEquals(
        Map.of(
            "examples/1", "is blank",
            "examples/2", "is null; an example is a text",
            "examples/3", "has 501 characters; at most 500",
            "examples/4", "has no words"),
        invalid.fields());
  }

  @Test
  void chineseAndFullWidthSpacesAreWords() {
    assertEquals(List.of("我的 包裹 在哪里"), Examples.of(List.of("我的\u3000包裹 在哪里")).kept());
  }
}
