package org.xxact.xrd;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Indexing of a powder pattern's reflections by a lattice of high metric symmetry: cubic, tetragonal or hexagonal. A
 * crystal system fixes the metric of the lattice, and with it where lines may fall: with s = 1/d^2, a cubic cell
 * places every line at s = (h^2 + k^2 + l^2) / a^2, a tetragonal one at (h^2 + k^2) / a^2 + l^2 / c^2 and a hexagonal
 * (or trigonal, in hexagonal axes) one at 4 (h^2 + hk + k^2) / (3 a^2) + l^2 / c^2 (International Tables for
 * Crystallography, Vol. C, Table 1.1.2.1). A pattern whose lines all sit on such a ladder is very likely of that
 * symmetry, however few training structures of its kind a classifier has seen: this is how a crystallographer
 * recognises a cubic garnet or a hexagonal mica before any model is fitted.
 *
 * <p>The search is the classical one for cells with one or two free parameters (Hesse 1948, Lipson 1949; ITO and
 * DICVOL use the same idea): the first lines by angle are assigned small indices, which fixes the cell (one line for
 * cubic, two for the others), and every other line is then looked up on that cell's ladder. A constant zero offset of
 * the 2-theta scale (sample displacement and instrument zero, up to a few tenths of a degree on measured patterns) is
 * searched on a grid, because it moves low-angle lines by a much larger fraction of their s than high-angle ones. Each
 * candidate is refined by least squares on the lines it indexes.
 *
 * <p>A large enough cell indexes any set of lines, so a candidate is judged by de Wolff's figure of merit (J. Appl.
 * Cryst. 1, 108, 1968), M_N = s_N / (2 mean|delta s| N_calc): the observed s of the N-th line over twice the mean
 * discrepancy times the number of distinct lines the cell allows up to it. It rewards a small cell that leaves few
 * allowed lines unobserved and fits them closely; M_20 above 10 is the conventional mark of a probably right indexing.
 * Lattice centrings (I and F for cubic, I for tetragonal, R in hexagonal axes) remove lines by their reflection
 * conditions (Vol. A, Table 2.2.13.1); the centring giving the highest M_N among those that index the same lines is
 * reported, so a body-centred garnet is not penalised for the lines its centring forbids.
 *
 * <p>What indexing cannot see: a lower-symmetry crystal whose cell happens to have a high-symmetry metric within the
 * resolution (an orthorhombic cell with a = b) indexes as the higher system, and a pattern with an impurity's lines
 * among its first lines may fail to index at all. The search therefore only proposes a metric, with its figure of
 * merit; how it is combined with a classifier's answer is decided elsewhere.
 */
public final class LatticeIndexer {

  /** The lattice metrics searched, from the most constrained. */
  public enum Metric {
    CUBIC,
    TETRAGONAL,
    HEXAGONAL
  }

  /** Lattice centrings whose reflection conditions thin out the calculated lines. */
  public enum Centring {
    /** Primitive: every hkl. */
    P,
    /** Body-centred: h + k + l even. */
    I,
    /** Face-centred: h, k, l all even or all odd. */
    F,
    /** Rhombohedral in hexagonal axes (obverse): -h + k + l divisible by 3. */
    R;

    boolean allows(int h, int k, int l) {
      return switch (this) {
        case P -> true;
        case I -> Math.floorMod(h + k + l, 2) == 0;
        case F -> Math.floorMod(h, 2) == Math.floorMod(k, 2) && Math.floorMod(k, 2) == Math.floorMod(l, 2);
        case R -> Math.floorMod(-h + k + l, 3) == 0;
      };
    }
  }

  /**
   * Settings of the search.
   *
   * @param maxLines lines used, the first by angle (de Wolff's 20)
   * @param minLines fewer lines than this are not indexed: too few to tell a ladder from chance
   * @param minTwoThetaDeg lines below this angle are ignored (the direct beam's tail and the least reliable background
   *     at the start of a measured scan)
   * @param toleranceDeg largest 2-theta difference, after the zero offset, between an observed line and a calculated
   *     one for the line to count as indexed
   * @param maxZeroOffsetDeg zero offsets from minus to plus this are searched
   * @param zeroStepDeg step of that search
   * @param maxCellAngstrom largest cell edge tried
   * @param minFigureOfMerit smallest de Wolff M_N of an accepted indexing
   * @param unindexedPerTenLines lines allowed to stay unindexed per ten used (an impurity or a K-alpha-2 line)
   * @param maxCalculatedPerLine most distinct calculated lines per used line: a cell predicting many times more lines
   *     than are seen is a fine ladder that fits anything, not the crystal's cell
   */
  public record Settings(
      int maxLines,
      int minLines,
      double minTwoThetaDeg,
      double toleranceDeg,
      double maxZeroOffsetDeg,
      double zeroStepDeg,
      double maxCellAngstrom,
      double minFigureOfMerit,
      int unindexedPerTenLines,
      double maxCalculatedPerLine) {

    /**
     * The defaults: the first 20 lines above 8 degrees, 0.05 degree tolerance (about one step of the 2048-point model
     * grid, within which the parabolic peak position of a measured line lies), zero offsets up to 0.3 degree (RRUFF
     * lines sit 0.1-0.2 degree off), cells up to 25 angstrom (garnets are 11-13), M_N at least 10, one unindexed line
     * per ten, at most 4 calculated lines per used one.
     */
    public static final Settings DEFAULT = new Settings(20, 6, 8.0, 0.05, 0.3, 0.02, 25.0, 10.0, 1, 4.0);

    public Settings {
      if (minLines < 3 || maxLines < minLines || !(toleranceDeg > 0) || !(zeroStepDeg > 0)
          || !(maxZeroOffsetDeg >= 0) || !(maxCellAngstrom > 2) || unindexedPerTenLines < 0
          || !(maxCalculatedPerLine >= 1)) {
        throw new IllegalArgumentException("invalid indexing settings " + this);
      }
    }
  }

  /**
   * An accepted or best-found cell.
   *
   * @param metric the lattice metric
   * @param centring the centring with the highest figure of merit among those indexing as many lines
   * @param aAngstrom cell edge a
   * @param cAngstrom cell edge c (equal to a for cubic)
   * @param zeroOffsetDeg the zero offset found: observed 2-theta = true 2-theta + offset
   * @param linesUsed lines the figure of merit is computed over
   * @param linesIndexed of them, lines within the tolerance of a calculated line
   * @param figureOfMerit de Wolff's M_N over the indexed lines, N = linesUsed
   * @param calculatedLines distinct lines the cell and centring allow up to the last used line
   */
  public record Cell(
      Metric metric,
      Centring centring,
      double aAngstrom,
      double cAngstrom,
      double zeroOffsetDeg,
      int linesUsed,
      int linesIndexed,
      double figureOfMerit,
      int calculatedLines) {}

  /**
   * Floor of a line's discrepancy, as a fraction of its tolerance (0.01 degree for the default 0.05): no measured line
   * is located better than that, and without a floor a cell that is commensurate with the true one by chance (a cubic
   * a = sqrt(17) a_rutile = sqrt(41) c_rutile fits exact rutile lines to 0.03 %) reaches any figure of merit on exact
   * positions.
   */
  private static final double PRECISION_FRACTION = 0.2;

  /** The indexes m tried on the first lines: small values of h^2 + k^2 (+ l^2) that a first line usually has. */
  private static final int MAX_TRIAL_M = 13;

  /** Largest l tried on the first lines. */
  private static final int MAX_TRIAL_L = 3;

  private static final int MAX_CUBIC_TRIAL_N = 40;

  /** First lines tried as the lines fixing a two-parameter cell. */
  private static final int TRIAL_LINES = 6;

  private final Settings settings;

  public LatticeIndexer(Settings settings) {
    this.settings = settings;
  }

  /** Half width of the window within which a line must be the largest point: 0.125 degree, about one peak width. */
  private static final double LINE_HALF_WINDOW_DEG = 0.125;

  /** Largest height of a K-alpha-2 line relative to its K-alpha-1 line (nominally 0.5; overlap raises a shoulder). */
  private static final double MAX_K_ALPHA2_RATIO = 0.75;

  /**
   * Positions in degrees of the lines of a pattern on a grid, in order of angle: its resolved reflections ({@link
   * ResolvedPeaks}, above 5 % of the strongest point, each the largest within 0.125 degree), less those that are the
   * K-alpha-2 companions of a stronger line. A measured Cu pattern resolves the doublet above about 60 degrees (0.27
   * degree apart at 87 degrees), and its second line belongs to no cell.
   *
   * @param radiation the radiation the grid's angles refer to; its K-alpha-1 and K-alpha-2 wavelengths place the
   *     companions (sin theta_2 = sin theta_1 lambda_2 / lambda_1)
   */
  public double[] linesTwoThetaDeg(float[] intensity, PatternGrid grid, Radiation radiation) {
    int halfWindow = Math.max(1, (int) Math.round(LINE_HALF_WINDOW_DEG / grid.stepDeg()));
    List<ResolvedPeaks.Peak> peaks = ResolvedPeaks.find(
        intensity, 0, intensity.length, ResolvedPeaks.DEFAULT_MIN_RELATIVE_HEIGHT, halfWindow);
    double ratio = radiation.kAlpha2Angstrom() / radiation.kAlpha1Angstrom();
    double[] twoTheta = peaks.stream().mapToDouble(p -> grid.twoThetaMinDeg() + p.gridIndex() * grid.stepDeg())
        .toArray();
    List<Double> lines = new ArrayList<>();
    for (int j = 0; j < twoTheta.length; j++) {
      boolean companion = false;
      for (int i = 0; i < j && !companion; i++) {
        double sinTheta2 = Math.sin(Math.toRadians(twoTheta[i] / 2)) * ratio;
        double expected = sinTheta2 < 1 ? Math.toDegrees(2 * Math.asin(sinTheta2)) : Double.NaN;
        companion = Math.abs(twoTheta[j] - expected) <= settings.toleranceDeg()
            && peaks.get(j).height() <= MAX_K_ALPHA2_RATIO * peaks.get(i).height();
      }
      if (!companion) {
        lines.add(twoTheta[j]);
      }
    }
    return lines.stream().mapToDouble(Double::doubleValue).toArray();
  }

  /**
   * The best cell of each metric that passes the settings' thresholds, most constrained metric first.
   *
   * @param linesTwoThetaDeg observed line positions, degrees, any order
   * @param wavelengthAngstrom the wavelength the positions are measured at
   */
  public List<Cell> acceptedCells(double[] linesTwoThetaDeg, double wavelengthAngstrom) {
    List<Cell> out = new ArrayList<>();
    for (Metric metric : Metric.values()) {
      best(metric, linesTwoThetaDeg, wavelengthAngstrom).filter(this::accepted).ifPresent(out::add);
    }
    return out;
  }

  /** Whether a cell meets the figure of merit (and, as every cell {@link #best} returns, the other limits). */
  public boolean accepted(Cell cell) {
    return cell.figureOfMerit() >= settings.minFigureOfMerit() && admissible(cell);
  }

  /** Whether a cell leaves at most the allowed lines unindexed and predicts at most the allowed calculated lines. */
  private boolean admissible(Cell cell) {
    return cell.linesUsed() - cell.linesIndexed() <= allowedUnindexed(cell.linesUsed())
        && cell.calculatedLines() <= settings.maxCalculatedPerLine() * cell.linesUsed();
  }

  /**
   * The cell of the given metric with the highest figure of merit among those that leave at most the allowed lines
   * unindexed and predict at most the allowed calculated lines; empty when there are fewer usable lines than {@link
   * Settings#minLines()} or no cell is admissible.
   */
  public Optional<Cell> best(Metric metric, double[] linesTwoThetaDeg, double wavelengthAngstrom) {
    double[] lines = Arrays.stream(linesTwoThetaDeg)
        .filter(t -> t >= settings.minTwoThetaDeg() && t < 180)
        .sorted()
        .limit(settings.maxLines())
        .toArray();
    if (lines.length < settings.minLines()) {
      return Optional.empty();
    }
    Ladder ladder = Ladder.of(metric);
    int allowed = allowedUnindexed(lines.length);
    Cell best = null;
    Set<List<Long>> seen = new HashSet<>();
    int zeroSteps = (int) Math.round(settings.maxZeroOffsetDeg() / settings.zeroStepDeg());
    for (int z = -zeroSteps; z <= zeroSteps; z++) {
      double zero = z * settings.zeroStepDeg();
      Observed observed = Observed.of(lines, zero, wavelengthAngstrom, settings.toleranceDeg());
      for (double[] trial : ladder.trials(observed.s, settings.maxCellAngstrom())) {
        Fit fit = ladder.match(observed, trial[0], trial[1], allowed);
        if (fit == null) {
          continue;
        }
        fit = ladder.refine(observed, fit, allowed);
        if (fit == null || !seen.add(List.of((long) z, Math.round(fit.a * 1e7), Math.round(fit.c * 1e7)))) {
          continue;
        }
        Cell cell = ladder.cell(observed, fit, zero);
        if (admissible(cell) && (best == null || cell.figureOfMerit() > best.figureOfMerit())) {
          best = cell;
        }
      }
    }
    return Optional.ofNullable(best);
  }

  private int allowedUnindexed(int lines) {
    return lines * settings.unindexedPerTenLines() / 10;
  }

  /**
   * Observed lines as s = 1/d^2 after removing a zero offset, each with its tolerance in s: ds/d(2 theta) =
   * 2 sin(2 theta) / lambda^2 per radian.
   */
  private record Observed(double[] s, double[] tolerance) {
    static Observed of(double[] twoThetaDeg, double zeroDeg, double wavelength, double toleranceDeg) {
      double[] s = new double[twoThetaDeg.length];
      double[] tol = new double[twoThetaDeg.length];
      for (int i = 0; i < s.length; i++) {
        double twoTheta = Math.toRadians(twoThetaDeg[i] - zeroDeg);
        double sinTheta = Math.sin(twoTheta / 2);
        s[i] = 4 * sinTheta * sinTheta / (wavelength * wavelength);
        tol[i] = 2 * Math.sin(twoTheta) / (wavelength * wavelength) * Math.toRadians(toleranceDeg);
      }
      return new Observed(s, tol);
    }
  }

  /**
   * A candidate's lines: for each observed line its indexes (m, l^2) on the ladder, or -1 when unindexed.
   *
   * @param a coefficient of m
   * @param c coefficient of l^2 (0 for cubic)
   */
  private record Fit(double a, double c, int[] m, int[] l2, int indexed) {}

  /**
   * The ladder of a metric: s = a m + c l^2 with m drawn from the values h^2 + k^2 + l^2 (cubic, c = 0, l folded into
   * m), h^2 + k^2 (tetragonal) or h^2 + hk + k^2 (hexagonal, a = 4 / (3 a_cell^2)).
   */
  private record Ladder(Metric metric, boolean[] allowedM) {
    private static final int M_LIMIT = 4000;

    static Ladder of(Metric metric) {
      boolean[] allowed = new boolean[M_LIMIT + 1];
      int max = (int) Math.sqrt(M_LIMIT) + 1;
      for (int h = 0; h <= max; h++) {
        for (int k = 0; k <= max; k++) {
          if (metric == Metric.CUBIC) {
            for (int l = 0; l <= max; l++) {
              mark(allowed, h * h + k * k + l * l);
            }
          } else {
            mark(allowed, metric == Metric.TETRAGONAL ? h * h + k * k : h * h + h * k + k * k);
          }
        }
      }
      return new Ladder(metric, allowed);
    }

    private static void mark(boolean[] allowed, int m) {
      if (m <= M_LIMIT) {
        allowed[m] = true;
      }
    }

    /** Cell edge a in angstrom from the coefficient of m. */
    double edgeA(double a) {
      return metric == Metric.HEXAGONAL ? Math.sqrt(4 / (3 * a)) : 1 / Math.sqrt(a);
    }

    /**
     * Trial (a, c) pairs: one of the first three lines given each allowed m up to {@value #MAX_CUBIC_TRIAL_N} (cubic),
     * or two of the first {@value #TRIAL_LINES} lines given each pair of small (m, l).
     */
    List<double[]> trials(double[] s, double maxCell) {
      List<double[]> out = new ArrayList<>();
      double minA = metric == Metric.HEXAGONAL ? 4 / (3 * maxCell * maxCell) : 1 / (maxCell * maxCell);
      double minC = 1 / (maxCell * maxCell);
      if (metric == Metric.CUBIC) {
        for (int i = 0; i < Math.min(3, s.length); i++) {
          for (int n = 1; n <= MAX_CUBIC_TRIAL_N; n++) {
            if (allowedM[n] && s[i] / n >= minA) {
              out.add(new double[] {s[i] / n, 0});
            }
          }
        }
        return out;
      }
      List<int[]> indexes = new ArrayList<>();
      for (int m = 0; m <= MAX_TRIAL_M; m++) {
        for (int l = 0; l <= MAX_TRIAL_L; l++) {
          if (allowedM[m] && (m > 0 || l > 0)) {
            indexes.add(new int[] {m, l * l});
          }
        }
      }
      int first = Math.min(TRIAL_LINES, s.length);
      for (int i = 0; i < first; i++) {
        for (int j = i + 1; j < first; j++) {
          for (int[] p : indexes) {
            for (int[] q : indexes) {
              double det = (double) p[0] * q[1] - (double) q[0] * p[1];
              if (det == 0) {
                continue;
              }
              double a = (s[i] * q[1] - s[j] * p[1]) / det;
              double c = (p[0] * s[j] - q[0] * s[i]) / det;
              if (a >= minA && c >= minC) {
                out.add(new double[] {a, c});
              }
            }
          }
        }
      }
      return out;
    }

    /**
     * Each observed line's nearest ladder value within its tolerance; null as soon as more than {@code allowed} lines
     * stay unindexed.
     */
    Fit match(Observed o, double a, double c, int allowed) {
      int n = o.s.length;
      int[] m = new int[n];
      int[] l2 = new int[n];
      int unindexed = 0;
      for (int i = 0; i < n; i++) {
        double bestResidual = Double.POSITIVE_INFINITY;
        m[i] = -1;
        int maxL = c > 0 ? (int) Math.sqrt((o.s[i] + o.tolerance[i]) / c) : 0;
        for (int l = 0; l <= maxL; l++) {
          double rest = o.s[i] - c * l * l;
          int lo = Math.max(0, (int) Math.ceil((rest - o.tolerance[i]) / a));
          int hi = (int) Math.floor((rest + o.tolerance[i]) / a);
          for (int k = lo; k <= Math.min(hi, M_LIMIT); k++) {
            double residual = Math.abs(rest - a * k);
            if (allowedM[k] && (k > 0 || l > 0) && residual < bestResidual) {
              bestResidual = residual;
              m[i] = k;
              l2[i] = l * l;
            }
          }
        }
        if (m[i] < 0 && ++unindexed > allowed) {
          return null;
        }
      }
      return new Fit(a, c, m, l2, n - unindexed);
    }

    /** Least-squares (a, c) over the indexed lines, then the lines matched again; null if it falls apart. */
    Fit refine(Observed o, Fit fit, int allowed) {
      double smm = 0, sml = 0, sll = 0, sms = 0, sls = 0;
      for (int i = 0; i < o.s.length; i++) {
        if (fit.m[i] >= 0) {
          double w = 1 / (o.tolerance[i] * o.tolerance[i]);
          smm += w * fit.m[i] * fit.m[i];
          sml += w * fit.m[i] * fit.l2[i];
          sll += w * fit.l2[i] * fit.l2[i];
          sms += w * fit.m[i] * o.s[i];
          sls += w * fit.l2[i] * o.s[i];
        }
      }
      double a;
      double c;
      if (metric == Metric.CUBIC) {
        a = sms / smm;
        c = 0;
      } else {
        double det = smm * sll - sml * sml;
        if (!(Math.abs(det) > 1e-12 * smm * sll)) {
          return fit;
        }
        a = (sms * sll - sls * sml) / det;
        c = (smm * sls - sml * sms) / det;
      }
      if (!(a > 0) || c < 0 || (metric != Metric.CUBIC && !(c > 0))) {
        return null;
      }
      return match(o, a, c, allowed);
    }

    /** The cell of a fit, with the centring of highest figure of merit among those indexing as many lines. */
    Cell cell(Observed o, Fit fit, double zero) {
      double sLast = o.s[o.s.length - 1] + o.tolerance[o.s.length - 1];
      double edgeA = edgeA(fit.a);
      double edgeC = metric == Metric.CUBIC ? edgeA : 1 / Math.sqrt(fit.c);
      Cell best = null;
      for (Centring centring : centrings()) {
        double[] calculated = calculatedLines(fit.a, fit.c, centring, sLast);
        int indexed = 0;
        double discrepancy = 0;
        for (int i = 0; i < o.s.length; i++) {
          double nearest = nearest(calculated, o.s[i]);
          if (Math.abs(nearest - o.s[i]) <= o.tolerance[i]) {
            indexed++;
            discrepancy += Math.max(Math.abs(nearest - o.s[i]), PRECISION_FRACTION * o.tolerance[i]);
          }
        }
        if (indexed < fit.indexed) {
          continue;
        }
        double meanDiscrepancy = Math.max(discrepancy / indexed, 1e-12);
        double merit = o.s[o.s.length - 1] / (2 * meanDiscrepancy * calculated.length);
        Cell cell = new Cell(
            metric, centring, edgeA, edgeC, zero, o.s.length, indexed, merit, calculated.length);
        if (best == null || cell.figureOfMerit() > best.figureOfMerit()) {
          best = cell;
        }
      }
      return best;
    }

    List<Centring> centrings() {
      return switch (metric) {
        case CUBIC -> List.of(Centring.P, Centring.I, Centring.F);
        case TETRAGONAL -> List.of(Centring.P, Centring.I);
        case HEXAGONAL -> List.of(Centring.P, Centring.R);
      };
    }

    /** Distinct s values up to {@code sMax} of the cell's reflections that the centring allows, ascending. */
    double[] calculatedLines(double a, double c, Centring centring, double sMax) {
      double cellA = edgeA(a);
      double cellC = metric == Metric.CUBIC ? cellA : 1 / Math.sqrt(c);
      int hMax = (int) Math.ceil(cellA * Math.sqrt(sMax) * (metric == Metric.HEXAGONAL ? 1.2 : 1)) + 1;
      int lMax = (int) Math.ceil(cellC * Math.sqrt(sMax)) + 1;
      List<Double> values = new ArrayList<>();
      for (int h = -hMax; h <= hMax; h++) {
        for (int k = -hMax; k <= hMax; k++) {
          for (int l = -lMax; l <= lMax; l++) {
            if ((h == 0 && k == 0 && l == 0) || !centring.allows(h, k, l)) {
              continue;
            }
            double s = switch (metric) {
              case CUBIC -> a * (h * h + k * k + l * l);
              case TETRAGONAL -> a * (h * h + k * k) + c * l * l;
              case HEXAGONAL -> a * (h * h + h * k + k * k) + c * l * l;
            };
            if (s <= sMax) {
              values.add(s);
            }
          }
        }
      }
      double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
      double[] distinct = new double[sorted.length];
      int n = 0;
      for (double v : sorted) {
        if (n == 0 || v - distinct[n - 1] > 1e-9 * v) {
          distinct[n++] = v;
        }
      }
      return Arrays.copyOf(distinct, n);
    }

    private static double nearest(double[] sorted, double value) {
      int i = Arrays.binarySearch(sorted, value);
      if (i >= 0) {
        return sorted[i];
      }
      int insertion = -i - 1;
      double best = Double.POSITIVE_INFINITY;
      for (int j = Math.max(0, insertion - 1); j <= Math.min(sorted.length - 1, insertion); j++) {
        if (Math.abs(sorted[j] - value) < Math.abs(best - value)) {
          best = sorted[j];
        }
      }
      return best;
    }
  }
}
