package org.xxact.xrd.io;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.xxact.crystal.InputException;
import org.xxact.xrd.Radiation;

/**
 * The checks every reader applies before it hands out a {@link MeasuredPattern}, so that all formats fail the same way on
 * the same problem and name the line (text formats) or the point (binary formats) where it is.
 *
 * <p>Decisions, each with its reason:
 *
 * <ul>
 *   <li>A scan that descends cleanly (every step negative) is reversed, with a note: some instruments and exports scan
 *       from high to low angle, and reversing loses nothing. A scan that goes back and forth is rejected: its points
 *       cannot be put in order without guessing which were meant.
 *   <li>Negative intensities are kept when they are small: background-subtracted data scatters around zero, and the
 *       preprocessor sets them to zero. A minimum below -{@value #NEGATIVE_LIMIT_FRACTION} of the maximum is rejected: no
 *       subtraction leaves noise that deep, and such a column is usually a difference curve or the wrong column.
 *   <li>Gaps (steps more than {@link MeasuredPattern#GAP_FACTOR} times the median) are reported in the notes, not
 *       rejected: a scan with an excluded region is usable, and the preprocessor treats the gap as unmeasured.
 * </ul>
 */
final class PatternAssembler {
  /**
   * Fewest points accepted. A powder scan has hundreds to tens of thousands of points; fewer than ten cannot be
   * resampled meaningfully and is almost always a truncated file or the wrong file.
   */
  static final int MIN_POINTS = 10;

  /** Most negative intensity accepted, as a fraction of the largest intensity (see the class comment). */
  static final double NEGATIVE_LIMIT_FRACTION = 0.25;

  /** Largest 2-theta accepted in degrees: back-scattering ends at 180. */
  static final double MAX_TWO_THETA_DEG = 180.0;

  private final String source;
  private final Map<String, String> metadata = new LinkedHashMap<>();
  private final List<String> notes = new ArrayList<>();
  private Optional<Radiation> radiation = Optional.empty();

  PatternAssembler(String source) {
    this.source = source;
  }

  String source() {
    return source;
  }

  Map<String, String> metadata() {
    return metadata;
  }

  /** Records a metadata value; blank values are skipped, as files often carry empty fields. */
  void meta(String key, String value) {
    if (value != null && !value.isBlank()) {
      metadata.put(key, value.strip());
    }
  }

  void note(String note) {
    notes.add(note);
  }

  /** Sets the radiation that the documentation of a data set states for all of its patterns. */
  void documentedRadiation(Radiation documented) {
    radiation = Optional.of(documented);
  }

  /** Sets the wavelength the file states (see {@link StatedWavelength}). */
  void statedWavelength(long line, double kAlpha1Angstrom, double kAlpha2Angstrom, double ratio) {
    radiation = StatedWavelength.of(source, line, kAlpha1Angstrom, kAlpha2Angstrom, ratio, metadata);
  }

  /**
   * Checks the data and builds the pattern.
   *
   * @param twoThetaDeg angles in file order
   * @param intensity intensities in file order
   * @param esd uncertainties in file order, or null when the file has none
   * @param lineOfPoint the 1-based file line of each point, or null for binary formats (messages then name the point)
   */
  MeasuredPattern build(double[] twoThetaDeg, double[] intensity, double[] esd, long[] lineOfPoint) {
    int n = twoThetaDeg.length;
    if (intensity.length != n || (esd != null && esd.length != n)) {
      throw new InputException(source, 0, n + " angles but " + intensity.length + " intensities");
    }
    if (n < MIN_POINTS) {
      throw new InputException(
          source,
          0,
          "only " + n + " data points (at least " + MIN_POINTS + " needed): is the file truncated or not a pattern?");
    }
    for (int i = 0; i < n; i++) {
      double x = twoThetaDeg[i];
      if (!(x > 0 && x < MAX_TWO_THETA_DEG)) {
        throw fail(lineOfPoint, i, "2-theta " + fmt(x) + " deg is outside (0, 180): is the first column 2-theta?");
      }
      if (!Double.isFinite(intensity[i])) {
        throw fail(lineOfPoint, i, "intensity " + intensity[i] + " is not a finite number");
      }
      if (esd != null && !(esd[i] >= 0 && Double.isFinite(esd[i]))) {
        throw fail(lineOfPoint, i, "esd " + fmt(esd[i]) + " is not a finite non-negative number");
      }
    }
    if (twoThetaDeg[1] < twoThetaDeg[0] && strictlyDescending(twoThetaDeg)) {
      twoThetaDeg = reversed(twoThetaDeg);
      intensity = reversed(intensity);
      esd = esd == null ? null : reversed(esd);
      lineOfPoint = lineOfPoint == null ? null : reversed(lineOfPoint);
      note("2-theta descends in the file; the scan was reversed to ascending order");
    }
    for (int i = 1; i < n; i++) {
      if (!(twoThetaDeg[i] > twoThetaDeg[i - 1])) {
        throw fail(
            lineOfPoint,
            i,
            "2-theta "
                + fmt(twoThetaDeg[i])
                + " does not increase from the previous point ("
                + fmt(twoThetaDeg[i - 1])
                + "): the scan is not monotonic");
      }
    }
    checkIntensities(intensity, lineOfPoint);
    for (MeasuredPattern.Gap g : MeasuredPattern.gaps(twoThetaDeg)) {
      note(
          String.format(
              Locale.ROOT,
              "gap in 2-theta from %.4f to %.4f deg (%.0f times the median step %.4g deg): treated as unmeasured",
              g.fromDeg(),
              g.toDeg(),
              g.widthDeg() / MeasuredPattern.medianStepDeg(twoThetaDeg),
              MeasuredPattern.medianStepDeg(twoThetaDeg)));
    }
    return new MeasuredPattern(
        source, twoThetaDeg, intensity, esd == null ? new double[0] : esd, radiation, metadata, notes);
  }

  private void checkIntensities(double[] intensity, long[] lineOfPoint) {
    double max = Double.NEGATIVE_INFINITY;
    int argMin = 0;
    int negatives = 0;
    for (int i = 0; i < intensity.length; i++) {
      max = Math.max(max, intensity[i]);
      if (intensity[i] < intensity[argMin]) {
        argMin = i;
      }
      if (intensity[i] < 0) {
        negatives++;
      }
    }
    if (!(max > 0)) {
      throw new InputException(source, 0, "no intensity is above zero: the pattern holds no signal");
    }
    double min = intensity[argMin];
    if (min < -NEGATIVE_LIMIT_FRACTION * max) {
      throw fail(
          lineOfPoint,
          argMin,
          "intensity "
              + fmt(min)
              + " is below -"
              + Math.round(100 * NEGATIVE_LIMIT_FRACTION)
              + "% of the maximum "
              + fmt(max)
              + ": this is not an intensity column (background-subtracted data dips only slightly below zero)");
    }
    if (negatives > 0) {
      note(
          negatives
              + " intensities are negative (down to "
              + fmt(min)
              + ", as after background subtraction); the preprocessor sets them to zero");
    }
  }

  private InputException fail(long[] lineOfPoint, int point, String reason) {
    if (lineOfPoint != null) {
      return new InputException(source, lineOfPoint[point], reason);
    }
    return new InputException(source, 0, "point " + (point + 1) + ": " + reason);
  }

  static String fmt(double v) {
    return String.format(Locale.ROOT, "%.6g", v);
  }

  private static boolean strictlyDescending(double[] x) {
    for (int i = 1; i < x.length; i++) {
      if (!(x[i] < x[i - 1])) {
        return false;
      }
    }
    return true;
  }

  private static double[] reversed(double[] a) {
    double[] r = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      r[i] = a[a.length - 1 - i];
    }
    return r;
  }

  private static long[] reversed(long[] a) {
    long[] r = new long[a.length];
    for (int i = 0; i < a.length; i++) {
      r[i] = a[a.length - 1 - i];
    }
    return r;
  }
}
