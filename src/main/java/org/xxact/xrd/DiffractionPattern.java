package org.xxact.xrd;

import java.util.List;

/**
 * A powder diffraction pattern before any broadening: the peaks in ascending 2-theta, intensities scaled to a maximum
 * of 100. A structure with no reflection in the range has an empty pattern.
 *
 * @param wavelengthAngstrom the wavelength the positions refer to
 * @param twoThetaMinDeg lower end of the simulated range, degrees
 * @param twoThetaMaxDeg upper end of the simulated range, degrees
 * @param peaks the peaks, ascending in 2-theta
 */
public record DiffractionPattern(
    double wavelengthAngstrom, double twoThetaMinDeg, double twoThetaMaxDeg, List<DiffractionPeak> peaks) {
  public DiffractionPattern {
    peaks = List.copyOf(peaks);
  }

  /** Number of peaks. */
  public int size() {
    return peaks.size();
  }

  /** True when no reflection fell in the range. */
  public boolean isEmpty() {
    return peaks.isEmpty();
  }

  /** Peak positions in degrees, ascending (a new array). */
  public double[] twoThetasDeg() {
    double[] a = new double[peaks.size()];
    for (int i = 0; i < a.length; i++) {
      a[i] = peaks.get(i).twoThetaDeg();
    }
    return a;
  }

  /** Peak intensities, scaled to a maximum of 100 (a new array). */
  public double[] intensities() {
    double[] a = new double[peaks.size()];
    for (int i = 0; i < a.length; i++) {
      a[i] = peaks.get(i).intensity();
    }
    return a;
  }

  /** Peak d-spacings in angstrom (a new array). */
  public double[] dSpacingsAngstrom() {
    double[] a = new double[peaks.size()];
    for (int i = 0; i < a.length; i++) {
      a[i] = peaks.get(i).dSpacingAngstrom();
    }
    return a;
  }
}
