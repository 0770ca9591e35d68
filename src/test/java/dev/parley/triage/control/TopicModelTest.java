package dev.parley.triage.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** TR-6: the out-of-scope rule is fitted to each topic set; TR-7: classify shows its work. */
class TopicModelTest {

  static final TopicModel.Rule PRIOR = new TopicModel.Rule(0.5, 0.45);

  static TopicModel.Options options(double target) {
    return new TopicModel.Options(
        target,
        0.2,
        PRIOR,
        new TopicModel.Rule(0.0, 0.30),
        new TopicModel.Rule(0.6, 0.75),
        TopicClassifier.Training.defaults());
  }

  /** Topics as noisy clusters around random directions of a 32-dimensional space. */
  record Clusters(float[][] x, int[] y, float[][] centers) {}

  static Clusters clusters(int topics, int perTopic, double noise, long seed) {
    Random random = new Random(seed);
    int d = 32;
    float[][] centers = new float[topics][];
    for (int c = 0; c < topics; c++) {
      float[] v = new float[d];
      for (int j = 0; j < d; j++) {
        v[j] = (float) random.nextGaussian();
      }
      centers[c] = TopicClassifier.unit(v);
    }
    float[][] x = new float[topics * perTopic][];
    int[] y = new int[topics * perTopic];
    for (int c = 0; c < topics; c++) {
      for (int i = 0; i < perTopic; i++) {
        float[] v = centers[c].clone();
        for (int j = 0; j < d; j++) {
          v[j] += (float) (random.nextGaussian() * noise);
        }
        x[c * perTopic + i] = TopicClassifier.unit(v);
        y[c * perTopic + i] = c;
      }
    }
    return new Clusters(x, y, centers);
  }

  @Test
  void theFittedRuleKeepsTheTargetShareOfHeldOutMessagesAndAdaptsToTheSet() {
    List<String> phases = new ArrayList<>();
    Clusters tight = clusters(8, 60, 0.12, 1);
    TopicModel.Trained a =
        TopicModel.fit(tight.x(), tight.y(), 8, options(0.97), (p, done, total) -> phases.add(p));
    assertEquals(8 * 12, a.fit().heldOut(), "a fifth of each topic held out");
    assertTrue(a.fit().keptInScope() >= 0.95 * a.fit().heldOut(), "about 97% kept: " + a.fit());
    assertTrue(phases.contains("training"));
    assertTrue(a.fit().accuracy() > 0.95, a.fit().toString());

    // looser topics: the similarity floor the set needs is lower than the tight set's
    Clusters loose = clusters(8, 60, 0.35, 1);
    TopicModel.Trained b = TopicModel.fit(loose.x(), loose.y(), 8, options(0.97), (p, d, t) -> {});
    assertTrue(
        b.fit().rule().minSimilarity() < a.fit().rule().minSimilarity(),
        "adapts: " + a.fit().rule() + " vs " + b.fit().rule());
    TopicModel.Rule r = b.fit().rule();
    assertTrue(r.minSimilarity() >= 0.30 && r.minSimilarity() <= 0.75, "within bounds: " + r);
    assertTrue(r.minProbability() >= 0.0 && r.minProbability() <= 0.6, "within bounds: " + r);

    // a higher target keeps more: its floor is not above the lower target's
    TopicModel.Trained c = TopicModel.fit(loose.x(), loose.y(), 8, options(0.99), (p, d, t) -> {});
    assertTrue(c.fit().rule().minSimilarity() <= r.minSimilarity(), c.fit().rule() + " " + r);
  }

  @Test
  void withFewExamplesTheRuleStaysNearThePrior() {
    Clusters few = clusters(3, 5, 0.35, 2);
    TopicModel.Trained t = TopicModel.fit(few.x(), few.y(), 3, options(0.97), (p, d, n) -> {});
    assertEquals(3, t.fit().heldOut());
    double s = t.fit().rule().minSimilarity();
    double measured = t.fit().measured().minSimilarity();
    // 3 held-out messages against a prior weight of 34: at most a tenth of the way to the measure
    assertTrue(
        Math.abs(s - PRIOR.minSimilarity())
            <= Math.abs(measured - PRIOR.minSimilarity()) * 0.1 + 1e-9,
        "shrunk towards the prior: " + t.fit());
  }

  @Test
  void classifyShowsTheTopThreeAndWhyAMessageIsOutOfScope() {
    Clusters set = clusters(5, 40, 0.15, 3);
    TopicModel m = TopicModel.fit(set.x(), set.y(), 5, options(0.97), (p, d, t) -> {}).model();
    TopicModel.Verdict in = m.classify(set.centers()[2], m.rule());
    assertFalse(in.outOfScope());
    assertEquals(TopicModel.Reason.IN_SCOPE, in.reason());
    assertEquals(2, in.best().topic());
    assertEquals(3, in.top().size());
    assertTrue(in.top().get(0).probability() >= in.top().get(1).probability());
    assertTrue(in.top().get(1).probability() >= in.top().get(2).probability());

    float[] elsewhere = new float[32];
    elsewhere[0] = 1; // a direction no topic is near
    TopicModel.Verdict out =
        m.classify(TopicClassifier.unit(elsewhere), new TopicModel.Rule(0, 0.9));
    assertTrue(out.outOfScope());
    assertEquals(TopicModel.Reason.FAR_FROM_EXAMPLES, out.reason());
    assertEquals(3, out.top().size(), "candidates even when out of scope");

    TopicModel.Verdict unsure = m.classify(set.centers()[2], new TopicModel.Rule(1.01, 0));
    assertEquals(TopicModel.Reason.LOW_PROBABILITY, unsure.reason());
  }

  @Test
  void oneTopicAloneCanStillSayNoneOfThese() {
    Clusters one = clusters(1, 10, 0.1, 4);
    TopicModel m = TopicModel.fit(one.x(), one.y(), 1, options(0.97), (p, d, t) -> {}).model();
    assertEquals(1, m.classify(one.centers()[0], m.rule()).top().size());
    assertFalse(m.classify(one.centers()[0], m.rule()).outOfScope());
    float[] opposite = one.centers()[0].clone();
    for (int j = 0; j < opposite.length; j++) {
      opposite[j] = -opposite[j];
    }
    assertTrue(m.classify(opposite, m.rule()).outOfScope());
  }

  @Test
  void aModelSurvivesItsBytesUnchanged() {
    Clusters set = clusters(4, 20, 0.2, 5);
    TopicModel m = TopicModel.fit(set.x(), set.y(), 4, options(0.97), (p, d, t) -> {}).model();
    TopicModel copy = TopicModel.of(m.bytes());
    assertEquals(m.rule(), copy.rule());
    assertEquals(m.examples(), copy.examples());
    assertArrayEquals(m.example(7), copy.example(7));
    for (float[] x : set.x()) {
      assertEquals(m.classify(x, m.rule()), copy.classify(x, copy.rule()));
    }
  }

  @Test
  void theScoringVariantsClassifyTooAndSurviveTheirBytes() {
    Clusters set = clusters(4, 20, 0.2, 6);
    TopicModel.Options plain = options(0.97);
    for (TopicModel.Scoring scoring :
        List.of(
            new TopicModel.Scoring(0.5, 0.05, TopicModel.Floor.NEAREST),
            new TopicModel.Scoring(0, 0.05, TopicModel.Floor.CENTROID))) {
      TopicModel.Options o = plain.withScoring(scoring);
      TopicModel m = TopicModel.fit(set.x(), set.y(), 4, o, (p, d, t) -> {}).model();
      TopicModel.Verdict v = m.classify(set.centers()[1], m.rule());
      assertEquals(1, v.best().topic(), scoring.toString());
      assertFalse(v.outOfScope(), scoring.toString());
      TopicModel copy = TopicModel.of(m.bytes());
      assertEquals(scoring, copy.scoring());
      assertEquals(v, copy.classify(set.centers()[1], copy.rule()));
    }
  }

  @Test
  void quantilesSpendAThirdOfTheShareOnProbabilityAndTheRestOnSimilarity() {
    double[] p = new double[100];
    double[] s = new double[100];
    for (int i = 0; i < 100; i++) {
      p[i] = i / 100.0;
      s[i] = (99 - i) / 100.0; // the least probable are the most similar: independent rejections
    }
    TopicModel.Rule r = TopicModel.quantiles(p, s, 0.06);
    assertEquals(0.02, r.minProbability(), 1e-9); // 2 of 100 below
    int rejected = 0;
    for (int i = 0; i < 100; i++) {
      rejected += p[i] < r.minProbability() || s[i] < r.minSimilarity() ? 1 : 0;
    }
    assertEquals(6, rejected);
  }

  /**
   * Topics whose messages read alike to the embedding model (every vector from one cloud) but use
   * their own words: an order code, a product, a place.
   */
  record Worded(float[][] x, List<String> texts, int[] y) {}

  static final String[][] WORDS = {
    {"refund", "money back", "charged twice"},
    {"parcel", "courier", "tracking number"},
    {"password", "log in", "locked out"},
    {"invoice", "VAT number", "receipt"}
  };

  static Worded worded(int perTopic, long seed) {
    Random random = new Random(seed);
    String[] fillers = {"hello", "please help", "I have a question about", "quick one:", "hi,"};
    Clusters cloud = clusters(1, WORDS.length * perTopic, 0.3, seed);
    List<String> texts = new ArrayList<>();
    int[] y = new int[WORDS.length * perTopic];
    for (int c = 0; c < WORDS.length; c++) {
      for (int i = 0; i < perTopic; i++) {
        String[] w = WORDS[c];
        texts.add(
            fillers[random.nextInt(fillers.length)]
                + " "
                + w[random.nextInt(w.length)]
                + " "
                + fillers[random.nextInt(fillers.length)]);
        y[c * perTopic + i] = c;
      }
    }
    return new Worded(cloud.x(), texts, y);
  }

  @Test
  void theHeadReadsTheMessagesWordsBesideTheirEmbeddings() {
    Worded set = worded(30, 8);
    Worded unseen = worded(10, 9);
    TopicModel.Options o = options(0.97).withWords(0.5);
    TopicModel words = TopicModel.fit(set.x(), set.texts(), set.y(), 4, o, (p, d, t) -> {}).model();
    TopicModel blind =
        TopicModel.fit(set.x(), set.texts(), set.y(), 4, options(0.97), (p, d, t) -> {}).model();
    assertTrue(words.readsWords());
    assertFalse(blind.readsWords());
    int right = 0;
    int blindRight = 0;
    for (int i = 0; i < unseen.y().length; i++) {
      right +=
          words.classify(unseen.x()[i], unseen.texts().get(i), words.rule()).best().topic()
                  == unseen.y()[i]
              ? 1
              : 0;
      blindRight +=
          blind.classify(unseen.x()[i], unseen.texts().get(i), blind.rule()).best().topic()
                  == unseen.y()[i]
              ? 1
              : 0;
    }
    assertTrue(right >= 38, right + " of 40 with words"); // the words tell the topics apart
    assertTrue(blindRight <= 20, blindRight + " of 40 without"); // the vectors alone cannot

    // the words and their weights survive the model's bytes
    TopicModel copy = TopicModel.of(words.bytes());
    assertTrue(copy.readsWords());
    for (int i = 0; i < unseen.y().length; i++) {
      assertEquals(
          words.classify(unseen.x()[i], unseen.texts().get(i), words.rule()),
          copy.classify(unseen.x()[i], unseen.texts().get(i), copy.rule()));
    }
    // no text (an older caller): the embeddings alone still classify
    assertEquals(3, words.classify(set.x()[0], null, words.rule()).top().size());
  }

  @Test
  void aModelStoredBeforeTheWordsStillReads() {
    Clusters set = clusters(4, 20, 0.2, 10);
    TopicModel m = TopicModel.fit(set.x(), set.y(), 4, options(0.97), (p, d, t) -> {}).model();
    byte[] bytes = m.bytes();
    TopicModel old = TopicModel.of(Arrays.copyOf(bytes, bytes.length - 1)); // no words' flag
    assertFalse(old.readsWords());
    assertEquals(
        m.classify(set.x()[3], m.rule()), old.classify(set.x()[3], "any words", old.rule()));
  }
}
