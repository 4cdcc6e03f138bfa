package org.xxact.xrd.io;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.xxact.crystal.InputException;

/**
 * Reads powder patterns from powder CIF (pdCIF; Toby, "CIF applications. XII. pdCIF", J. Appl. Cryst. 31 (1998) 398),
 * as written by GSAS-II, TOPAS, FullProf and diffractometer software.
 *
 * <ul>
 *   <li>Intensities: the first of {@link #INTENSITY_NAMES} found in a loop (measured counts, then measured intensity,
 *       then processed intensity). Standard uncertainties written in parentheses ({@code 1234(35)}) become the esd
 *       when every point has one.
 *   <li>2-theta: a column of the same loop ({@code _pd_proc_2theta_corrected}, which has the zero shift removed, before
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

  private static final Pattern VALUE_WITH_SU =
      Pattern.compile("([+-]?(?:\\d+(?:\\.(\\d*))?|\\.(\\d+)))(?:[eE]([+-]?\\d+))?(?:\\((\\d+)\\))?");

  private PowderCifReader() {}

  static MeasuredPattern read(byte[] content, String source) {
    List<CifBlocks.Block> blocks = CifBlocks.parse(PatternFormat.decodeText(content), source);
    CifBlocks.Block block = null;
    CifBlocks.Loop loop = null;
    String intensityName = null;
    int patterns = 0;
    for (CifBlocks.Block b : blocks) {
      for (String name : INTENSITY_NAMES) {
        CifBlocks.Loop l = b.loopWith(name);
        if (l != null) {
          patterns++;
          if (block == null) {
            block = b;
            loop = l;
            intensityName = name;
          }
          break;
        }
      }
    }
    if (block == null) {
      throw new InputException(source, 0, noPatternReason(blocks));
    }
    PatternAssembler out = new PatternAssembler(source);
    out.meta("format", "powder CIF");
    out.meta("block", block.name());
    out.meta("intensity", intensityName);
    if (patterns > 1) {
      out.note("the file holds " + patterns + " powder patterns; the first (block " + block.name() + ") is read");
    }
    itemText(block, "_diffrn_radiation_type").ifPresent(v -> out.meta("radiationType", v));
    itemText(block, "_diffrn_measurement_device_type").ifPresent(v -> out.meta("instrument", v));
    itemText(block, "_pd_spec_description").ifPresent(v -> out.meta("sample", v));
    int n = loop.rows().size();
    int yCol = loop.column(intensityName);
    double[] y = new double[n];
    double[] esd = new double[n];
    long[] lineOf = new long[n];
    boolean allSu = true;
    for (int i = 0; i < n; i++) {
      CifBlocks.Value v = loop.rows().get(i).get(yCol);
      double[] vs = valueWithSu(source, v);
      y[i] = vs[0];
      esd[i] = vs[1];
      allSu &= !Double.isNaN(vs[1]);
      lineOf[i] = v.line();
    }
    double[] x = angles(source, block, loop, n);
    statedWavelength(out, source, block, blocks);
    return out.build(x, y, allSu ? esd : null, lineOf);
  }

  private static double[] angles(String source, CifBlocks.Block block, CifBlocks.Loop loop, int n) {
    for (String name : ANGLE_NAMES) {
      int col = loop.column(name);
      if (col >= 0) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
          x[i] = valueWithSu(source, loop.rows().get(i).get(col))[0];
        }
        return x;
      }
    }
    for (String prefix : RANGE_PREFIXES) {
      CifBlocks.Value min = block.items().get(prefix + "min");
      CifBlocks.Value max = block.items().get(prefix + "max");
      CifBlocks.Value inc = block.items().get(prefix + "inc");
      if (min == null && max == null && inc == null) {
        continue;
      }
      if (min == null || inc == null) {
        throw new InputException(
            source, (min != null ? min : max != null ? max : inc).line(), prefix + "min and " + prefix + "inc are both needed");
      }
      double lo = valueWithSu(source, min)[0];
      double step = valueWithSu(source, inc)[0];
      if (!(step > 0)) {
        throw new InputException(source, inc.line(), prefix + "inc must be positive, found " + inc.text());
      }
      if (max != null) {
        double hi = valueWithSu(source, max)[0];
        double steps = (hi - lo) / step;
        if (Math.abs(steps - (n - 1)) > RANGE_STEP_TOLERANCE) {
          throw new InputException(
              source,
              max.line(),
              String.format(
                  Locale.ROOT,
                  "the range %s to %s by %s has %.0f points but the loop holds %d: the file is truncated or damaged",
                  min.text(),
                  max.text(),
                  inc.text(),
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
    String nonAngular = nonAngularReason(loop);
    throw new InputException(
        source,
        loop.line(),
        nonAngular != null
            ? nonAngular
            : "the pattern has no 2-theta: neither " + ANGLE_NAMES + " in its loop nor _pd_meas_2theta_range_min/max/inc");
  }

  private static void statedWavelength(
      PatternAssembler out, String source, CifBlocks.Block block, List<CifBlocks.Block> blocks) {
    CifBlocks.Block holder = statesWavelength(block) ? block : null;
    if (holder == null) {
      List<CifBlocks.Block> stating = blocks.stream().filter(PowderCifReader::statesWavelength).toList();
      if (stating.size() == 1) {
        holder = stating.get(0);
      } else if (stating.size() > 1) {
        out.note("several blocks state different wavelengths and none is the pattern's block; none is used");
        return;
      }
    }
    if (holder == null) {
      return;
    }
    CifBlocks.Value single = holder.items().get(WAVELENGTH);
    if (single != null) {
      out.statedWavelength(single.line(), valueWithSu(source, single)[0], Double.NaN, Double.NaN);
      return;
    }
    CifBlocks.Loop l = holder.loopWith(WAVELENGTH);
    int col = l.column(WAVELENGTH);
    int wt = l.column(WAVELENGTH_WEIGHT);
    CifBlocks.Value first = l.rows().get(0).get(col);
    if (l.rows().size() == 1 || wt < 0) {
      if (l.rows().size() > 1) {
        out.note("the file lists " + l.rows().size() + " wavelengths without weights; the first is used");
      }
      out.statedWavelength(first.line(), valueWithSu(source, first)[0], Double.NaN, Double.NaN);
      return;
    }
    if (l.rows().size() > 2) {
      throw new InputException(
          source, first.line(), "lists " + l.rows().size() + " wavelengths; one, or a K-alpha1/K-alpha2 pair, is read");
    }
    double l1 = valueWithSu(source, first)[0];
    double w1 = valueWithSu(source, l.rows().get(0).get(wt))[0];
    double l2 = valueWithSu(source, l.rows().get(1).get(col))[0];
    double w2 = valueWithSu(source, l.rows().get(1).get(wt))[0];
    if (w2 > w1) {
      out.statedWavelength(first.line(), l2, l1, w1 / w2);
    } else {
      out.statedWavelength(first.line(), l1, l2, w2 / w1);
    }
  }

  private static boolean statesWavelength(CifBlocks.Block b) {
    CifBlocks.Value v = b.items().get(WAVELENGTH);
    return (v != null && !v.isMissing()) || b.loopWith(WAVELENGTH) != null;
  }

  private static java.util.Optional<String> itemText(CifBlocks.Block b, String name) {
    CifBlocks.Value v = b.items().get(name);
    return v == null || v.isMissing() ? java.util.Optional.empty() : java.util.Optional.of(v.text());
  }

  /** {value, su} of a CIF number such as {@code 1234.5(12)}; su is NaN when none is written. */
  static double[] valueWithSu(String source, CifBlocks.Value v) {
    if (v.isMissing()) {
      throw new InputException(source, v.line(), "missing value '" + v.text() + "' where a number is needed");
    }
    Matcher m = VALUE_WITH_SU.matcher(v.text());
    if (!m.matches()) {
      throw new InputException(source, v.line(), "'" + TextColumnsReader.abbreviate(v.text()) + "' is not a number");
    }
    double value = Double.parseDouble(m.group(1) + (m.group(4) == null ? "" : "e" + m.group(4)));
    double su = Double.NaN;
    if (m.group(5) != null) {
      int decimals = m.group(2) != null ? m.group(2).length() : m.group(3) != null ? m.group(3).length() : 0;
      int exponent = m.group(4) == null ? 0 : Integer.parseInt(m.group(4));
      su = Long.parseLong(m.group(5)) * Math.pow(10, exponent - decimals);
    }
    return new double[] {value, su};
  }

  /** Why a loop is not an angle-dispersive pattern (time of flight, energy dispersive), or null. */
  private static String nonAngularReason(CifBlocks.Loop loop) {
    for (String name : loop.names()) {
      if (name.startsWith("_pd_meas_time_of_flight") || name.startsWith("_pd_meas_position") || name.contains("energy")) {
        return "holds a time-of-flight or energy-dispersive pattern (" + name + "), which has no 2-theta scale";
      }
    }
    return null;
  }

  private static String noPatternReason(List<CifBlocks.Block> blocks) {
    for (CifBlocks.Block b : blocks) {
      for (CifBlocks.Loop l : b.loops()) {
        String reason = nonAngularReason(l);
        if (reason != null) {
          return reason;
        }
      }
    }
    return "holds no powder pattern: no loop with " + String.join(", ", INTENSITY_NAMES)
        + (blocks.isEmpty() ? " (no data_ block at all)" : " (a structure CIF is not a measured pattern)");
  }
}
