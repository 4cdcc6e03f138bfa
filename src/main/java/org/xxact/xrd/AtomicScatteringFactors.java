package org.xxact.xrd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Map;
import org.xxact.crystal.Element;
import org.xxact.crystal.Elements;

/**
 * X-ray atomic form factors f(s) of neutral atoms, as pymatgen's XRDCalculator evaluates them.
 *
 * <p>With s = sin(theta) / lambda (1/angstrom), f(s) = Z - 41.78214 s^2 sum_{i=1..4} a_i exp(-b_i s^2): four-Gaussian
 * fits of the <em>electron</em> scattering factor turned into X-ray form factors by the Mott-Bethe relation. The
 * coefficients are read once from the class-path resource {@code atomic_scattering_params.json}; its attribution, in
 * {@code atomic_scattering_params.README.md} next to it, names the source: the table distributed with pymatgen (MIT),
 * taken from M. De Graef and M. E. McHenry, <i>Structure of Materials</i> (Cambridge, 2007), which reproduces the
 * Doyle and Turner (Acta Cryst. A24, 390, 1968) four-Gaussian fits and Smith and Burge (Acta Cryst. 15, 182, 1962) fits
 * for 45 elements. Ions use the neutral atom's coefficients and Z (as pymatgen does), so a charge changes nothing.
 */
public final class AtomicScatteringFactors {
  /** Mott-Bethe constant m e^2 / (8 pi^2 epsilon_0 h^2) in angstrom, as written in pymatgen's XRDCalculator. */
  public static final double MOTT_BETHE_CONSTANT = 41.78214;

  /** Gaussian terms per element in the table. */
  public static final int TERMS = 4;

  private static final String RESOURCE = "atomic_scattering_params.json";

  /** [Z][2 * TERMS]: a_1, b_1, ..., a_4, b_4; null where the table has no entry. */
  private static final double[][] COEFFICIENTS = load();

  private AtomicScatteringFactors() {}

  private static double[][] load() {
    double[][] byZ = new double[Elements.MAX_ATOMIC_NUMBER + 1][];
    try (InputStream in = AtomicScatteringFactors.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " resource missing from the class path");
      }
      JsonNode root = new ObjectMapper().readTree(in);
      for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        // The table also holds deuterium ("D"), which is not an element of its own here.
        Elements.find(e.getKey())
            .ifPresent(
                el -> {
                  JsonNode pairs = e.getValue();
                  if (pairs.size() != TERMS) {
                    throw new IllegalStateException(RESOURCE + ": " + e.getKey() + " needs " + TERMS + " pairs");
                  }
                  double[] c = new double[2 * TERMS];
                  for (int i = 0; i < TERMS; i++) {
                    c[2 * i] = pairs.get(i).get(0).asDouble();
                    c[2 * i + 1] = pairs.get(i).get(1).asDouble();
                  }
                  byZ[el.atomicNumber()] = c;
                });
      }
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
    return byZ;
  }

  /** True when the table has coefficients for this element. */
  public static boolean covers(Element element) {
    return COEFFICIENTS[element.atomicNumber()] != null;
  }

  /**
   * The coefficients a_1, b_1, ..., a_4, b_4 of an element (a copy).
   *
   * @throws IllegalArgumentException when the table has no entry for the element
   */
  public static double[] coefficients(Element element) {
    double[] c = COEFFICIENTS[element.atomicNumber()];
    if (c == null) {
      throw new IllegalArgumentException("no X-ray scattering coefficients for " + element.symbol());
    }
    return c.clone();
  }

  /**
   * Form factor f(s) in electrons.
   *
   * @param element the scattering atom
   * @param sSquared s^2 = (sin(theta) / lambda)^2 in 1/angstrom^2
   * @throws IllegalArgumentException when the table has no entry for the element
   */
  public static double formFactor(Element element, double sSquared) {
    double[] c = COEFFICIENTS[element.atomicNumber()];
    if (c == null) {
      throw new IllegalArgumentException("no X-ray scattering coefficients for " + element.symbol());
    }
    return formFactor(element.atomicNumber(), c, sSquared);
  }

  /** f(s) from the atomic number and a coefficient array as returned by {@link #coefficients}. */
  static double formFactor(int atomicNumber, double[] c, double sSquared) {
    double sum = 0;
    for (int i = 0; i < TERMS; i++) {
      double a = c[2 * i];
      if (a != 0) {
        sum += a * Math.exp(-c[2 * i + 1] * sSquared);
      }
    }
    return atomicNumber - MOTT_BETHE_CONSTANT * sSquared * sum;
  }
}
