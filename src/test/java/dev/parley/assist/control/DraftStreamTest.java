package dev.parley.assist.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** AS-7: streamed drafts are read out of a JSON document cut anywhere. */
class DraftStreamTest {

  static final String DOCUMENT =
      "```json\n{\"suggestions\": [{\"text\": \"Hi! Reset it under \\\"Settings\\\" [S1].\\nThanks"
          + " \\u4f60\\u597d 😀\", \"citations\": [\"S1\"]}, {\"citations\":[], \"text\":"
          + " \"Second one\"}]}\n```";

  @Test
  void theTextsOfAWholeDocument() {
    assertEquals(
        List.of("Hi! Reset it under \"Settings\" [S1].\nThanks 你好 😀", "Second one"),
        DraftStream.texts(DOCUMENT));
    assertEquals(List.of(), DraftStream.texts("{\"suggestions\":[{\"citations\":[\"text\"]}]}"));
  }

  @Test
  void everyCutGivesAPrefixOfEachDraft() {
    List<String> whole = DraftStream.texts(DOCUMENT);
    for (int cut = 0; cut <= DOCUMENT.length(); cut++) {
      List<String> partial = DraftStream.texts(DOCUMENT.substring(0, cut));
      for (int i = 0; i < partial.size(); i++) {
        String p = partial.get(i);
        String w = whole.get(i);
        assertEquals(w.substring(0, p.length()), p, "cut at " + cut);
      }
    }
  }

  @Test
  void deltasAddUpToTheDrafts() {
    for (int step = 1; step <= 7; step++) {
      DraftStream stream = new DraftStream(0);
      Map<Integer, StringBuilder> seen = new HashMap<>();
      List<DraftStream.Delta> all = new ArrayList<>();
      for (int i = 0; i < DOCUMENT.length(); i += step) {
        all.addAll(stream.add(DOCUMENT.substring(i, Math.min(DOCUMENT.length(), i + step))));
      }
      all.addAll(stream.flush());
      for (DraftStream.Delta d : all) {
        StringBuilder text = seen.computeIfAbsent(d.index(), k -> new StringBuilder());
        assertEquals(text.length(), d.at(), "each delta starts where the last ended");
        text.append(d.text());
      }
      assertEquals(DraftStream.texts(DOCUMENT).get(0), seen.get(0).toString(), "step " + step);
      assertEquals("Second one", seen.get(1).toString(), "step " + step);
    }
  }

  @Test
  void aFastModelIsSentInFewDeltas() {
    DraftStream stream = new DraftStream(60_000);
    int sent = 0;
    for (int i = 0; i < DOCUMENT.length(); i++) {
      sent += stream.add(DOCUMENT.substring(i, i + 1)).size();
    }
    assertEquals(1, sent, "only the first piece within the interval");
    assertEquals(2, stream.flush().size(), "the rest at the end, one delta per draft");
  }

  @Test
  void aRetryStartsTheDraftsAgain() {
    DraftStream stream = new DraftStream(0);
    stream.add("{\"suggestions\":[{\"text\":\"Hel");
    assertEquals(List.of(), stream.add(null));
    List<DraftStream.Delta> again = stream.add("{\"suggestions\":[{\"text\":\"Bye");
    assertEquals(List.of(new DraftStream.Delta(0, 0, "Bye")), again);
  }
}
