package org.xxact.xrd.io;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.xxact.xrd.Radiation;

/**
 * A powder diffraction pattern as an instrument measured it: 2-theta in degrees (strictly ascending), the intensity at
 * each angle, optionally its standard uncertainty, and the X-ray wavelength when the file states one.
 *
 * <p>The readers ({@link MeasuredPatternReader}) build these only from data that passed their checks (enough points,
 * finite values, a monotonic scan, intensities that are not mostly negative), so code that receives one can rely on
 * them. Intensities are kept as the file gives them (counts, counts per second or arbitrary units, corrected for
 * attenuators where the format records them); a slightly negative value from background-subtracted data is kept here and
 * set to zero by the {@link PatternPreprocessor}.
 *
 * <p>The stated wavelength is the one that places the peaks: for a laboratory tube whose file gives K-alpha1,
 * K-alpha2 and their intensity ratio it is the intensity-weighted mean of the unresolved doublet, (lambda1 + r
 * lambda2) / (1 + r), the same convention as the "CuKa" = 1.54184 angstrom of pymatgen and of the model's grid; the
 * lines themselves are in {@link Radiation#kAlpha1Angstrom()} and {@link Radiation#kAlpha2Angstrom()} and the ratio in
 * the metadata ({@link #RATIO_KEY}).
 *
 * @param source the file (or archive entry) the pattern came from, for messages
 * @param twoThetaDeg diffraction angles in degrees, strictly ascending, within (0, 180)
 * @param intensity intensity at each angle, same length
 * @param esd standard uncertainty of each intensity, same length, or empty when the file gives none
 * @param statedRadiation the wavelength the file states, empty when it states none
 * @param metadata what else the file says (instrument, sample, scan axis, format version ...), in file order
 * @param notes facts a user should know about how the file was read (a reversed scan, gaps, further scans not read)
 */
public record MeasuredPattern(
    String source,
    double[] twoThetaDeg,
    double[] intensity,
    double[] esd,
    Optional<Radiation> statedRadiation,
    Map<String, String> metadata,
    List<String> notes) {

  /** Metadata key of the K-alpha2 / K-alpha1 intensity ratio, where the file states one. */
  public static final String RATIO_KEY = "ratioKAlpha2KAlpha1";

  /**
   * A step more than this many times the median step is a gap in the scan (an excluded region or lost data) rather than
   * an uneven step: steps of a scan vary by a few per cent at most, so a factor of five cannot be ordinary jitter.
   */
  public static final double GAP_FACTOR = 5.0;

  public MeasuredPattern {
    if (twoThetaDeg.length != intensity.length) {
      throw new IllegalArgumentException(
          twoThetaDeg.length + " angles for " + intensity.length + " intensities in " + source);
    }
    if (esd.length != 0 && esd.length != intensity.length) {
      throw new IllegalArgumentException(esd.length + " esds for " + intensity.length + " intensities in " + source);
    }
    if (twoThetaDeg.length < 2) {
      throw new IllegalArgumentException("fewer than two points in " + source);
    }
    for (int i = 1; i < twoThetaDeg.length; i++) {
      if (!(twoThetaDeg[i] > twoThetaDeg[i - 1])) {
        throw new IllegalArgumentException("2-theta is not strictly ascending at point " + i + " in " + source);
      }
    }
    metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    notes = List.copyOf(notes);
  }

  /** Number of measured points. */
  public int size() {
    return twoThetaDeg.length;
  }

  /** True when the file gives a standard uncertainty for every intensity. */
  public boolean hasEsd() {
    return esd.length > 0;
  }

  public double minTwoThetaDeg() {
    return twoThetaDeg[0];
  }

  public double maxTwoThetaDeg() {
    return twoThetaDeg[twoThetaDeg.length - 1];
  }

  /** The median distance between neighbouring points, in degrees. */
  public double medianStepDeg() {
    return medianStepDeg(twoThetaDeg);
  }

  /** Intervals between neighbouring points that are more than {@link #GAP_FACTOR} times the median step wide. */
  public List<Gap> gaps() {
    return gaps(twoThetaDeg);
  }

  /** A stretch of the scan with no measured point: from the last point before it to the first point after it. */
  public record Gap(double fromDeg, double toDeg) {
    public double widthDeg() {
      return toDeg - fromDeg;
    }
  }

  static double medianStepDeg(double[] x) {
    double[] steps = new double[x.length - 1];
    for (int i = 1; i < x.length; i++) {
      steps[i - 1] = x[i] - x[i - 1];
    }
    Arrays.sort(steps);
    int m = steps.length / 2;
    return steps.length % 2 == 1 ? steps[m] : 0.5 * (steps[m - 1] + steps[m]);
  }

  static List<Gap> gaps(double[] x) {
    double limit = GAP_FACTOR * medianStepDeg(x);
    List<Gap> out = new ArrayList<>();
    for (int i = 1; i < x.length; i++) {
      if (x[i] - x[i - 1] > limit) {
        out.add(new Gap(x[i - 1], x[i]));
      }
    }
    return out;
  }
}
