package org.xxact.eval.predict;

import java.util.List;
import org.xxact.crystal.Composition;
import org.xxact.xrd.Radiation;

/**
 * One material to predict: its composition (null when unknown; only a model that reads no composition accepts that),
 * its diffraction pattern on the model's grid, and where the pattern came from.
 *
 * @param source the file (and record) the input came from, for messages and output
 * @param composition the composition, or null
 * @param pattern intensities on the model's grid, largest value 1 (all zero when there is none: {@link Origin#NONE})
 * @param origin measured or simulated
 * @param measuredRadiation the wavelength a measured pattern was recorded with; null otherwise
 * @param warnings facts that make the prediction less trustworthy (from preprocessing)
 */
public record PredictionInput(
    String source,
    Composition composition,
    float[] pattern,
    Origin origin,
    Radiation measuredRadiation,
    List<String> warnings) {

  /** Where a pattern came from. */
  public enum Origin {
    /** A measured file, read and preprocessed onto the grid. */
    MEASURED,
    /** Simulated from a crystal structure and rendered as the training data are. */
    SIMULATED,
    /** No pattern: a formula for a composition-only model, which never reads one. */
    NONE
  }

  public PredictionInput {
    warnings = List.copyOf(warnings);
  }
}
