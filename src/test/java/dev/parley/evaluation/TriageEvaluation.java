package dev.parley.evaluation;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.parley.knowledge.control.Embeddings;
import dev.parley.triage.control.TopicClassifier;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Triage on CLINC150 ("Full"), the paper's protocol: the 150 intents as topics with their train
 * utterances as examples; the out-of-scope threshold chosen on validation (val + oos_val); in-scope
 * accuracy and out-of-scope recall on test + oos_test. Uses Parley's own embedding model and
 * classifier ({@link TopicClassifier}). Not part of the test suite: {@code bench/run-evaluation}.
 */
class TriageEvaluation {

  record Split(List<String> texts, int[] labels) {}

  @Test
  void clinc150() throws Exception {
    String modelName = System.getProperty("parley.knowledge.embedding-model", Embeddings.MINILM);
    Path data =
        Path.of(
            System.getProperty("parley.datasets", "../shared/datasets"),
            "clinc150",
            "data_full.json");
    JsonObject json;
    try (Reader r = Files.newBufferedReader(data)) {
      json = Json.createReader(r).readObject();
    }
    Map<String, Integer> intents = new LinkedHashMap<>();
    Split train = split(json.getJsonArray("train"), intents, true);
    Split val = split(json.getJsonArray("val"), intents, false);
    Split test = split(json.getJsonArray("test"), intents, false);
    List<String> oosVal = texts(json.getJsonArray("oos_val"));
    List<String> oosTest = texts(json.getJsonArray("oos_test"));

    EmbeddingModel model = Embeddings.create(modelName, Runnable::run);
    float[][] xTrain = cached(model, modelName, "train", train.texts());
    float[][] xVal = cached(model, modelName, "val", val.texts());
    float[][] xOosVal = cached(model, modelName, "oos_val", oosVal);
    float[][] xTest = cached(model, modelName, "test", test.texts());
    float[][] xOosTest = cached(model, modelName, "oos_test", oosTest);

    StringBuilder report = new StringBuilder();
    report.append("## Triage: CLINC150 (Full), model ").append(modelName).append("\n\n");
    report.append(
        "| classifier | out-of-scope rule | t | s | in-scope accuracy | out-of-scope recall | val in-scope / oos |\n");
    report.append("|---|---|---|---|---|---|---|\n");

    TopicClassifier.Training training = TopicClassifier.Training.defaults();
    long trainBegin = System.nanoTime();
    TopicClassifier head = TopicClassifier.train(xTrain, train.labels(), intents.size(), training);
    double trainSeconds = (System.nanoTime() - trainBegin) / 1e9;

    // Parley's rule: out of scope unless the winning probability >= t and the nearest example of
    // the winning topic has cosine similarity >= s
    double[][] pVal = TriageSweep.predictions(head, xTrain, train.labels(), xVal);
    double[][] pOosVal = TriageSweep.predictions(head, xTrain, train.labels(), xOosVal);
    double[][] pTest = TriageSweep.predictions(head, xTrain, train.labels(), xTest);
    double[][] pOosTest = TriageSweep.predictions(head, xTrain, train.labels(), xOosTest);
    double defaultT = Double.parseDouble(System.getProperty("parley.triage.threshold", "0.5"));
    double defaultS =
        Double.parseDouble(System.getProperty("parley.triage.min-similarity", "0.45"));
    row(report, "none", 0, 0, pVal, val, pOosVal, pTest, test, pOosTest);
    row(report, "Parley's defaults", defaultT, defaultS, pVal, val, pOosVal, pTest, test, pOosTest);
    for (String rule : new String[] {"max sum on val", "max in-scope, val oos recall >= 70"}) {
      double bestScore = -1;
      double bt = 0;
      double bs = 0;
      for (double t = 0; t <= 0.951; t += 0.05) {
        for (double sim = 0; sim <= 0.901; sim += 0.05) {
          double[] v = TriageSweep.rate(pVal, val.labels(), pOosVal, t, sim);
          double score = rule.startsWith("max sum") ? v[0] + v[1] : (v[1] >= 70 ? v[0] : -1);
          if (score > bestScore) {
            bestScore = score;
            bt = t;
            bs = sim;
          }
        }
      }
      row(report, rule, bt, bs, pVal, val, pOosVal, pTest, test, pOosTest);
    }
    // the nearest-neighbour baseline in the same run
    double bestNn = 0;
    double bestNnScore = -1;
    for (double t = 0.3; t <= 0.9; t += 0.05) {
      double[] v = scoreNearest(xTrain, train.labels(), xVal, val.labels(), xOosVal, t);
      if (v[0] + v[1] > bestNnScore) {
        bestNnScore = v[0] + v[1];
        bestNn = t;
      }
    }
    double[] nn = scoreNearest(xTrain, train.labels(), xTest, test.labels(), xOosTest, bestNn);
    report.append(
        String.format(
            Locale.ROOT,
            "| nearest neighbour (baseline) | max sum on val | | %.2f | %.1f | %.1f | |%n",
            bestNn,
            nn[0],
            nn[1]));
    report.append("| BERT (paper, oos-threshold) | | | | 96.2 | 52.3 | |\n");
    report.append("| MLP (paper) | | | | 93.4 | 49.1 | |\n");
    report.append("| DialogFlow (paper) | | | | 90.8 | 26.7 | |\n");
    report.append("| Rasa (paper) | | | | 90.9 | 31.2 | |\n\n");

    // latency per message: embed + classify, warm
    int n = 500;
    long[] micros = new long[n];
    for (int i = 0; i < n; i++) {
      long t0 = System.nanoTime();
      float[] x = TopicClassifier.unit(model.embed(test.texts().get(i)).content().vector());
      head.predict(x);
      micros[i] = (System.nanoTime() - t0) / 1_000;
    }
    long[] predictOnly = new long[n];
    for (int i = 0; i < n; i++) {
      long t0 = System.nanoTime();
      head.predict(xTest[i]);
      predictOnly[i] = System.nanoTime() - t0;
    }
    java.util.Arrays.sort(micros);
    java.util.Arrays.sort(predictOnly);
    report.append(
        String.format(
            Locale.ROOT,
            "Training the head on %d examples × 150 topics: %.1f s (%d epochs). Latency per message"
                + " (embed + classify, %d test utterances, one thread): p50 %.1f ms, p95 %.1f ms, p99 %.1f ms;"
                + " the classifier alone p50 %d µs.%n",
            train.texts().size(),
            trainSeconds,
            training.epochs(),
            n,
            micros[n / 2] / 1000.0,
            micros[n * 95 / 100] / 1000.0,
            micros[n * 99 / 100] / 1000.0,
            predictOnly[n / 2] / 1000));
    Path out = Path.of("target", "evaluation", "triage-" + modelName + ".md");
    Files.createDirectories(out.getParent());
    Files.writeString(out, report.toString());
    System.getLogger("evaluation").log(System.Logger.Level.INFO, "\n" + report);
  }

  private static void row(
      StringBuilder report,
      String rule,
      double t,
      double s,
      double[][] pVal,
      Split val,
      double[][] pOosVal,
      double[][] pTest,
      Split test,
      double[][] pOosTest) {
    double[] v = TriageSweep.rate(pVal, val.labels(), pOosVal, t, s);
    double[] r = TriageSweep.rate(pTest, test.labels(), pOosTest, t, s);
    report.append(
        String.format(
            Locale.ROOT,
            "| logistic regression (Parley) | %s | %.2f | %.2f | **%.1f** | **%.1f** | %.1f / %.1f |%n",
            rule,
            t,
            s,
            r[0],
            r[1],
            v[0],
            v[1]));
  }

  static double[] scoreNearest(
      float[][] train, int[] labels, float[][] x, int[] y, float[][] oos, double t) {
    int correct = 0;
    for (int i = 0; i < x.length; i++) {
      double[] best = nearest(train, x[i]);
      if (best[1] >= t && labels[(int) best[0]] == y[i]) {
        correct++;
      }
    }
    int rejected = 0;
    for (float[] o : oos) {
      if (nearest(train, o)[1] < t) {
        rejected++;
      }
    }
    return new double[] {100.0 * correct / x.length, 100.0 * rejected / oos.length};
  }

  private static double[] nearest(float[][] train, float[] q) {
    int best = 0;
    double bestDot = -2;
    for (int i = 0; i < train.length; i++) {
      double dot = 0;
      for (int j = 0; j < q.length; j++) {
        dot += train[i][j] * q[j];
      }
      if (dot > bestDot) {
        bestDot = dot;
        best = i;
      }
    }
    return new double[] {best, bestDot};
  }

  /** Embeddings are kept in target/evaluation/cache between runs (same model, same texts). */
  static float[][] cached(EmbeddingModel model, String name, String split, List<String> texts)
      throws java.io.IOException {
    Path file =
        Path.of(
            "target", "evaluation", "cache", name + "-" + split + "-" + texts.hashCode() + ".bin");
    if (Files.exists(file)) {
      try (var in =
          new java.io.DataInputStream(
              new java.io.BufferedInputStream(Files.newInputStream(file)))) {
        int n = in.readInt();
        int d = in.readInt();
        float[][] x = new float[n][d];
        for (int i = 0; i < n; i++) {
          for (int j = 0; j < d; j++) {
            x[i][j] = in.readFloat();
          }
        }
        return x;
      }
    }
    float[][] x = embed(model, texts);
    Files.createDirectories(file.getParent());
    try (var out =
        new java.io.DataOutputStream(
            new java.io.BufferedOutputStream(Files.newOutputStream(file)))) {
      out.writeInt(x.length);
      out.writeInt(x[0].length);
      for (float[] row : x) {
        for (float f : row) {
          out.writeFloat(f);
        }
      }
    }
    return x;
  }

  private static float[][] embed(EmbeddingModel model, List<String> texts) {
    float[][] x = new float[texts.size()][];
    int batch = 256;
    for (int from = 0; from < texts.size(); from += batch) {
      List<TextSegment> part =
          texts.subList(from, Math.min(texts.size(), from + batch)).stream()
              .map(TextSegment::from)
              .toList();
      var vectors = model.embedAll(part).content();
      for (int i = 0; i < vectors.size(); i++) {
        x[from + i] = TopicClassifier.unit(vectors.get(i).vector());
      }
    }
    return x;
  }

  static Split split(JsonArray pairs, Map<String, Integer> intents, boolean define) {
    List<String> texts = new ArrayList<>();
    List<Integer> labels = new ArrayList<>();
    for (JsonArray pair : pairs.getValuesAs(JsonArray.class)) {
      String intent = pair.getString(1);
      Integer label = intents.get(intent);
      if (label == null) {
        if (!define) {
          throw new IllegalStateException("unknown intent " + intent);
        }
        label = intents.size();
        intents.put(intent, label);
      }
      texts.add(pair.getString(0));
      labels.add(label);
    }
    return new Split(texts, labels.stream().mapToInt(Integer::intValue).toArray());
  }

  static List<String> texts(JsonArray pairs) {
    List<String> texts = new ArrayList<>();
    for (JsonArray pair : pairs.getValuesAs(JsonArray.class)) {
      texts.add(pair.getString(0));
    }
    return texts;
  }
}
