package org.xxact.eval;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.xxact.data.AtomicFiles;
import org.xxact.data.Split;
import org.xxact.data.TargetKind;
import org.xxact.data.TargetSpec;
import org.xxact.eval.embedding.KnnProbe;
import org.xxact.eval.embedding.LogisticProbe;
import org.xxact.eval.embedding.RidgeProbe;
import org.xxact.eval.embedding.Sampling;
import org.xxact.model.XxactModel;
import org.xxact.train.DataConfig;
import org.xxact.train.DatasetTrainingData;
import org.xxact.train.RunDirectory;
import org.xxact.train.RunLoader;

/**
 * Representation quality of frozen encoders (experiment 4 of the design; XxaCT-NN's claim that pretraining improves the
 * representations): for each run, and for the same architecture with random initial weights, the material embeddings
 * of training samples fit a linear probe (ridge regression, or multinomial logistic regression for a class target) and
 * a k-nearest-neighbour probe per target, scored on the test split. A probe measures what the embedding already holds;
 * nothing of the encoder is trained.
 *
 * <p>Files under the output directory: {@code models/LABEL.json} per model (a finished model is reused, so a killed
 * experiment continues where it stopped), {@code results.json}, {@code results.md} and embedding maps of the test split
 * ({@code maps/LABEL-pca-TARGET.png}, {@code maps/LABEL-tsne-TARGET.png}).
 */
public final class ProbeExperiment {
  /** Neighbours of the k-NN probe: few enough to stay local, enough to average out label noise. */
  public static final int NEIGHBOURS = 10;
  /** Label of the randomly initialised counterpart of a run. */
  public static final String RANDOM_INIT_SUFFIX = "-random-init";

  private static final int BATCH_SIZE = 128;

  /**
   * @param trainLimit training samples that fit the probes (0: the whole training split)
   * @param testLimit test samples scored (0: all)
   * @param seed seed of the random initialisation, probe folds and maps
   */
  public record Options(int trainLimit, int testLimit, long seed) {}

  private ProbeExperiment() {}

  /**
   * Runs (or completes) the experiment.
   *
   * @param runs run directories (trained or pretrained); each also gets a random-initialisation counterpart
   * @param log receives one line per step
   * @return probe scores by model label, then target, then probe ("linear", "knn"), then score name
   */
  public static Map<String, Map<String, Map<String, Map<String, Double>>>> run(
      Path outDir, Path dataset, List<Path> runs, Options options, Consumer<String> log) throws IOException {
    for (Path run : runs) {
      RunDirectory.open(run); // a wrong directory fails here, not after the earlier models' minutes of embedding
    }
    Map<String, Map<String, Map<String, Map<String, Double>>>> results = new LinkedHashMap<>();
    List<String> targetOrder = new ArrayList<>();
    List<String> labels = labels(runs);
    for (int r = 0; r < runs.size(); r++) {
      Path run = runs.get(r);
      String label = labels.get(r);
      for (boolean random : new boolean[] {false, true}) {
        String name = random ? label + RANDOM_INIT_SUFFIX : label;
        Path file = outDir.resolve("models").resolve(name + ".json");
        Map<String, Map<String, Map<String, Double>>> scores;
        if (Files.isRegularFile(file)) {
          scores = Json.MAPPER.readValue(file.toFile(), new TypeReference<>() {});
          log.accept(name + ": reused " + file);
        } else {
          log.accept(name + ": embedding and probing");
          try (XxactModel model = random ? randomInit(run, options.seed()) : RunLoader.load(run)) {
            scores = probe(model, dataset, options, outDir.resolve("maps"), name);
          }
          AtomicFiles.writeString(file, Json.MAPPER.writeValueAsString(scores));
        }
        scores.keySet().stream().filter(t -> !targetOrder.contains(t)).forEach(targetOrder::add);
        results.put(name, scores);
      }
    }
    AtomicFiles.writeString(outDir.resolve("results.json"), Json.MAPPER.writeValueAsString(results));
    table(results, targetOrder).write(outDir.resolve("results.md"));
    return results;
  }

  /**
   * A label per run: its directory name, or, where two runs share a name (".../scratch/seed1", ".../both/seed1"), the
   * names of the directory and its parent joined by "-".
   *
   * @throws IllegalArgumentException when two runs still get the same label
   */
  static List<String> labels(List<Path> runs) {
    List<Path> paths = runs.stream().map(p -> p.toAbsolutePath().normalize()).toList();
    List<String> labels = new ArrayList<>();
    for (Path p : paths) {
      String name = p.getFileName().toString();
      boolean shared = paths.stream().filter(q -> q.getFileName().toString().equals(name)).count() > 1;
      labels.add(shared && p.getParent() != null ? p.getParent().getFileName() + "-" + name : name);
    }
    if (labels.stream().distinct().count() != labels.size()) {
      throw new IllegalArgumentException("runs must have distinct directory names (or parents): " + labels);
    }
    return labels;
  }

  private static XxactModel randomInit(Path run, long seed) throws IOException {
    RunDirectory dir = RunDirectory.open(run);
    return XxactModel.create(dir.config().model(), dir.targets(), seed);
  }

  private static Map<String, Map<String, Map<String, Double>>> probe(
      XxactModel model, Path dataset, Options options, Path mapDir, String label) throws IOException {
    try (DatasetTrainingData data =
        DatasetTrainingData.open(
            dataset, model.config(), DatasetTrainingData.Options.of(List.of(), DataConfig.defaults()))) {
      EmbeddingTable train = EmbeddingTable.compute(model, data, Split.TRAIN, options.trainLimit(), BATCH_SIZE);
      EmbeddingTable test = EmbeddingTable.compute(model, data, Split.TEST, options.testLimit(), BATCH_SIZE);
      test.writeMaps(mapDir, label, label + " test", options.seed());
      Map<String, Map<String, Map<String, Double>>> out = new LinkedHashMap<>();
      for (int t = 0; t < train.targets().size(); t++) {
        TargetSpec spec = train.targets().get(t);
        int[] trainRows = known(train.values()[t]);
        int[] testRows = known(test.values()[t]);
        if (trainRows.length < RidgeProbe.DEFAULT_FOLDS || testRows.length == 0) {
          continue;
        }
        float[][] xTrain = Sampling.rows(train.vectors(), trainRows);
        float[][] xTest = Sampling.rows(test.vectors(), testRows);
        KnnProbe targetKnn = KnnProbe.of(xTrain, KnnProbe.Distance.COSINE);
        int k = Math.min(NEIGHBOURS, trainRows.length);
        Map<String, Map<String, Double>> scores = new LinkedHashMap<>();
        if (spec.kind() == TargetKind.REGRESSION) {
          double[] y = Sampling.values(train.values()[t], trainRows);
          double[] actual = Sampling.values(test.values()[t], testRows);
          double[] linear = RidgeProbe.fit(xTrain, y, options.seed()).predict(xTest);
          scores.put("linear", RegressionMetrics.of(linear, actual).values());
          scores.put("knn", RegressionMetrics.of(targetKnn.regress(xTest, y, k), actual).values());
        } else {
          int classes = spec.numClasses();
          int[] y = classes(train.values()[t], trainRows);
          int[] actual = classes(test.values()[t], testRows);
          int[] linear = LogisticProbe.fit(xTrain, y, classes, options.seed()).predict(xTest);
          scores.put("linear", ClassificationMetrics.of(linear, actual, classes, null).values());
          scores.put("knn", ClassificationMetrics.of(targetKnn.classify(xTest, y, classes, k), actual, classes, null)
              .values());
        }
        out.put(spec.name(), scores);
      }
      return out;
    }
  }

  /** Rows: models; columns: per target, the linear and k-NN probe's MAE (regression) or accuracy (classes). */
  static MarkdownTable table(Map<String, Map<String, Map<String, Map<String, Double>>>> results, List<String> targets) {
    List<String> header = new ArrayList<>(List.of("model"));
    List<String[]> columns = new ArrayList<>();
    for (String target : targets) {
      String score = null;
      for (Map<String, Map<String, Map<String, Double>>> model : results.values()) {
        Map<String, Map<String, Double>> s = model.get(target);
        if (s != null) {
          score = s.get("linear").containsKey("mae") ? "mae" : "accuracy";
        }
      }
      for (String probe : List.of("linear", "knn")) {
        header.add(target + " " + probe + " " + score);
        columns.add(new String[] {target, probe, score});
      }
    }
    MarkdownTable table = new MarkdownTable(header);
    results.forEach(
        (label, scores) -> {
          List<String> cells = new ArrayList<>(List.of(label));
          for (String[] c : columns) {
            Map<String, Map<String, Double>> s = scores.get(c[0]);
            Double v = s == null ? null : s.get(c[1]).get(c[2]);
            cells.add(v == null ? MarkdownTable.NOT_AVAILABLE : MarkdownTable.format(v, 4));
          }
          table.row(cells);
        });
    return table;
  }

  private static int[] known(double[] v) {
    return java.util.stream.IntStream.range(0, v.length).filter(i -> !Double.isNaN(v[i])).toArray();
  }

  private static int[] classes(double[] v, int[] idx) {
    int[] out = new int[idx.length];
    for (int i = 0; i < idx.length; i++) {
      out[i] = (int) v[idx[i]];
    }
    return out;
  }
}
