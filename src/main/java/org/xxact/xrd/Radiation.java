package org.xxact.xrd;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * An X-ray source: a wavelength in angstrom and, for laboratory tubes, the K-alpha1/K-alpha2 pair it is made of.
 *
 * <p>Named sources use exactly the wavelengths of pymatgen's {@code WAVELENGTHS} table (the weighted K-alpha value for
 * "CuKa" etc.), so that patterns agree with pymatgen's XRDCalculator. Any other wavelength (synchrotron) is given in
 * angstrom and has no doublet.
 *
 * @param name the source name ("CuKa", "MoKa1", ...) or the wavelength written as a number for a custom source
 * @param wavelengthAngstrom the wavelength used for peak positions
 * @param kAlpha1Angstrom the K-alpha1 line for named tube sources, NaN otherwise
 * @param kAlpha2Angstrom the K-alpha2 line for named tube sources, NaN otherwise
 */
public record Radiation(String name, double wavelengthAngstrom, double kAlpha1Angstrom, double kAlpha2Angstrom) {
  private static final Map<String, Radiation> NAMED = new LinkedHashMap<>();

  static {
    tube("Cu", 1.54184, 1.54056, 1.54439, 1.39222);
    tube("Mo", 0.71073, 0.70930, 0.71359, 0.63229);
    tube("Cr", 2.29100, 2.28970, 2.29361, 2.08487);
    tube("Fe", 1.93735, 1.93604, 1.93998, 1.75661);
    tube("Co", 1.79026, 1.78896, 1.79285, 1.63079);
    tube("Ag", 0.560885, 0.559421, 0.563813, 0.497082);
  }

  /** Cu K-alpha (1.54184 angstrom), pymatgen's default and the model's grid. */
  public static final Radiation CU_KA = NAMED.get("CuKa");

  public Radiation {
    if (!(wavelengthAngstrom > 0) || !Double.isFinite(wavelengthAngstrom)) {
      throw new IllegalArgumentException("wavelength must be positive, got " + wavelengthAngstrom);
    }
  }

  private static void tube(String anode, double ka, double ka1, double ka2, double kb1) {
    NAMED.put(anode + "Ka", new Radiation(anode + "Ka", ka, ka1, ka2));
    NAMED.put(anode + "Ka1", new Radiation(anode + "Ka1", ka1, ka1, ka2));
    NAMED.put(anode + "Ka2", new Radiation(anode + "Ka2", ka2, ka1, ka2));
    NAMED.put(anode + "Kb1", new Radiation(anode + "Kb1", kb1, Double.NaN, Double.NaN));
  }

  /** A monochromatic source of any wavelength (synchrotron), without a K-alpha doublet. */
  public static Radiation ofWavelength(double wavelengthAngstrom) {
    return new Radiation(
        String.format(Locale.ROOT, "%s A", Double.toString(wavelengthAngstrom)),
        wavelengthAngstrom,
        Double.NaN,
        Double.NaN);
  }

  /**
   * A source by name ("CuKa", "MoKa1", case-insensitive; "Cu" alone means "CuKa") or by a number in angstrom.
   *
   * @throws IllegalArgumentException for an unknown name or a non-positive number
   */
  public static Radiation parse(String text) {
    String t = text.trim();
    for (Map.Entry<String, Radiation> e : NAMED.entrySet()) {
      if (e.getKey().equalsIgnoreCase(t) || (e.getKey().equalsIgnoreCase(t + "Ka"))) {
        return e.getValue();
      }
    }
    double value;
    try {
      value = Double.parseDouble(t);
    } catch (NumberFormatException ex) {
      throw new IllegalArgumentException(
          "unknown radiation '" + text + "': use a wavelength in angstrom or one of " + NAMED.keySet());
    }
    if (!(value > 0)) {
      throw new IllegalArgumentException("wavelength must be positive, got " + text);
    }
    return ofWavelength(value);
  }

  /** The named sources, in table order. */
  public static Map<String, Radiation> named() {
    return java.util.Collections.unmodifiableMap(NAMED);
  }

  /** True when this source carries a K-alpha1/K-alpha2 pair (laboratory tube). */
  public boolean hasDoublet() {
    return !Double.isNaN(kAlpha1Angstrom) && !Double.isNaN(kAlpha2Angstrom);
  }

  /**
   * The K-alpha2 / K-alpha1 intensity ratio r this source's wavelength stands for: a wavelength between the two lines
   * is their intensity-weighted mean, lambda = (lambda1 + r lambda2) / (1 + r), so r = (lambda - lambda1) / (lambda2 -
   * lambda) (0.502 for CuKa); 0 for a single line (K-alpha1 alone, as behind a K-alpha1 monochromator, K-alpha2, K-beta,
   * synchrotron).
   */
  public double kAlpha2Ratio() {
    if (!hasDoublet() || !(wavelengthAngstrom > kAlpha1Angstrom && wavelengthAngstrom < kAlpha2Angstrom)) {
      return 0;
    }
    return (wavelengthAngstrom - kAlpha1Angstrom) / (kAlpha2Angstrom - wavelengthAngstrom);
  }
}
