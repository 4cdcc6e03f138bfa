package org.xxact.eval;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import org.xxact.data.AtomicFiles;
import org.xxact.data.CsvText;
import org.xxact.data.Batch;
import org.xxact.data.DatasetLoader;
import org.xxact.data.Split;
import org.xxact.data.TargetKind;
import org.xxact.data.TargetSpec;
import org.xxact.eval.embedding.Pca;
import org.xxact.eval.embedding.Sampling;
import org.xxact.eval.embedding.Tsne;
import org.xxact.eval.plot.EmbeddingPlots;
import org.xxact.model.XxactModel;
import org.xxact.train.DatasetTrainingData;

/**
 * The frozen material embeddings of one split of a dataset (what a model's heads read), with each sample's id and
 * target values in physical units: the input of linear and k-NN probes and of embedding maps.
 *
 * @param ids sample ids, in split order
 * @param split the split
 * @param vectors [n][d] embeddings
 * @param targets the dataset's targets
 * @param values [target][n] physical value, or the class index of a class target; NaN where unknown
 */
public record EmbeddingTable(
    List<String> ids, Split split, float[][] vectors, List<TargetSpec> targets, double[][] values) {

  /** Points of a t-SNE map at most (exact t-SNE is quadratic in the points). */
  public static final int MAP_POINTS = 3000;

  /**
   * A small set gets perplexity (n - 1) / 3 instead of 30: t-SNE needs a perplexity below n - 1, and a third of the
   * points keeps each neighbourhood well inside the set (van der Maaten's rule of thumb).
   */
  private static final double PERPLEXITY_POINTS_RATIO = 3.0;

  /**
   * Embeds the first {@code limit} samples of {@code split} (0: all) in split order, without augmentation.
   *
   * @param data the dataset, opened for the model's grid and with every target
   */
  public static EmbeddingTable compute(XxactModel model, DatasetTrainingData data, Split split, int limit, int batchSize) {
    List<String> ids = new ArrayList<>();
    List<float[]> vectors = new ArrayList<>();
    List<TargetSpec> specs = data.targets();
    List<double[]> rows = new ArrayList<>();
    int d = model.config().dModel();
    try (DatasetLoader loader = data.evaluationLoader(split, batchSize)) {
      Iterator<Batch> batches = loader.epoch(0);
      while (batches.hasNext() && (limit == 0 || ids.size() < limit)) {
        Batch batch = batches.next();
        float[] embedded = model.embed(batch);
        for (int i = 0; i < batch.size() && (limit == 0 || ids.size() < limit); i++) {
          ids.add(data.dataset().id(batch.indices()[i]));
          float[] v = new float[d];
          System.arraycopy(embedded, i * d, v, 0, d);
          vectors.add(v);
          double[] row = new double[specs.size()];
          for (int t = 0; t < specs.size(); t++) {
            int k = i * batch.numTargets() + t;
            TargetSpec spec = specs.get(t);
            double raw = batch.targets()[k];
            row[t] =
                batch.targetMask()[k] == 0
                    ? Double.NaN
                    : spec.kind() == TargetKind.REGRESSION ? raw * spec.std() + spec.mean() : raw;
          }
          rows.add(row);
        }
      }
    }
    double[][] values = new double[specs.size()][rows.size()];
    for (int i = 0; i < rows.size(); i++) {
      for (int t = 0; t < specs.size(); t++) {
        values[t][i] = rows.get(i)[t];
      }
    }
    return new EmbeddingTable(List.copyOf(ids), split, vectors.toArray(new float[0][]), specs, values);
  }

  /** Samples. */
  public int size() {
    return ids.size();
  }

  /** Writes {@code id,split,v0,...,v(d-1)}, one row per sample, atomically. */
  public void writeCsv(Path file) throws IOException {
    StringBuilder sb = new StringBuilder("id,split");
    int d = vectors.length == 0 ? 0 : vectors[0].length;
    for (int j = 0; j < d; j++) {
      sb.append(",v").append(j);
    }
    sb.append('\n');
    for (int i = 0; i < ids.size(); i++) {
      sb.append(CsvText.field(ids.get(i))).append(',').append(split.label());
      for (float v : vectors[i]) {
        sb.append(',').append(v);
      }
      sb.append('\n');
    }
    AtomicFiles.writeString(file, sb.toString());
  }

  /**
   * Embedding maps: PCA and t-SNE (of at most {@value #MAP_POINTS} samples drawn with {@code seed}) coloured by each
   * target, as {@code PREFIX-pca-TARGET.png} and {@code PREFIX-tsne-TARGET.png}.
   *
   * @return the files written
   */
  public List<Path> writeMaps(Path dir, String prefix, String title, long seed) throws IOException {
    int[] chosen = Sampling.subset(size(), Math.min(size(), MAP_POINTS), seed);
    float[][] x = Sampling.rows(vectors, chosen);
    double[][] pca = Pca.fit(x, 2).project(x);
    Tsne.Options defaults = Tsne.Options.defaults(seed);
    double perplexity = Math.min(defaults.perplexity(), (x.length - 1) / PERPLEXITY_POINTS_RATIO);
    double[][] tsne =
        Tsne.embed(
                x, new Tsne.Options(perplexity, defaults.iterations(), defaults.pcaDimensions(), true, seed))
            .coordinates();
    List<Path> written = new ArrayList<>();
    for (int t = 0; t < targets.size(); t++) {
      TargetSpec spec = targets.get(t);
      double[] v = Sampling.values(values[t], chosen);
      for (String method : List.of("pca", "tsne")) {
        double[][] xy = method.equals("pca") ? pca : tsne;
        Path file = dir.resolve(prefix + "-" + method + "-" + spec.name() + ".png");
        String name = String.format(Locale.ROOT, "%s: %s coloured by %s", title, method.toUpperCase(Locale.ROOT), spec.name());
        if (spec.kind() == TargetKind.CLASSIFICATION) {
          List<Integer> known = new ArrayList<>();
          for (int i = 0; i < v.length; i++) {
            if (!Double.isNaN(v[i])) {
              known.add(i);
            }
          }
          double[][] knownXy = new double[known.size()][];
          int[] classes = new int[known.size()];
          for (int k = 0; k < known.size(); k++) {
            knownXy[k] = xy[known.get(k)];
            classes[k] = (int) v[known.get(k)];
          }
          EmbeddingPlots.byClass(file, name, knownXy, classes, spec.classNames());
        } else {
          String label = spec.unit().isEmpty() ? spec.name() : spec.name() + " (" + spec.unit() + ")";
          EmbeddingPlots.byValue(file, name, xy, v, label);
        }
        written.add(file);
      }
    }
    return written;
  }
}
