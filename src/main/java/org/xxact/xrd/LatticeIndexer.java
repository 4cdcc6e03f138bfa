package org.xxact.xrd;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Indexing of a powder pattern's reflections by a lattice of cubic, tetragonal, hexagonal, orthorhombic or monoclinic
 * metric. A crystal system fixes the metric of the lattice, and with it where lines may fall: with s = 1/d^2, a cubic
 * cell places every line at s = (h^2 + k^2 + l^2) / a^2, a tetragonal one at (h^2 + k^2) / a^2 + l^2 / c^2, a hexagonal
 * (or trigonal, in hexagonal axes) one at 4 (h^2 + hk + k^2) / (3 a^2) + l^2 / c^2, an orthorhombic one at h^2 / a^2 +
 * k^2 / b^2 + l^2 / c^2 and a monoclinic one (b unique) at h^2 a*^2 + k^2 b*^2 + l^2 c*^2 + 2 hl a* c* cos beta*
 * (International Tables for Crystallography, Vol. C, Table 1.1.2.1). A pattern whose lines all sit on such a ladder is
 * very likely of that symmetry, however few training structures of its kind a classifier has seen: this is how a
 * crystallographer recognises a cubic garnet or a hexagonal mica before any model is fitted.
 *
 * <p>The search is the classical one for cells with one to four free parameters (Hesse 1948, Lipson 1949; ITO and
 * DICVOL use the same idea): the first lines by angle are assigned small indices, which fixes the cell (one line for
 * cubic, two for tetragonal and hexagonal, three for orthorhombic; for monoclinic three hk0 or 0kl lines fix a*, b* and
 * c*, and the lowest line they leave unindexed fixes beta, as in TREOR, Werner et al., J. Appl. Cryst. 18, 367, 1985),
 * and every other line is then looked up on that cell's ladder. A constant zero offset of the 2-theta scale (sample
 * displacement and instrument zero, up to a few tenths of a degree on measured patterns) is searched on a grid, because
 * it moves low-angle lines by a much larger fraction of their s than high-angle ones. Each candidate is refined by
 * least squares on the lines it indexes.
 *
 * <p>A large enough cell indexes any set of lines, so a candidate is judged by de Wolff's figure of merit (J. Appl.
 * Cryst. 1, 108, 1968), M_N = s_N / (2 mean|delta s| N_calc): the observed s of the N-th line over twice the mean
 * discrepancy times the number of distinct lines the cell allows up to it. It rewards a small cell that leaves few
 * allowed lines unobserved and fits them closely; M_20 above 10 is the conventional mark of a probably right indexing.
 * Lattice centrings (I and F for cubic, I for tetragonal, R in hexagonal axes, A, B, C, I and F for orthorhombic)
 * remove lines by their reflection conditions (Vol. A, Table 2.2.13.1; A, C and I for monoclinic, the three settings of
 * its one centred lattice); the centring giving the highest M_N among those that index the same lines is reported, so a
 * body-centred garnet is not penalised for the lines its centring forbids.
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
    HEXAGONAL,
    ORTHORHOMBIC,
    MONOCLINIC
  }

  /**
   * Which reflections hkl a crystal may show, indices on the axes of the cell: a lattice centring, or the reflection
   * conditions of a space group.
   */
  @FunctionalInterface
  public interface ReflectionCondition {
    boolean allows(int h, int k, int l);
  }

  /** Lattice centrings whose reflection conditions thin out the calculated lines. */
  public enum Centring implements ReflectionCondition {
    /** Primitive: every hkl. */
    P,
    /** Body-centred: h + k + l even. */
    I,
    /** Face-centred: h, k, l all even or all odd. */
    F,
    /** Rhombohedral in hexagonal axes (obverse): -h + k + l divisible by 3. */
    R,
    /** Centred on the A face: k + l even. */
    A,
    /** Centred on the B face: h + l even. */
    B,
    /** Centred on the C face: h + k even. */
    C;

    @Override
    public boolean allows(int h, int k, int l) {
      return switch (this) {
        case P -> true;
        case I -> Math.floorMod(h + k + l, 2) == 0;
        case F -> Math.floorMod(h, 2) == Math.floorMod(k, 2) && Math.floorMod(k, 2) == Math.floorMod(l, 2);
        case R -> Math.floorMod(-h + k + l, 3) == 0;
        case A -> Math.floorMod(k + l, 2) == 0;
        case B -> Math.floorMod(h + l, 2) == 0;
        case C -> Math.floorMod(h + k, 2) == 0;
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

    /** These settings with another allowance of unindexed lines. */
    public Settings withUnindexedPerTenLines(int lines) {
      return new Settings(maxLines, minLines, minTwoThetaDeg, toleranceDeg, maxZeroOffsetDeg, zeroStepDeg,
          maxCellAngstrom, minFigureOfMerit, lines, maxCalculatedPerLine);
    }
  }

  /**
   * An accepted or best-found cell.
   *
   * @param metric the lattice metric
   * @param centring the centring with the highest figure of merit among those indexing as many lines
   * @param aAngstrom cell edge a
   * @param bAngstrom cell edge b (equal to a but for orthorhombic)
   * @param cAngstrom cell edge c (equal to a for cubic)
   * @param betaDeg the angle between a and c (90 but for monoclinic, where b is the unique axis and beta is obtuse)
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
      double bAngstrom,
      double cAngstrom,
      double betaDeg,
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

  /** Largest m (h^2 + k^2 or h^2 + hk + k^2) tried on the first lines: small indexes, as first lines have. */
  private static final int MAX_TRIAL_M = 13;

  /** Largest l tried on the first lines. */
  private static final int MAX_TRIAL_L = 3;

  /** Largest h^2 + k^2 + l^2 tried on the first lines of a cubic pattern. */
  private static final int MAX_CUBIC_TRIAL_N = 40;

  /** Largest h, k and l tried on the first lines of an orthorhombic pattern, and of a monoclinic one. */
  private static final int MAX_ORTHORHOMBIC_TRIAL_INDEX = 2;

  /** The first lines among which a monoclinic trial's fourth line, the one that fixes beta, is chosen. */
  private static final int MONOCLINIC_BETA_LINES = 8;

  /**
   * How many of them are tried for beta: the lowest lines that no hk0 or 0kl reflection of the trial indexes. In the
   * right cell the lowest such line is an h0l-type reflection of small indices; the next one stands in when it is an
   * impurity's.
   */
  private static final int MONOCLINIC_BETA_CANDIDATES = 2;

  /** The ladder of each metric, with its trial inverses, built once. */
  private static final Map<Metric, Ladder> LADDERS = new EnumMap<>(Metric.class);

  static {
    for (Metric metric : Metric.values()) {
      LADDERS.put(metric, Ladder.of(metric));
    }
  }

  private final Settings settings;

  public LatticeIndexer(Settings settings) {
    this.settings = settings;
  }

  public Settings settings() {
    return settings;
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
    double[] lines = usedLines(linesTwoThetaDeg);
    if (lines.length < settings.minLines()) {
      return Optional.empty();
    }
    Ladder ladder = LADDERS.get(metric);
    int allowed = allowedUnindexed(lines.length);
    Cell[] best = new Cell[1];
    Set<List<Long>> seen = new HashSet<>();
    int zeroSteps = (int) Math.round(settings.maxZeroOffsetDeg() / settings.zeroStepDeg());
    for (int z = -zeroSteps; z <= zeroSteps; z++) {
      double zero = z * settings.zeroStepDeg();
      long zeroKey = z;
      Observed observed = Observed.of(lines, zero, wavelengthAngstrom, settings.toleranceDeg());
      ladder.trials(observed, settings.maxCellAngstrom(), trial -> {
        Fit fit = ladder.match(observed, trial, allowed);
        if (fit == null) {
          return;
        }
        fit = ladder.refine(observed, fit, allowed);
        if (fit == null) {
          return;
        }
        List<Long> key = new ArrayList<>();
        key.add(zeroKey);
        for (double x : fit.coefficients()) {
          key.add(Math.round(x * 1e7));
        }
        if (!seen.add(key)) {
          return;
        }
        Cell cell = ladder.cell(observed, fit, zero);
        if (admissible(cell) && (best[0] == null || cell.figureOfMerit() > best[0].figureOfMerit())) {
          best[0] = cell;
        }
      });
    }
    return Optional.ofNullable(best[0]);
  }

  /** The lines an indexing uses: the first {@link Settings#maxLines()} by angle from {@link Settings#minTwoThetaDeg()}. */
  private double[] usedLines(double[] linesTwoThetaDeg) {
    return Arrays.stream(linesTwoThetaDeg)
        .filter(t -> t >= settings.minTwoThetaDeg() && t < 180)
        .sorted()
        .limit(settings.maxLines())
        .toArray();
  }

  /**
   * How many of the used lines stay indexed by {@code cell} when only the reflections {@code condition} allows are
   * calculated, with the cell's zero offset: a space group's glide planes and screw axes forbid reflections beyond its
   * centring's, and a group whose forbidden reflections would be needed for observed lines is not the crystal's. For an
   * orthorhombic cell, whose edges the search orders a &gt;= b &gt;= c while a group's symbol fixes its own axes, the
   * most over the six assignments of the edges to the condition's axes. A monoclinic cell has b as its unique axis,
   * as the groups' conventional settings do, but its a and c are those of the reduced reciprocal net, and the
   * condition may be stated in another choice of them (C2/c is A2/n and I2/a in the other two cell choices, and a
   * and c may be swapped): the reflection conditions are parities of h and l, so the most over the six integer
   * reindexings of (h, l) that permute the four parity classes (GL(2, Z/2)) is taken (International Tables for
   * Crystallography, Vol. A, Section 4.3.2). The other metrics fix the unique axis.
   *
   * @param linesTwoThetaDeg the observed lines the cell was found from
   */
  public int linesIndexedUnder(
      Cell cell, double[] linesTwoThetaDeg, double wavelengthAngstrom, ReflectionCondition condition) {
    double[] lines = usedLines(linesTwoThetaDeg);
    Observed observed = Observed.of(lines, cell.zeroOffsetDeg(), wavelengthAngstrom, settings.toleranceDeg());
    double sMax = observed.s[lines.length - 1] + observed.tolerance[lines.length - 1];
    Ladder ladder = LADDERS.get(cell.metric());
    double[] edges = {cell.aAngstrom(), cell.bAngstrom(), cell.cAngstrom()};
    int best = 0;
    if (cell.metric() == Metric.MONOCLINIC) {
      double[] coefficients = Ladder.monoclinicCoefficients(edges, cell.betaDeg());
      for (int[] p : MONOCLINIC_REINDEXINGS) {
        ReflectionCondition reindexed =
            (h, k, l) -> condition.allows(p[0] * h + p[1] * l, k, p[2] * h + p[3] * l);
        double[] calculated = ladder.calculatedLines(coefficients, edges, reindexed, sMax);
        best = Math.max(best, Ladder.indexed(observed, calculated));
      }
      return best;
    }
    int[][] assignments = cell.metric() == Metric.ORTHORHOMBIC
        ? new int[][] {{0, 1, 2}, {0, 2, 1}, {1, 0, 2}, {1, 2, 0}, {2, 0, 1}, {2, 1, 0}}
        : new int[][] {{0, 1, 2}};
    for (int[] assignment : assignments) {
      double[] axes = {edges[assignment[0]], edges[assignment[1]], edges[assignment[2]]};
      double[] calculated = ladder.calculatedLines(ladder.coefficients(axes), axes, condition, sMax);
      best = Math.max(best, Ladder.indexed(observed, calculated));
    }
    return best;
  }

  /**
   * Integer reindexings (h', l') = (p0 h + p1 l, p2 h + p3 l) of determinant +-1, one for each of the six elements of
   * GL(2, Z/2): together they carry any parity condition on (h, l) to every other setting of it.
   */
  private static final int[][] MONOCLINIC_REINDEXINGS = {
      {1, 0, 0, 1}, {0, 1, 1, 0}, {1, 1, 0, 1}, {1, 0, 1, 1}, {0, 1, 1, 1}, {1, 1, 1, 0}};

  /** The centrings tried with a metric, primitive first: those whose reflection conditions that metric can carry. */
  public static List<Centring> centrings(Metric metric) {
    return switch (metric) {
      case CUBIC -> List.of(Centring.P, Centring.I, Centring.F);
      case TETRAGONAL -> List.of(Centring.P, Centring.I);
      case HEXAGONAL -> List.of(Centring.P, Centring.R);
      case ORTHORHOMBIC -> List.of(Centring.P, Centring.A, Centring.B, Centring.C, Centring.I, Centring.F);
      case MONOCLINIC -> List.of(Centring.P, Centring.A, Centring.C, Centring.I);
    };
  }

  /** The distinct s = 1/d^2 values up to {@code sMax} of a cell of the metric and centring, ascending (de Wolff's N_c). */
  static double[] calculatedLines(Metric metric, double[] coefficients, Centring centring, double sMax) {
    Ladder ladder = LADDERS.get(metric);
    return ladder.calculatedLines(coefficients, ladder.edges(coefficients), centring, sMax);
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
   * A candidate: the coefficients of s = coefficients . basis(hkl), and for each observed line the basis of its
   * nearest reflection within the tolerance, or null when unindexed.
   */
  private record Fit(double[] coefficients, int[][] basis, int indexed) {}

  /**
   * The ladder of a metric: s = coefficients . basis(h, k, l), with basis h^2 + k^2 + l^2 (cubic), (h^2 + k^2, l^2)
   * (tetragonal), (h^2 + hk + k^2, l^2) (hexagonal, first coefficient 4 / (3 a^2)), (h^2, k^2, l^2) (orthorhombic) or
   * (h^2, k^2, l^2, hl) (monoclinic, b unique: coefficients a*^2, b*^2, c*^2 and 2 a* c* cos beta*).
   *
   * <p>A monoclinic cell is searched in one setting: beta obtuse (the fourth coefficient positive) and a*, c* a
   * reduced basis of the h0l net, 0 &lt; 2 a* c* cos beta* &lt;= a*^2 &lt;= c*^2 (so beta is at most 120 degrees);
   * every monoclinic lattice has such a cell, and the centred ones show it as A, C or I.
   */
  private record Ladder(Metric metric, boolean[] allowedM, List<double[]> inverses) {
    private static final int M_LIMIT = 4000;

    static Ladder of(Metric metric) {
      boolean[] allowed = new boolean[M_LIMIT + 1];
      int max = (int) Math.sqrt(M_LIMIT) + 1;
      for (int h = 0; h <= max; h++) {
        for (int k = 0; k <= max; k++) {
          for (int l = 0; l <= (metric == Metric.CUBIC ? max : 0); l++) {
            int m = switch (metric) {
              case CUBIC -> h * h + k * k + l * l;
              case HEXAGONAL -> h * h + h * k + k * k;
              default -> h * h + k * k;
            };
            if (m <= M_LIMIT) {
              allowed[m] = true;
            }
          }
        }
      }
      return new Ladder(metric, allowed, inverses(trialIndexes(metric, allowed), baseParameters(metric)));
    }

    /**
     * The reflections with h l != 0 tried for the line that fixes a monoclinic trial's beta: h in +-1, +-2, k 0-2,
     * l 1-2, as bases (h^2, k^2, l^2, hl).
     */
    private static final List<int[]> MONOCLINIC_BETA_TRIALS = monoclinicBetaTrials();

    private static List<int[]> monoclinicBetaTrials() {
      List<int[]> out = new ArrayList<>();
      int max = MAX_ORTHORHOMBIC_TRIAL_INDEX;
      for (int h = -max; h <= max; h++) {
        for (int k = 0; k <= max; k++) {
          for (int l = 1; l <= max; l++) {
            if (h != 0) {
              out.add(new int[] {h * h, k * k, l * l, h * l});
            }
          }
        }
      }
      return out;
    }

    /**
     * The bases tried on the first lines: cubic h^2 + k^2 + l^2 up to {@value #MAX_CUBIC_TRIAL_N}; tetragonal and
     * hexagonal m up to {@value #MAX_TRIAL_M} with l up to {@value #MAX_TRIAL_L}; orthorhombic h, k, l up to
     * {@value #MAX_ORTHORHOMBIC_TRIAL_INDEX}; monoclinic the same with h l = 0 (hk0 and 0kl reflections, which fix a*,
     * b* and c*; beta comes from a fourth line, {@link #MONOCLINIC_BETA_TRIALS}).
     */
    private static List<int[]> trialIndexes(Metric metric, boolean[] allowed) {
      List<int[]> out = new ArrayList<>();
      switch (metric) {
        case CUBIC -> {
          for (int n = 1; n <= MAX_CUBIC_TRIAL_N; n++) {
            if (allowed[n]) {
              out.add(new int[] {n});
            }
          }
        }
        case ORTHORHOMBIC, MONOCLINIC -> {
          int max = MAX_ORTHORHOMBIC_TRIAL_INDEX;
          for (int h = 0; h <= max; h++) {
            for (int k = 0; k <= max; k++) {
              for (int l = 0; l <= max; l++) {
                if (h + k + l > 0 && (metric == Metric.ORTHORHOMBIC || h * l == 0)) {
                  out.add(new int[] {h * h, k * k, l * l});
                }
              }
            }
          }
        }
        default -> {
          for (int m = 0; m <= MAX_TRIAL_M; m++) {
            for (int l = 0; l <= MAX_TRIAL_L; l++) {
              if (allowed[m] && (m > 0 || l > 0)) {
                out.add(new int[] {m, l * l});
              }
            }
          }
        }
      }
      return out;
    }

    int parameters() {
      return parameters(metric);
    }

    static int parameters(Metric metric) {
      return switch (metric) {
        case CUBIC -> 1;
        case TETRAGONAL, HEXAGONAL -> 2;
        case ORTHORHOMBIC -> 3;
        case MONOCLINIC -> 4;
      };
    }

    /** The parameters the inverses solve for: all but a monoclinic beta, which a fourth line then fixes. */
    static int baseParameters(Metric metric) {
      return Math.min(3, parameters(metric));
    }

    /** The first lines among which the lines fixing a trial cell are chosen (beta aside). */
    int trialLines() {
      return switch (metric) {
        case CUBIC -> 3;
        case TETRAGONAL, HEXAGONAL, MONOCLINIC -> 6;
        case ORTHORHOMBIC -> 5;
      };
    }

    /** The coefficients of cell edges a, b, c in angstrom: the inverse of {@link #edges}; not for monoclinic cells. */
    double[] coefficients(double[] edges) {
      return switch (metric) {
        case MONOCLINIC -> throw new IllegalArgumentException("a monoclinic cell's coefficients need its beta");
        case CUBIC -> new double[] {1 / (edges[0] * edges[0])};
        case TETRAGONAL -> new double[] {1 / (edges[0] * edges[0]), 1 / (edges[2] * edges[2])};
        case HEXAGONAL -> new double[] {4 / (3 * edges[0] * edges[0]), 1 / (edges[2] * edges[2])};
        case ORTHORHOMBIC -> new double[] {
            1 / (edges[0] * edges[0]), 1 / (edges[1] * edges[1]), 1 / (edges[2] * edges[2])};
      };
    }

    /**
     * The monoclinic coefficients of edges a, b, c (angstrom) and beta: a*^2 = 1 / (a sin beta)^2, b*^2 = 1 / b^2,
     * c*^2 = 1 / (c sin beta)^2 and 2 a* c* cos beta* = -2 cos beta / (a c sin^2 beta).
     */
    static double[] monoclinicCoefficients(double[] edges, double betaDeg) {
      double beta = Math.toRadians(betaDeg);
      double sin = Math.sin(beta);
      return new double[] {
          1 / Math.pow(edges[0] * sin, 2),
          1 / (edges[1] * edges[1]),
          1 / Math.pow(edges[2] * sin, 2),
          -2 * Math.cos(beta) / (edges[0] * edges[2] * sin * sin)};
    }

    /** Whether coefficients describe a lattice: all positive and, for monoclinic, a positive-definite h0l metric. */
    boolean valid(double[] coefficients) {
      for (double x : coefficients) {
        if (!(x > 0)) {
          return false;
        }
      }
      return metric != Metric.MONOCLINIC
          || 4 * coefficients[0] * coefficients[2] > coefficients[3] * coefficients[3];
    }

    /** The angle beta in degrees (90 but for monoclinic): cos beta* = D / (2 a* c*), beta = 180 - beta*. */
    double betaDeg(double[] coefficients) {
      if (metric != Metric.MONOCLINIC) {
        return 90;
      }
      double cosStar = coefficients[3] / (2 * Math.sqrt(coefficients[0] * coefficients[2]));
      return 180 - Math.toDegrees(Math.acos(cosStar));
    }

    /** Observed lines within their tolerance of a calculated one (ascending). */
    static int indexed(Observed o, double[] calculated) {
      int indexed = 0;
      for (int i = 0; i < o.s.length; i++) {
        if (Math.abs(nearest(calculated, o.s[i]) - o.s[i]) <= o.tolerance[i]) {
          indexed++;
        }
      }
      return indexed;
    }

    /** Cell edges a, b, c in angstrom from the coefficients. */
    double[] edges(double[] coefficients) {
      double a = metric == Metric.HEXAGONAL
          ? Math.sqrt(4 / (3 * coefficients[0]))
          : 1 / Math.sqrt(coefficients[0]);
      return switch (metric) {
        case MONOCLINIC -> {
          double sin = Math.sin(Math.toRadians(betaDeg(coefficients)));
          yield new double[] {a / sin, 1 / Math.sqrt(coefficients[1]), 1 / (Math.sqrt(coefficients[2]) * sin)};
        }
        case CUBIC -> new double[] {a, a, a};
        case TETRAGONAL, HEXAGONAL -> new double[] {a, a, 1 / Math.sqrt(coefficients[1])};
        case ORTHORHOMBIC -> new double[] {a, 1 / Math.sqrt(coefficients[1]), 1 / Math.sqrt(coefficients[2])};
      };
    }

    /**
     * Every trial cell: {@link #baseParameters} of the first {@link #trialLines()} lines, each given one of the trial
     * bases, solved for the coefficients (with the inverses of {@link #inverses}, computed once per metric); only
     * cells with positive coefficients and edges of at most {@code maxCell} are passed on (orthorhombic ones with
     * a &gt;= b &gt;= c, as the other orders are the same cells relabelled). A monoclinic trial solves a*^2, b*^2 and
     * c*^2 (a*^2 &lt;= c*^2) from three hk0 or 0kl lines, then takes its fourth coefficient from another of the first
     * {@value #MONOCLINIC_BETA_LINES} lines as an h0l-type reflection ({@link #MONOCLINIC_BETA_TRIALS}), kept when the
     * cell is in the reduced setting.
     */
    void trials(Observed observed, double maxCell, java.util.function.Consumer<double[]> consumer) {
      double[] s = observed.s;
      int p = baseParameters(metric);
      for (int[] lines : combinations(Math.min(trialLines(), s.length), p)) {
        for (double[] inverse : inverses) {
          double[] coefficients = new double[p];
          boolean usable = true;
          for (int r = 0; r < p && usable; r++) {
            double x = 0;
            for (int c = 0; c < p; c++) {
              x += inverse[r * p + c] * s[lines[c]];
            }
            coefficients[r] = x;
            usable = x > 0;
          }
          if (!usable
              || (metric == Metric.ORTHORHOMBIC
                  && !(coefficients[0] <= coefficients[1] && coefficients[1] <= coefficients[2]))
              || (metric == Metric.MONOCLINIC && !(coefficients[0] <= coefficients[2]))) {
            continue;
          }
          if (metric == Metric.MONOCLINIC) {
            betaTrials(observed, lines, coefficients, maxCell, consumer);
          } else if (small(coefficients, maxCell)) {
            consumer.accept(coefficients);
          }
        }
      }
    }

    private boolean small(double[] coefficients, double maxCell) {
      for (double edge : edges(coefficients)) {
        if (!(edge <= maxCell)) {
          return false;
        }
      }
      return true;
    }

    /** Whether s lies within the tolerance of an hk0 or 0kl reflection: s = a h^2 + b k^2 + c l^2 with h l = 0. */
    private static boolean onBaseLadder(double s, double tolerance, double[] abc) {
      int maxK = (int) Math.sqrt((s + tolerance) / abc[1]);
      for (int k = 0; k <= maxK; k++) {
        double rest = s - abc[1] * k * k;
        for (int axis = 0; axis <= 2; axis += 2) {
          long m = Math.round(Math.sqrt(Math.max(0, rest / abc[axis])));
          for (long x = Math.max(0, m - 1); x <= m + 1; x++) {
            if ((x > 0 || k > 0) && Math.abs(rest - abc[axis] * x * x) <= tolerance) {
              return true;
            }
          }
        }
      }
      return false;
    }

    /**
     * The monoclinic trials of one a*^2, b*^2, c*^2: beta from each other early line and h0l-type basis, lines that an
     * hk0 or 0kl reflection of the trial already indexes left out (they say nothing of beta), and only the first
     * {@value #MONOCLINIC_BETA_CANDIDATES} of the others used.
     */
    private void betaTrials(
        Observed observed,
        int[] baseLines,
        double[] abc,
        double maxCell,
        java.util.function.Consumer<double[]> consumer) {
      if (!(1 / Math.sqrt(abc[1]) <= maxCell)) {
        return;
      }
      double[] s = observed.s;
      double[] tolerance = observed.tolerance;
      int n = Math.min(MONOCLINIC_BETA_LINES, s.length);
      int betaLines = 0;
      for (int j = 0; j < n && betaLines < MONOCLINIC_BETA_CANDIDATES; j++) {
        if (j == baseLines[0] || j == baseLines[1] || j == baseLines[2]
            || onBaseLadder(s[j], tolerance[j], abc)) {
          continue;
        }
        betaLines++;
        for (int[] basis : MONOCLINIC_BETA_TRIALS) {
          double d = (s[j] - abc[0] * basis[0] - abc[1] * basis[1] - abc[2] * basis[2]) / basis[3];
          if (d > 0 && d <= abc[0]) {
            double[] coefficients = {abc[0], abc[1], abc[2], d};
            if (small(coefficients, maxCell)) {
              consumer.accept(coefficients);
            }
          }
        }
      }
    }

    /** All k-element subsets of {0, ..., n - 1}, each in increasing order. */
    private static List<int[]> combinations(int n, int k) {
      List<int[]> out = new ArrayList<>();
      int[] current = new int[k];
      addCombinations(n, 0, 0, current, out);
      return out;
    }

    private static void addCombinations(int n, int depth, int from, int[] current, List<int[]> out) {
      if (depth == current.length) {
        out.add(current.clone());
        return;
      }
      for (int i = from; i < n; i++) {
        current[depth] = i;
        addCombinations(n, depth + 1, i + 1, current, out);
      }
    }

    /**
     * The inverse (row-major, p x p) of every non-singular matrix whose rows are trial bases, one row per line that
     * fixes the cell: the coefficients of a trial are this inverse times the lines' s.
     */
    private static List<double[]> inverses(List<int[]> trialIndexes, int p) {
      List<double[]> out = new ArrayList<>();
      int[] chosen = new int[p];
      int total = (int) Math.pow(trialIndexes.size(), p);
      for (int code = 0; code < total; code++) {
        int rest = code;
        for (int r = 0; r < p; r++) {
          chosen[r] = rest % trialIndexes.size();
          rest /= trialIndexes.size();
        }
        double[][] matrix = new double[p][p];
        for (int r = 0; r < p; r++) {
          for (int c = 0; c < p; c++) {
            matrix[r][c] = trialIndexes.get(chosen[r])[c];
          }
        }
        double[] inverse = new double[p * p];
        boolean singular = false;
        for (int c = 0; c < p && !singular; c++) {
          double[] unit = new double[p];
          unit[c] = 1;
          double[] column = solve(matrix, unit);
          singular = column == null;
          for (int r = 0; r < p && !singular; r++) {
            inverse[r * p + c] = column[r];
          }
        }
        if (!singular) {
          out.add(inverse);
        }
      }
      return out;
    }

    /**
     * Each observed line's nearest reflection within its tolerance; null as soon as more than {@code allowed} lines
     * stay unindexed.
     */
    Fit match(Observed o, double[] coefficients, int allowed) {
      int n = o.s.length;
      int[][] basis = new int[n][];
      int unindexed = 0;
      for (int i = 0; i < n; i++) {
        basis[i] = nearest(o.s[i], o.tolerance[i], coefficients);
        if (basis[i] == null && ++unindexed > allowed) {
          return null;
        }
      }
      return new Fit(coefficients, basis, n - unindexed);
    }

    /** The basis of the reflection nearest to s within the tolerance, or null. */
    private int[] nearest(double s, double tolerance, double[] coefficients) {
      if (metric == Metric.MONOCLINIC) {
        return nearestMonoclinic(s, tolerance, coefficients);
      }
      double bestResidual = Double.POSITIVE_INFINITY;
      int[] best = null;
      if (metric == Metric.ORTHORHOMBIC) {
        double a = coefficients[0];
        double b = coefficients[1];
        double c = coefficients[2];
        int maxL = (int) Math.sqrt((s + tolerance) / c);
        for (int l = 0; l <= maxL; l++) {
          int maxK = (int) Math.sqrt(Math.max(0, (s + tolerance - c * l * l) / b));
          for (int k = 0; k <= maxK; k++) {
            double rest = s - c * l * l - b * k * k;
            int h0 = (int) Math.round(Math.sqrt(Math.max(0, rest / a)));
            for (int h = Math.max(0, h0 - 1); h <= h0 + 1; h++) {
              double residual = Math.abs(rest - a * h * h);
              if (h + k + l > 0 && residual <= tolerance && residual < bestResidual) {
                bestResidual = residual;
                best = new int[] {h * h, k * k, l * l};
              }
            }
          }
        }
        return best;
      }
      double a = coefficients[0];
      double c = metric == Metric.CUBIC ? 0 : coefficients[1];
      int maxL = c > 0 ? (int) Math.sqrt((s + tolerance) / c) : 0;
      for (int l = 0; l <= maxL; l++) {
        double rest = s - c * l * l;
        int lo = Math.max(0, (int) Math.ceil((rest - tolerance) / a));
        int hi = Math.min(M_LIMIT, (int) Math.floor((rest + tolerance) / a));
        for (int m = lo; m <= hi; m++) {
          double residual = Math.abs(rest - a * m);
          if (allowedM[m] && (m > 0 || l > 0) && residual < bestResidual) {
            bestResidual = residual;
            best = metric == Metric.CUBIC ? new int[] {m} : new int[] {m, l * l};
          }
        }
      }
      return best;
    }

    /**
     * The monoclinic reflection nearest to s within the tolerance, or null: for each l and k, A h^2 + D l h = s - B k^2
     * - C l^2 is a quadratic in h, and the integers next to its two roots are tried (l &gt;= 0 with h of either sign
     * covers every reflection up to Friedel's and k's sign).
     */
    private static int[] nearestMonoclinic(double s, double tolerance, double[] coefficients) {
      double a = coefficients[0];
      double b = coefficients[1];
      double c = coefficients[2];
      double d = coefficients[3];
      double cReduced = c - d * d / (4 * a);
      int maxL = (int) Math.sqrt((s + tolerance) / cReduced);
      double bestResidual = tolerance;
      boolean found = false;
      long bestH = 0;
      int bestK = 0;
      int bestL = 0;
      for (int l = 0; l <= maxL; l++) {
        int maxK = (int) Math.sqrt(Math.max(0, (s + tolerance - cReduced * l * l) / b));
        double centre = -d * l / (2 * a);
        for (int k = 0; k <= maxK; k++) {
          double rest = s - b * k * k - c * l * l;
          double halfWidth = Math.sqrt(Math.max(0, d * d * l * l + 4 * a * rest)) / (2 * a);
          for (int side = -1; side <= 1; side += 2) {
            long h0 = Math.round(centre + side * halfWidth);
            for (long h = h0 - 1; h <= h0 + 1; h++) {
              double residual = Math.abs(rest - a * h * h - d * h * l);
              if (residual <= bestResidual && (h != 0 || k != 0 || l != 0) && (!found || residual < bestResidual)) {
                bestResidual = residual;
                found = true;
                bestH = h;
                bestK = k;
                bestL = l;
              }
            }
          }
        }
      }
      return found ? new int[] {(int) (bestH * bestH), bestK * bestK, bestL * bestL, (int) bestH * bestL} : null;
    }

    /** Weighted least-squares coefficients over the indexed lines, then the lines matched again; null if it fails. */
    Fit refine(Observed o, Fit fit, int allowed) {
      int p = parameters();
      double[][] normal = new double[p][p];
      double[] rhs = new double[p];
      for (int i = 0; i < o.s.length; i++) {
        int[] basis = fit.basis[i];
        if (basis == null) {
          continue;
        }
        double w = 1 / (o.tolerance[i] * o.tolerance[i]);
        for (int r = 0; r < p; r++) {
          rhs[r] += w * basis[r] * o.s[i];
          for (int c = 0; c < p; c++) {
            normal[r][c] += w * basis[r] * basis[c];
          }
        }
      }
      double[] coefficients = solve(normal, rhs);
      if (coefficients == null) {
        return fit;
      }
      return valid(coefficients) ? match(o, coefficients, allowed) : null;
    }

    /** The cell of a fit, with the centring of highest figure of merit among those indexing as many lines. */
    Cell cell(Observed o, Fit fit, double zero) {
      double sLast = o.s[o.s.length - 1] + o.tolerance[o.s.length - 1];
      double[] edges = edges(fit.coefficients);
      double beta = betaDeg(fit.coefficients);
      Cell best = null;
      for (Centring centring : centrings(metric)) {
        double[] calculated = calculatedLines(fit.coefficients, edges, centring, sLast);
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
        double meanDiscrepancy = discrepancy / indexed;
        double merit = o.s[o.s.length - 1] / (2 * meanDiscrepancy * calculated.length);
        Cell cell = new Cell(
            metric, centring, edges[0], edges[1], edges[2], beta, zero, o.s.length, indexed, merit,
            calculated.length);
        if (best == null || cell.figureOfMerit() > best.figureOfMerit()) {
          best = cell;
        }
      }
      return best;
    }

    /**
     * Distinct s values up to {@code sMax} of the cell's reflections that the condition allows, ascending. Friedel
     * pairs (h, k, l) and (-h, -k, -l) share s and are absent together, so l >= 0 suffices; without the hk term of
     * the hexagonal metric, s and the parity conditions of P, I, F, A, B and C are also unchanged by the sign of k,
     * and without the hl term of the monoclinic one by the sign of h, so with a centring the orthogonal metrics need
     * one octant only and the monoclinic one half of the upper half-space (R, not sign-symmetric, goes with the
     * hexagonal metric only). Any other condition (a space group's) gets every sign of h and k.
     */
    double[] calculatedLines(double[] coefficients, double[] edges, ReflectionCondition condition, double sMax) {
      boolean hexagonal = metric == Metric.HEXAGONAL;
      boolean allSignsK = hexagonal || !(condition instanceof Centring);
      boolean allSignsH = allSignsK || metric == Metric.MONOCLINIC;
      double widen = hexagonal ? 1.2 : 1;
      int hMax = (int) Math.ceil(edges[0] * Math.sqrt(sMax) * widen) + 1;
      int kMax = (int) Math.ceil(edges[1] * Math.sqrt(sMax) * widen) + 1;
      int lMax = (int) Math.ceil(edges[2] * Math.sqrt(sMax)) + 1;
      double[] values = new double[64];
      int count = 0;
      for (int h = allSignsH ? -hMax : 0; h <= hMax; h++) {
        for (int k = allSignsK ? -kMax : 0; k <= kMax; k++) {
          for (int l = 0; l <= lMax; l++) {
            if ((h == 0 && k == 0 && l == 0) || !condition.allows(h, k, l)) {
              continue;
            }
            double s = switch (metric) {
              case CUBIC -> coefficients[0] * (h * h + k * k + l * l);
              case TETRAGONAL -> coefficients[0] * (h * h + k * k) + coefficients[1] * l * l;
              case HEXAGONAL -> coefficients[0] * (h * h + h * k + k * k) + coefficients[1] * l * l;
              case ORTHORHOMBIC -> coefficients[0] * h * h + coefficients[1] * k * k + coefficients[2] * l * l;
              case MONOCLINIC -> coefficients[0] * h * h + coefficients[1] * k * k + coefficients[2] * l * l
                  + coefficients[3] * h * l;
            };
            if (s <= sMax) {
              if (count == values.length) {
                values = Arrays.copyOf(values, 2 * count);
              }
              values[count++] = s;
            }
          }
        }
      }
      Arrays.sort(values, 0, count);
      int n = 0;
      for (int i = 0; i < count; i++) {
        double v = values[i];
        if (n == 0 || v - values[n - 1] > 1e-9 * v) {
          values[n++] = v;
        }
      }
      return Arrays.copyOf(values, n);
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

    /** Gaussian elimination with partial pivoting; null for a (numerically) singular system. */
    private static double[] solve(double[][] matrix, double[] rhs) {
      int n = rhs.length;
      double[][] a = new double[n][];
      double[] b = rhs.clone();
      double scale = 0;
      for (int r = 0; r < n; r++) {
        a[r] = matrix[r].clone();
        for (double x : a[r]) {
          scale = Math.max(scale, Math.abs(x));
        }
      }
      for (int col = 0; col < n; col++) {
        int pivot = col;
        for (int r = col + 1; r < n; r++) {
          if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) {
            pivot = r;
          }
        }
        if (!(Math.abs(a[pivot][col]) > 1e-12 * scale)) {
          return null;
        }
        double[] row = a[pivot];
        a[pivot] = a[col];
        a[col] = row;
        double t = b[pivot];
        b[pivot] = b[col];
        b[col] = t;
        for (int r = col + 1; r < n; r++) {
          double f = a[r][col] / a[col][col];
          for (int c = col; c < n; c++) {
            a[r][c] -= f * a[col][c];
          }
          b[r] -= f * b[col];
        }
      }
      double[] x = new double[n];
      for (int r = n - 1; r >= 0; r--) {
        double sum = b[r];
        for (int c = r + 1; c < n; c++) {
          sum -= a[r][c] * x[c];
        }
        x[r] = sum / a[r][r];
      }
      return x;
    }
  }
}
