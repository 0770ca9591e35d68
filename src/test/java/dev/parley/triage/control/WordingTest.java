package dev.parley.triage.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/** TR-1: the head reads a message's words (and Chinese characters, TR-9) beside its embedding. */
class WordingTest {

  @Test
  void wordsAreLowerCaseRunsOfLettersAndDigitsAndEachChineseCharacterIsOne() {
    assertEquals(
        List.of("error", "e", "4021", "on", "my", "ipad"),
        Wording.words("Error E-4021 on my iPad!"));
    assertEquals(List.of("快", "递", "没", "到", "order", "17"), Wording.words("快递没到，order 17"));
    assertEquals(List.of(), Wording.words(" ?! "));
  }

  @Test
  void termsAreWordsBigramsAndCharacterGrams() {
    List<String> terms = Wording.terms("快递没到");
    assertTrue(terms.contains("w:快"));
    assertTrue(terms.contains("b:快 递")); // the character bigram Chinese is searched by
    List<String> english = Wording.terms("reset password");
    assertTrue(english.contains("b:reset password"));
    assertTrue(english.contains("c:pass"));
    assertTrue(english.contains("c: res")); // the start of a word
    assertFalse(english.contains("c:passw")); // no 5-grams: words and 4-grams cover them
  }

  @Test
  void aTermSeenInOneExampleOnlyIsLeftOutAndFeaturesHaveTheirWeightAsLength() {
    Wording w =
        Wording.fit(
            List.of("refund my order", "refund please", "where is my parcel", "zebra crossing"),
            1000);
    Wording.Features f = w.features("a refund for my parcel", 0.5);
    double length = 0;
    for (float v : f.value()) {
      length += v * v;
    }
    assertEquals(0.5, Math.sqrt(length), 1e-5);
    assertEquals(0, w.features("zebra", 1).index().length); // only one example said it
    assertEquals(0, w.features("?!", 1).index().length);
    assertFalse(w.size() == 0);
  }

  @Test
  void theVocabularySurvivesItsBytes() throws Exception {
    Wording w = Wording.fit(List.of("退款 怎么 办", "我要退款", "invoice copy", "copy of invoice"), 1000);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    w.write(new DataOutputStream(bytes));
    Wording copy = Wording.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
    assertEquals(w.size(), copy.size());
    Wording.Features a = w.features("我想退款, invoice please", 1);
    Wording.Features b = copy.features("我想退款, invoice please", 1);
    assertArrayEquals(a.index(), b.index());
    assertArrayEquals(a.value(), b.value());
  }

  @Test
  void aLargeSetKeepsTheTermsMostExamplesUse() {
    List<String> texts = List.of("refund now", "refund later", "refund today", "parcel now");
    Wording few = Wording.fit(texts, 2);
    assertEquals(2, few.size());
    assertEquals(2, few.features("refund", 1).index().length); // used by three examples
    assertEquals(0, few.features("parcel now", 1).index().length); // by two or one
    assertTrue(TopicModel.maxTerms(150) >= 45_000 && TopicModel.maxTerms(1_000) == 8_000);
  }
}
