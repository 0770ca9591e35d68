package dev.parley.triage.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** TR-1: the linear head learns separable topics and is unsure between them. */
class TopicClassifierTest {

  @Test
  void learnsClustersAndIsUnsureHalfway() {
    Random random = new Random(1);
    int perClass = 50;
    float[][] x = new float[perClass * 3][];
    int[] y = new int[perClass * 3];
    float[][] centers = {{1, 0, 0, 0}, {0, 1, 0, 0}, {0, 0, 1, 0}};
    for (int c = 0; c < 3; c++) {
      for (int i = 0; i < perClass; i++) {
        float[] v = centers[c].clone();
        for (int j = 0; j < v.length; j++) {
          v[j] += (float) (random.nextGaussian() * 0.15);
        }
        x[c * perClass + i] = TopicClassifier.unit(v);
        y[c * perClass + i] = c;
      }
    }
    TopicClassifier head = TopicClassifier.train(x, y, 3, TopicClassifier.Training.defaults());
    for (int c = 0; c < 3; c++) {
      TopicClassifier.Prediction p = head.predict(TopicClassifier.unit(centers[c]));
      assertEquals(c, p.topic());
      assertTrue(p.probability() > 0.9, "confident at a center: " + p);
    }
    TopicClassifier.Prediction between =
        head.predict(TopicClassifier.unit(new float[] {1, 1, 1, 0}));
    assertTrue(between.probability() < 0.6, "unsure between topics: " + between);
  }
}
