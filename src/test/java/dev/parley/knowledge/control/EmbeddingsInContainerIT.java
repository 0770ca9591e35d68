package dev.parley.knowledge.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.testing.InContainer;
import jakarta.inject.Inject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The in-process embedding model loads from Liberty's shared library (native tokenizer and ONNX
 * runtime) and embeds in the container: related questions land closer than unrelated ones.
 */
@ExtendWith(ArquillianExtension.class)
class EmbeddingsInContainerIT {

  @Deployment
  static WebArchive deployment() {
    return InContainer.deployment(EmbeddingsInContainerIT.class);
  }

  @Inject Embeddings embeddings;

  private static double cosine(float[] a, float[] b) {
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int i = 0; i < a.length; i++) {
      dot += a[i] * b[i];
      na += a[i] * a[i];
      nb += b[i] * b[i];
    }
    return dot / Math.sqrt(na * nb);
  }

  @Test
  void relatedQuestionsAreCloserThanUnrelatedOnes() throws InterruptedException {
    for (int i = 0; i < 240 && !embeddings.ready(); i++) {
      Thread.sleep(250);
    }
    assertTrue(
        embeddings.ready(),
        "model not loaded: " + embeddings.failure().orElse("still loading after 60 s"));
    assertEquals(384, embeddings.dimensions());

    float[] question = embeddings.embed("How do I reset my password?");
    float[] related = embeddings.embed("I forgot my password and cannot sign in");
    float[] unrelated = embeddings.embed("Which countries do you ship furniture to?");
    assertEquals(384, question.length);
    assertTrue(
        cosine(question, related) > cosine(question, unrelated) + 0.1,
        "related " + cosine(question, related) + " vs unrelated " + cosine(question, unrelated));
  }
}
