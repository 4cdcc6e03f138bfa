package org.xxact.eval.predict;

import java.nio.file.Path;
import java.util.List;
import org.xxact.crystal.Composition;
import org.xxact.crystal.io.StructureRecord;
import org.xxact.data.InferenceInputs;
import org.xxact.xrd.Radiation;
import org.xxact.xrd.io.MeasuredPattern;
import org.xxact.xrd.io.MeasuredPatternReader;
import org.xxact.xrd.io.PatternPreprocessor;
import org.xxact.xrd.io.PreprocessedPattern;

/**
 * Builds {@link PredictionInput}s the two ways a pattern reaches the model: a measured file is read by {@link
 * MeasuredPatternReader} and put on the model's grid by {@link PatternPreprocessor} (wavelength conversion,
 * Lorentz-polarization, resampling, background removal, normalisation); a crystal structure's pattern is simulated and
 * rendered as the training data are ({@link InferenceInputs#simulatedPattern}).
 */
public final class PredictionInputs {
  private PredictionInputs() {}

  /**
   * A measured pattern file.
   *
   * @param composition the composition, or null
   * @param userRadiation the wavelength the user gave, or null (then the file must state one)
   * @param preprocessor the model's preprocessing ({@link Predictor#preprocessing})
   * @throws org.xxact.crystal.InputException for an unreadable file or one without a known wavelength
   */
  public static PredictionInput measured(
      Path file, Composition composition, Radiation userRadiation, PatternPreprocessor preprocessor) {
    return measured(MeasuredPatternReader.read(file), composition, userRadiation, preprocessor);
  }

  /** A measured pattern already read (a labelled reference set, an archive entry). */
  public static PredictionInput measured(
      MeasuredPattern pattern, Composition composition, Radiation userRadiation, PatternPreprocessor preprocessor) {
    PreprocessedPattern p = preprocessor.preprocess(pattern, userRadiation);
    float[] onGrid = new float[p.intensity().length];
    for (int i = 0; i < onGrid.length; i++) {
      onGrid[i] = (float) p.intensity()[i];
    }
    return new PredictionInput(
        p.source(), composition, onGrid, PredictionInput.Origin.MEASURED, p.measuredRadiation(), p.warnings());
  }

  /** A formula alone, for a model that reads no pattern (its grid holds zeros, which the model never reads). */
  public static PredictionInput formulaOnly(String source, Composition composition, Predictor predictor) {
    if (predictor.config().modality().usesXrd()) {
      throw new IllegalArgumentException(
          "the model reads the XRD pattern (" + predictor.config().modality() + " model); a formula alone is not enough");
    }
    return new PredictionInput(
        source, composition, new float[predictor.config().gridPoints()], PredictionInput.Origin.NONE, null, List.of());
  }

  /**
   * A crystal structure: its composition and its simulated pattern.
   *
   * @throws IllegalArgumentException when the structure has no reflection in the simulated range
   */
  public static PredictionInput simulated(StructureRecord record, Predictor predictor) {
    float[] pattern = InferenceInputs.simulatedPattern(record.structure(), predictor.renderSettings());
    String source = record.source().endsWith(record.id() + ".cif") || record.id().isEmpty()
        ? record.source()
        : record.source() + " [" + record.id() + "]";
    return new PredictionInput(
        source, record.structure().composition(), pattern, PredictionInput.Origin.SIMULATED, null, List.of());
  }
}
