package dev.parley.knowledge.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** KB-10: identifiers match however they are written. */
class IdentifiersTest {

  @Test
  void theFormsOfAnIdentifierAreOne() {
    for (String form :
        new String[] {"E-4021", "E4021", "e_4021", "E.4021", "error E 4021 again", "(E-4021)."}) {
      assertTrue(Identifiers.of(form).contains("e4021"), form + " -> " + Identifiers.of(form));
    }
    assertEquals(Set.of("px1234b"), Identifiers.of("Is the PX-1234-B in stock?"));
    assertEquals(Set.of("inv202400017"), Identifiers.of("invoice INV-2024-00017"));
    assertEquals(Set.of("5512093"), Identifiers.of("order #5512093 is late"));
    assertEquals(Set.of("v231", "231"), Identifiers.of("what changed in v2.3.1?"));
    assertEquals(Set.of("231"), Identifiers.of("release 2.3.1"));
  }

  @Test
  void wordsAndShortNumbersAreNotIdentifiers() {
    assertEquals(Set.of(), Identifiers.of("I was charged twice for 2 items in 2024, page 12"));
    assertEquals(Set.of(), Identifiers.of("version 2.3 of the app, step 4, 3.14"));
    assertEquals(Set.of(), Identifiers.of(""));
    assertEquals(
        Set.of("12345"), Identifiers.of("call in 12345"), "a word is not joined to the number");
  }

  @Test
  void chineseCharactersAreWordsOfTheirOwn() {
    assertEquals(Set.of("e4021"), Identifiers.of("同步报错E4021"));
    assertEquals(Set.of("e4021"), Identifiers.of("同步时提示错误代码 E-4021，怎么办"));
    assertEquals(Set.of("ink202400017"), Identifiers.of("发票号INK-2024-00017的退款"));
    assertEquals(Set.of(), Identifiers.of("免费版最多3人"));
  }
}
