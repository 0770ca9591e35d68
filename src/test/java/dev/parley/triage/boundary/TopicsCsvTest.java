package dev.parley.triage.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.platform.errors.Invalid;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** TR-8: topics and examples from CSV, refusals by line. */
class TopicsCsvTest {

  @Test
  void quotedCellsHoldCommasQuotesAndLineBreaks() {
    TopicsCsv.Parsed p =
        TopicsCsv.parse(
            "\ufeffTopic,Example,Human only\r\n"
                + "Billing,\"charged twice, why?\",yes\r\n"
                + "Billing,\"the \"\"premium\"\" plan\n costs too much\",\r\n"
                + "\r\n"
                + "Shipping,where is my parcel,no\n");
    assertEquals(2, p.topics().size());
    assertEquals("Billing", p.topics().get(0).name());
    assertTrue(p.topics().get(0).humanOnly());
    assertEquals(
        List.of("charged twice, why?", "the \"premium\" plan\n costs too much"),
        p.topics().get(0).examples());
    assertFalse(p.topics().get(1).humanOnly());
    assertEquals("lines/3", p.line(0, "examples/1"), "the row's first line");
    assertEquals("lines/6", p.line(1, "examples/0"), "after a quoted line break and a blank row");
    assertEquals("lines/2", p.line(0, "name"));
  }

  @Test
  void aMissingColumnOrBadCellIsNamedByLine() {
    Invalid header = assertThrows(Invalid.class, () -> TopicsCsv.parse("name,text\na,b\n"));
    assertTrue(header.fields().get("lines/1").contains("topic"), header.fields().toString());
    Invalid cells =
        assertThrows(
            Invalid.class,
            () -> TopicsCsv.parse("topic,example,team,human_only\nA,x,abc,\n,y,,\nB,z,,maybe\n"));
    assertEquals(
        Map.of(
            "lines/2", "team is an id (a positive number), not abc",
            "lines/3", "no topic",
            "lines/4", "human_only is true or false, not maybe"),
        cells.fields());
  }
}
