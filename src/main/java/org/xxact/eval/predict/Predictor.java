package org.xxact.eval.predict;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.xxact.crystal.Composition;
import org.xxact.data.Augmentation;
import org.xxact.data.Batch;
import org.xxact.data.InferenceInputs;
import org.xxact.data.RenderSettings;
import org.xxact.data.TargetKind;
import org.xxact.data.TargetSpec;
import org.xxact.model.ModelConfig;
import org.xxact.model.PropertyModel;
import org.xxact.model.TargetPrediction;
import org.xxact.train.ModelDirectory;
import org.xxact.xrd.PatternGrid;
import org.xxact.xrd.Radiation;
import org.xxact.xrd.io.BackgroundMethod;
import org.xxact.xrd.io.GridSpec;
import org.xxact.xrd.io.PreprocessingConfig;

/**
 * A trained model ready for prediction: it knows the grid its XRD encoder reads (from the model's configuration: Cu
 * K-alpha, the configured 2-theta range and point count), how measured patterns are put on it ({@link
 * #preprocessing}), how simulated patterns are rendered on it ({@link #renderSettings}), and turns head outputs into
 * {@link Prediction}s in physical units: value and standard deviation for regression targets, every class's
 * probability for classification targets (of which the most probable are reported, {@link TargetValue#topClasses}).
 *
 * <p>A model directory is a training run directory, a committed model directory with the same files
 * ({@code config.json}, {@code targets.json}, {@code checkpoints/best.ckpt}), or an ensemble of them, read by
 * {@link ModelDirectory}.
 */
public final class Predictor implements AutoCloseable {
  /** Samples per forward pass: bounds memory for a long batch file without slowing short ones. */
  private static final int BATCH_SIZE = 64;

  private final Path directory;
  private final PropertyModel model;

  private Predictor(Path directory, PropertyModel model) {
    this.directory = directory;
    this.model = model;
  }

  /**
   * Loads the model of a run or model directory.
   *
   * @throws org.xxact.crystal.InputException when the directory holds no model, or one without prediction heads
   */
  public static Predictor open(Path modelDirectory) throws IOException {
    return new Predictor(modelDirectory, ModelDirectory.open(modelDirectory).load());
  }

  public Path directory() {
    return directory;
  }

  public ModelConfig config() {
    return model.config();
  }

  public List<TargetSpec> targets() {
    return model.targets();
  }

  /** Whether the model reads the composition (composition and fused models): inputs must then have one. */
  public boolean needsComposition() {
    return model.config().modality().usesComposition();
  }

  /** The grid of the model's XRD encoder: Cu K-alpha over the configured 2-theta range. */
  public GridSpec grid() {
    return gridOf(model.config());
  }

  /** The grid the XRD encoder of a model of configuration {@code c} reads. */
  public static GridSpec gridOf(ModelConfig c) {
    return new GridSpec(Radiation.CU_KA, new PatternGrid(c.twoThetaMinDeg(), c.twoThetaMaxDeg(), c.gridPoints()));
  }

  /**
   * How measured patterns are put on the model's grid: the defaults of {@link PreprocessingConfig#DEFAULT} on this
   * model's grid, with or without background removal and K-alpha2 stripping.
   */
  public PreprocessingConfig preprocessing(boolean removeBackground, boolean stripKAlpha2) {
    PreprocessingConfig d = PreprocessingConfig.DEFAULT.withGrid(grid()).withKAlpha2Stripping(stripKAlpha2);
    return removeBackground ? d : d.withBackground(BackgroundMethod.NONE, d.backgroundHalfWindowDeg());
  }

  /** How simulated patterns are rendered: as the dataset loader renders a stored sample without augmentation. */
  public RenderSettings renderSettings() {
    return new RenderSettings(
        Radiation.CU_KA, grid().angles(), RenderSettings.DEFAULT_FWHM_DEG, Augmentation.NONE);
  }

  /**
   * Predicts every target for every input, in input order.
   *
   * @throws IllegalArgumentException when the model reads the composition and an input has none
   */
  public List<Prediction> predict(List<PredictionInput> inputs) {
    List<Prediction> out = new ArrayList<>(inputs.size());
    for (int from = 0; from < inputs.size(); from += BATCH_SIZE) {
      List<PredictionInput> chunk = inputs.subList(from, Math.min(inputs.size(), from + BATCH_SIZE));
      List<Composition> compositions = new ArrayList<>(chunk.size());
      List<float[]> patterns = new ArrayList<>(chunk.size());
      for (PredictionInput in : chunk) {
        if (needsComposition() && in.composition() == null) {
          throw new IllegalArgumentException(
              in.source() + ": the model reads the composition (" + model.config().modality() + " model); none given");
        }
        compositions.add(needsComposition() ? in.composition() : null);
        patterns.add(in.pattern());
      }
      Batch batch = InferenceInputs.batch(compositions, patterns, model.config().gridPoints());
      List<TargetPrediction> heads = model.predict(batch);
      for (int i = 0; i < chunk.size(); i++) {
        List<TargetValue> values = new ArrayList<>(heads.size());
        for (TargetPrediction p : heads) {
          values.add(valueOf(p, i));
        }
        out.add(new Prediction(chunk.get(i), values));
      }
    }
    return out;
  }

  private static TargetValue valueOf(TargetPrediction p, int i) {
    TargetSpec t = p.target();
    if (t.kind() == TargetKind.REGRESSION) {
      return new TargetValue(
          t.name(), t.kind(), t.unit(), p.mean()[i], p.std() == null ? Double.NaN : p.std()[i], List.of());
    }
    int c = t.numClasses();
    return TargetValue.ofClasses(t, k -> p.probabilities()[i * c + k]);
  }

  @Override
  public void close() {
    model.close();
  }
}
