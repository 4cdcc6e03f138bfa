package org.xxact.xrd.io;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.xxact.crystal.InputException;
import org.xxact.crystal.io.CifBlock;
import org.xxact.crystal.io.CifBlockReader;
import org.xxact.crystal.io.CifNumbers;

/**
 * Reads powder patterns from powder CIF (pdCIF; Toby, "CIF applications. XII. pdCIF", J. Appl. Cryst. 31 (1998) 398),
 * as written by GSAS-II, TOPAS, FullProf and diffractometer software. The CIF syntax is read by the structure reader's
 * {@link CifBlockReader}.
 *
 * <ul>
 *   <li>Intensities: the first of {@link #INTENSITY_NAMES} found in a loop (measured counts, then measured intensity,
 *       then processed intensity). Standard uncertainties written in brackets ({@code 1234(35)}) become the esd when
 *       every point has one.
 *   <li>2-theta: a column of the same length ({@code _pd_proc_2theta_corrected}, which has the zero shift removed, before
 *       {@code _pd_meas_2theta_scan}); or, for a loop of counts only, the range items {@code
 *       _pd_meas_2theta_range_min}, {@code _max}, {@code _inc} (or {@code _pd_proc_2theta_range_*}), which must agree
 *       with the number of points.
 *   <li>Wavelength: {@code _diffrn_radiation_wavelength} of the pattern's block, or of another block when only one
 *       states it (pdCIF often keeps the instrument in its own block). A loop of two wavelengths with {@code
 *       _diffrn_radiation_wavelength_wt} weights is a K-alpha1/K-alpha2 doublet with ratio weight2/weight1.
 *   <li>Time-of-flight and energy-dispersive patterns are rejected: they have no 2-theta scale.
 * </ul>
 */
final class PowderCifReader {
  static final List<String> INTENSITY_NAMES =
      List.of("_pd_meas_counts_total", "_pd_meas_intensity_total", "_pd_proc_intensity_total", "_pd_proc_intensity_net");
  static final List<String> ANGLE_NAMES = List.of("_pd_proc_2theta_corrected", "_pd_meas_2theta_scan");
  static final List<String> RANGE_PREFIXES = List.of("_pd_meas_2theta_range_", "_pd_proc_2theta_range_");
  static final String WAVELENGTH = "_diffrn_radiation_wavelength";
  static final String WAVELENGTH_WEIGHT = "_diffrn_radiation_wavelength_wt";

  /**
   * How far, in steps, (max - min) / inc of a stated range may be from the number of points minus one: the range items
   * are written with a few significant digits, so over tens of thousands of points a few thousandths of a step of
   * rounding accumulate; a missing or extra point is a whole step.
   */
  static final double RANGE_STEP_TOLERANCE = 0.01;

  private PowderCifReader() {}

  static MeasuredPattern read(byte[] content, String source) {
    List<CifBlock> blocks = blocks(PatternFormat.decodeText(content), source);
    CifBlock block = null;
    CifBlock.Column intensity = null;
    int patterns = 0;
    for (CifBlock b : blocks) {
      Optional<CifBlock.Column> c = b.firstColumn(INTENSITY_NAMES.toArray(String[]::new));
      if (c.isPresent() && c.get().loop()) {
        patterns++;
        if (block == null) {
          block = b;
          intensity = c.get();
        }
      }
    }
    if (block == null) {
      throw new InputException(source, 0, noPatternReason(blocks));
    }
    PatternAssembler out = new PatternAssembler(source);
    out.meta("format", "powder CIF");
    out.meta("block", block.name());
    out.meta("intensity", intensity.tag());
    if (patterns > 1) {
      out.note("the file holds " + patterns + " powder patterns; the first (block " + block.name() + ") is read");
    }
    out.meta("radiationType", text(block, "_diffrn_radiation_type"));
    out.meta("instrument", text(block, "_diffrn_measurement_device_type"));
    out.meta("sample", text(block, "_pd_spec_description"));
    int n = intensity.size();
    double[] y = new double[n];
    double[] esd = new double[n];
    boolean allSu = true;
    for (int i = 0; i < n; i++) {
      y[i] = number(source, intensity, i);
      esd[i] = CifNumbers.standardUncertainty(intensity.values()[i]);
      allSu &= !Double.isNaN(esd[i]);
    }
    double[] x = angles(source, block, intensity);
    statedWavelength(out, source, block, blocks);
    return out.build(x, y, allSu ? esd : null, intensity.lines());
  }

  private static List<CifBlock> blocks(String text, String source) {
    CifBlockReader reader = new CifBlockReader(new BufferedReader(new StringReader(text)), source, 0);
    List<CifBlock> blocks = new ArrayList<>();
    try {
      for (CifBlock b = reader.next(); b != null; b = reader.next()) {
        if (b.error() != null) {
          throw b.error();
        }
        blocks.add(b);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return blocks;
  }

  private static double[] angles(String source, CifBlock block, CifBlock.Column intensity) {
    int n = intensity.size();
    for (String name : ANGLE_NAMES) {
      Optional<CifBlock.Column> c = block.column(name);
      if (c.isPresent()) {
        if (c.get().size() != n) {
          throw new InputException(
              source, c.get().lines()[0], name + " has " + c.get().size() + " values for " + n + " intensities");
        }
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
          x[i] = number(source, c.get(), i);
        }
        return x;
      }
    }
    for (String prefix : RANGE_PREFIXES) {
      Optional<CifBlock.Column> min = block.column(prefix + "min");
      Optional<CifBlock.Column> max = block.column(prefix + "max");
      Optional<CifBlock.Column> inc = block.column(prefix + "inc");
      if (min.isEmpty() && max.isEmpty() && inc.isEmpty()) {
        continue;
      }
      if (min.isEmpty() || inc.isEmpty()) {
        long line = min.or(() -> max).or(() -> inc).get().lines()[0];
        throw new InputException(source, line, prefix + "min and " + prefix + "inc are both needed");
      }
      double lo = number(source, min.get(), 0);
      double step = number(source, inc.get(), 0);
      if (!(step > 0)) {
        throw new InputException(source, inc.get().lines()[0], prefix + "inc must be positive");
      }
      if (max.isPresent()) {
        double steps = (number(source, max.get(), 0) - lo) / step;
        if (Math.abs(steps - (n - 1)) > RANGE_STEP_TOLERANCE) {
          throw new InputException(
              source,
              max.get().lines()[0],
              String.format(
                  Locale.ROOT,
                  "the range %s to %s by %s has %.0f points but the loop holds %d: the file is truncated or damaged",
                  min.get().values()[0],
                  max.get().values()[0],
                  inc.get().values()[0],
                  steps + 1,
                  n));
        }
      }
      double[] x = new double[n];
      for (int i = 0; i < n; i++) {
        x[i] = lo + i * step;
      }
      return x;
    }
    String nonAngular = nonAngularReason(block);
    throw new InputException(
        source,
        intensity.lines()[0],
        nonAngular != null
            ? nonAngular
            : "the pattern has no 2-theta: neither " + ANGLE_NAMES + " nor _pd_meas_2theta_range_min/max/inc");
  }

  private static void statedWavelength(PatternAssembler out, String source, CifBlock block, List<CifBlock> blocks) {
    CifBlock holder = statesWavelength(block) ? block : null;
    if (holder == null) {
      List<CifBlock> stating = blocks.stream().filter(PowderCifReader::statesWavelength).toList();
      if (stating.size() > 1) {
        out.note("several other blocks state a wavelength; none is used");
        return;
      }
      holder = stating.isEmpty() ? null : stating.get(0);
    }
    if (holder == null) {
      return;
    }
    CifBlock.Column lambda = holder.column(WAVELENGTH).orElseThrow();
    Optional<CifBlock.Column> weight = holder.column(WAVELENGTH_WEIGHT);
    long line = lambda.lines()[0];
    if (lambda.size() == 1 || weight.isEmpty()) {
      if (lambda.size() > 1) {
        out.note("the file lists " + lambda.size() + " wavelengths without weights; the first is used");
      }
      out.statedWavelength(line, number(source, lambda, 0), Double.NaN, Double.NaN);
      return;
    }
    if (lambda.size() > 2) {
      throw new InputException(
          source, line, "lists " + lambda.size() + " wavelengths; one, or a K-alpha1/K-alpha2 pair, is read");
    }
    double l1 = number(source, lambda, 0);
    double l2 = number(source, lambda, 1);
    double w1 = number(source, weight.get(), 0);
    double w2 = number(source, weight.get(), 1);
    if (w2 > w1) {
      out.statedWavelength(line, l2, l1, w1 / w2);
    } else {
      out.statedWavelength(line, l1, l2, w2 / w1);
    }
  }

  private static boolean statesWavelength(CifBlock b) {
    return b.column(WAVELENGTH).map(c -> !CifNumbers.isPlaceholder(c.values()[0])).orElse(false);
  }

  private static String text(CifBlock b, String name) {
    return b.column(name).map(c -> c.values()[0]).filter(v -> !CifNumbers.isPlaceholder(v)).orElse(null);
  }

  private static double number(String source, CifBlock.Column c, int i) {
    String v = c.values()[i];
    if (CifNumbers.isPlaceholder(v)) {
      throw new InputException(source, c.lines()[i], c.tag() + " has the missing value '" + v + "' where a number is needed");
    }
    double d = CifNumbers.parse(v);
    if (Double.isNaN(d)) {
      throw new InputException(source, c.lines()[i], c.tag() + " '" + TextColumnsReader.abbreviate(v) + "' is not a number");
    }
    return d;
  }

  /** Why a block's pattern is not angle-dispersive (time of flight, energy dispersive), or null. */
  private static String nonAngularReason(CifBlock b) {
    for (String name : b.items().keySet()) {
      if (name.startsWith("_pd_meas_time_of_flight") || name.startsWith("_pd_meas_position") || name.contains("energy")) {
        return "holds a time-of-flight or energy-dispersive pattern (" + name + "), which has no 2-theta scale";
      }
    }
    return null;
  }

  private static String noPatternReason(List<CifBlock> blocks) {
    for (CifBlock b : blocks) {
      String reason = nonAngularReason(b);
      if (reason != null) {
        return reason;
      }
    }
    return "holds no powder pattern: no loop with " + String.join(", ", INTENSITY_NAMES)
        + (blocks.isEmpty() ? " (no data_ block at all)" : " (a structure CIF is not a measured pattern)");
  }
}
