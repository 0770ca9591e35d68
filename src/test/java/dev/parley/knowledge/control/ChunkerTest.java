package dev.parley.knowledge.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** KB-5: heading-aware chunks with overlap, anchors, and hashes that change only with content. */
class ChunkerTest {

  private final Chunker chunker = new Chunker(10, 3);

  @Test
  void sectionsBecomeChunksWithTheirHeadingsAnchorsAndTitle() {
    List<Chunker.Chunk> chunks =
        chunker.chunk(
            "Refunds",
            "Intro words here.\n\n## Damaged parcels\nSend a photo.\n\n### What's covered?\nGlass.");
    assertEquals(3, chunks.size());
    assertEquals("", chunks.get(0).anchor());
    assertEquals("damaged-parcels", chunks.get(1).anchor());
    assertEquals("whats-covered", chunks.get(2).anchor());
    assertEquals("Refunds › Damaged parcels\nSend a photo.", chunks.get(1).embedded());
  }

  @Test
  void longSectionsAreWindowedWithOverlap() {
    String words = "w1 w2 w3 w4 w5 w6 w7 w8 w9 w10 w11 w12 w13 w14 w15 w16";
    List<Chunker.Chunk> chunks = chunker.chunk("T", words);
    assertEquals(2, chunks.size());
    assertEquals("w1 w2 w3 w4 w5 w6 w7 w8 w9 w10", chunks.get(0).text());
    assertTrue(chunks.get(1).text().startsWith("w8 w9 w10 w11"), chunks.get(1).text());
  }

  @Test
  void headingsInCodeFencesAreNotSectionsAndRepeatedAnchorsAreNumbered() {
    List<Chunker.Chunk> chunks =
        chunker.chunk("T", "## Setup\na\n```\n# not a heading\n```\n## Setup\nb");
    assertEquals(2, chunks.size());
    assertEquals("setup", chunks.get(0).anchor());
    assertEquals("setup-1", chunks.get(1).anchor());
  }

  @Test
  void theHashChangesWithTheTextAndTheModelOnly() {
    Chunker.Chunk a = chunker.chunk("T", "same words").get(0);
    Chunker.Chunk b = chunker.chunk("T", "same words").get(0);
    assertEquals(a.hash("m1"), b.hash("m1"));
    assertNotEquals(a.hash("m1"), a.hash("m2"));
    assertNotEquals(a.hash("m1"), chunker.chunk("T", "other words").get(0).hash("m1"));
  }

  @Test
  void markupIsReducedToWordsAndATitleOnlyArticleIsStillAChunk() {
    assertEquals(
        "see the guide now",
        chunker.chunk("T", "see **the** [guide](http://x) `now`").get(0).text());
    assertEquals(1, chunker.chunk("Only a title", "").size());
  }

  @Test
  void wrongSizesAreRefusedNamingTheSetting() {
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> new Chunker(5, 0))
            .getMessage()
            .contains("parley.knowledge.chunk-words"));
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> new Chunker(20, 20))
            .getMessage()
            .contains("parley.knowledge.chunk-overlap"));
  }

  @Test
  void aTitleChunkEmbedsTheTitleAloneAndShowsTheFirstWords() {
    List<Chunker.Chunk> chunks =
        new Chunker(10, 3, true).chunk("How do refunds work?", "Within 30 days.");
    assertEquals(2, chunks.size());
    assertEquals("How do refunds work?", chunks.get(0).embedded());
    assertEquals("Within 30 days.", chunks.get(0).text());
    assertEquals(1, chunks.get(1).ordinal());
  }
}
