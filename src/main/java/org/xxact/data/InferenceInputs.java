package org.xxact.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.xxact.crystal.Composition;
import org.xxact.crystal.Element;
import org.xxact.crystal.Structure;
import org.xxact.xrd.DiffractionPattern;
import org.xxact.xrd.DiffractionPeak;
import org.xxact.xrd.XrdCalculator;

/**
 * Model inputs for materials that are not in a dataset: a structure's simulated pattern, rendered exactly as the
 * loader renders a stored sample, and batches of (composition, pattern) pairs for prediction.
 *
 * <p>A simulated pattern goes the dataset's way: peaks from the build's calculator ({@link PeakSettings#DEFAULT}),
 * stored as float d-spacings and intensities, then the loader's {@link SampleRenderer} with the given settings (without
 * augmentation for prediction). Anything else (another calculator range, double-precision peaks, another renderer)
 * would give the model a pattern it never saw in training.
 */
public final class InferenceInputs {
  /** Seed of the (unused without augmentation) random stream of a rendering, fixed so that a pattern is repeatable. */
  private static final long RENDER_SEED = 0;

  private static final XrdCalculator CALCULATOR = PeakSettings.DEFAULT.calculator();

  private InferenceInputs() {}

  /**
   * The pattern of {@code structure} on the grid of {@code render}, as a dataset sample of it would be rendered.
   *
   * @throws IllegalArgumentException when the structure has no diffraction peak in the build's range
   */
  public static float[] simulatedPattern(Structure structure, RenderSettings render) {
    DiffractionPattern pattern = CALCULATOR.calculate(structure);
    if (pattern.isEmpty()) {
      throw new IllegalArgumentException(
          "no diffraction peak with d >= " + PeakSettings.DEFAULT.minDSpacingAngstrom() + " angstrom");
    }
    float[] d = new float[pattern.size()];
    float[] intensity = new float[pattern.size()];
    for (int k = 0; k < d.length; k++) {
      DiffractionPeak p = pattern.peaks().get(k);
      d[k] = (float) p.dSpacingAngstrom();
      intensity[k] = (float) p.intensity();
    }
    float[] out = new float[render.grid().points()];
    new SampleRenderer(render, d.length).render(d, intensity, new SplittableRandom(RENDER_SEED), out, 0);
    return out;
  }

  /**
   * A batch without targets for prediction.
   *
   * @param compositions one per sample; an entry may be null for a model that reads no composition (its tokens are
   *     then padding)
   * @param patterns one per sample, each {@code gridPoints} long
   */
  public static Batch batch(List<Composition> compositions, List<float[]> patterns, int gridPoints) {
    int b = compositions.size();
    if (patterns.size() != b) {
      throw new IllegalArgumentException(b + " compositions but " + patterns.size() + " patterns");
    }
    int e = 1;
    for (Composition c : compositions) {
      e = Math.max(e, c == null ? 0 : c.amounts().size());
    }
    int[] ids = new int[b * e];
    float[] fractions = new float[b * e];
    float[] elementMask = new float[b * e];
    float[] xrd = new float[b * gridPoints];
    long[] formulaKeys = new long[b];
    int[] indices = new int[b];
    for (int i = 0; i < b; i++) {
      indices[i] = i;
      float[] pattern = patterns.get(i);
      if (pattern.length != gridPoints) {
        throw new IllegalArgumentException(
            "pattern " + i + " has " + pattern.length + " points, the grid " + gridPoints);
      }
      System.arraycopy(pattern, 0, xrd, i * gridPoints, gridPoints);
      Composition c = compositions.get(i);
      if (c == null) {
        continue;
      }
      double total = c.totalAtoms();
      List<Map.Entry<Element, Double>> amounts = new ArrayList<>(c.amounts().entrySet());
      for (int k = 0; k < amounts.size(); k++) {
        ids[i * e + k] = amounts.get(k).getKey().atomicNumber();
        fractions[i * e + k] = (float) (amounts.get(k).getValue() / total);
        elementMask[i * e + k] = 1f;
      }
      formulaKeys[i] = Dataset.formulaKey(c.reducedFormula());
    }
    return new Batch(b, e, ids, fractions, elementMask, gridPoints, xrd, 0, new float[0], new float[0], formulaKeys,
        indices);
  }
}
