package org.xxact.xrd.io;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.xxact.crystal.InputException;
import org.xxact.xrd.Radiation;

/**
 * Turns the wavelength lines a file states into the {@link Radiation} that places its peaks.
 *
 * <p>A laboratory tube without a monochromator emits K-alpha1 and K-alpha2, about half as strong; at the angles of
 * most peaks the two are not resolved and a peak sits at the intensity-weighted mean wavelength, (lambda1 + r lambda2) /
 * (1 + r). That is the convention of pymatgen's "CuKa" = (2 x 1.54056 + 1.54439) / 3 = 1.54184 angstrom and so of the
 * model's grid, which makes a Cu pattern with a stated doublet map onto the grid without a shift. A file that states a
 * ratio of zero (a K-alpha1 monochromator) or no K-alpha2 has its peaks at K-alpha1.
 */
final class StatedWavelength {
  /** Shortest wavelength accepted as stated, in angstrom: hard synchrotron X-rays (250 keV) are about 0.05 angstrom. */
  static final double MIN_ANGSTROM = 0.05;

  /** Longest wavelength accepted as stated, in angstrom: soft tubes (Cr K-alpha 2.29, Ti K-alpha 2.75) stay below 5. */
  static final double MAX_ANGSTROM = 5.0;

  private StatedWavelength() {}

  /**
   * The radiation a file states, or empty when it states none (a missing or zero K-alpha1).
   *
   * @param kAlpha1Angstrom K-alpha1 (or the single wavelength); NaN or a value of zero or less when not stated
   * @param kAlpha2Angstrom K-alpha2, NaN or zero or less when not stated
   * @param ratio intensity ratio K-alpha2 / K-alpha1, NaN when not stated
   * @param metadata receives the stated values (ratio under {@link MeasuredPattern#RATIO_KEY})
   * @throws InputException when a stated value is outside [{@value #MIN_ANGSTROM}, {@value #MAX_ANGSTROM}] angstrom
   */
  static Optional<Radiation> of(
      String source,
      long line,
      double kAlpha1Angstrom,
      double kAlpha2Angstrom,
      double ratio,
      Map<String, String> metadata) {
    if (!(kAlpha1Angstrom > 0)) {
      return Optional.empty();
    }
    checkPlausible(source, line, "K-alpha1", kAlpha1Angstrom);
    boolean hasKa2 = kAlpha2Angstrom > 0;
    if (hasKa2) {
      checkPlausible(source, line, "K-alpha2", kAlpha2Angstrom);
    }
    if (!Double.isNaN(ratio) && !(ratio >= 0 && ratio <= 1)) {
      throw new InputException(
          source, line, String.format(Locale.ROOT, "K-alpha2/K-alpha1 ratio %s is not between 0 and 1", ratio));
    }
    metadata.put("kAlpha1Angstrom", Double.toString(kAlpha1Angstrom));
    if (hasKa2) {
      metadata.put("kAlpha2Angstrom", Double.toString(kAlpha2Angstrom));
    }
    if (!Double.isNaN(ratio)) {
      metadata.put(MeasuredPattern.RATIO_KEY, Double.toString(ratio));
    }
    if (hasKa2 && ratio > 0) {
      double mean = (kAlpha1Angstrom + ratio * kAlpha2Angstrom) / (1.0 + ratio);
      String name =
          String.format(
              Locale.ROOT,
              "K-alpha1 %.6f + K-alpha2 %.6f (ratio %.4g) A, weighted mean %.6f A",
              kAlpha1Angstrom,
              kAlpha2Angstrom,
              ratio,
              mean);
      return Optional.of(new Radiation(name, mean, kAlpha1Angstrom, kAlpha2Angstrom));
    }
    String name = String.format(Locale.ROOT, "%.6f A", kAlpha1Angstrom);
    return Optional.of(
        new Radiation(name, kAlpha1Angstrom, kAlpha1Angstrom, hasKa2 ? kAlpha2Angstrom : Double.NaN));
  }

  private static void checkPlausible(String source, long line, String what, double angstrom) {
    if (!(angstrom >= MIN_ANGSTROM && angstrom <= MAX_ANGSTROM)) {
      throw new InputException(
          source,
          line,
          String.format(
              Locale.ROOT,
              "states a %s wavelength of %s angstrom, outside the X-ray range %.2f-%.1f angstrom",
              what,
              angstrom,
              MIN_ANGSTROM,
              MAX_ANGSTROM));
    }
  }
}
