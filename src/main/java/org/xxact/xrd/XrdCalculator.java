package org.xxact.xrd;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.xxact.crystal.Element;
import org.xxact.crystal.Lattice;
import org.xxact.crystal.Site;
import org.xxact.crystal.SpeciesOccupancy;
import org.xxact.crystal.Structure;

/**
 * Powder X-ray diffraction peaks of a crystal structure, number for number as pymatgen's {@code XRDCalculator}
 * (version 2022.11.7) computes them before any broadening.
 *
 * <p>Physics (De Graef and McHenry, <i>Structure of Materials</i>, Cambridge 2007, ch. 11-12; Warren, <i>X-ray
 * Diffraction</i>, 1969): every reciprocal lattice point g = h a* + k b* + l c* inside the limiting sphere of the
 * 2-theta range diffracts at sin(theta) = lambda |g| / 2. Its intensity is |F|^2 LP with the structure factor F = sum_j
 * f_j(s) occ_j exp(-B_j s^2) exp(2 pi i (h x_j + k y_j + l z_j)) over every species on every site (s = |g| / 2, f from
 * {@link AtomicScatteringFactors}, B the optional Debye-Waller factor of the element, applied to the amplitude) and the
 * Lorentz-polarisation factor LP = (1 + cos^2 2theta) / (sin^2 theta cos theta). Symmetry-equivalent reflections are
 * all enumerated, so no multiplicity factor is applied; reflections closer than {@link #TWO_THETA_TOL_DEG} merge into
 * one peak whose position and d-spacing are those of its first reflection in the order (|g|, -h, -k, -l); intensities
 * are scaled to a maximum of {@link #SCALED_MAXIMUM} and peaks at or below {@link #SCALED_INTENSITY_TOL} are dropped
 * (systematic absences come out near 1e-28, not 0). The step-by-step definition, with pymatgen's boundary rules, is
 * the project's XRD reference document.
 *
 * <p>Speed (pymatgen takes 60-80 ms per reference structure; this takes about 0.2 ms, docs/BENCHMARKS.md): the
 * sphere is enumerated row by row with exact index bounds from the reciprocal metric, so almost no point outside it is
 * visited; only half of it is computed, because Friedel's law gives F(-h -k -l) = F(h k l)*; phases come from per-atom
 * tables of exp(2 pi i h x), exp(2 pi i k y) and exp(2 pi i l z), so a reflection costs one complex multiply-add per
 * atom and no trigonometry, in a loop along l that vectorises; atoms are summed per element first, and the form factors
 * are evaluated once per element per shell of equal |g|; the reflections are put in order by a linear-time bucket sort.
 * Scratch arrays live in a per-thread workspace, so a call allocates only its result. Instances are immutable and safe
 * to share between threads.
 *
 * <p>A pymatgen run that would fail gives a defined result here: a range without reflections gives an empty pattern
 * (pymatgen raises on the empty maximum), and a point that pymatgen's search tolerance admits just beyond the limiting
 * sphere (sin(theta) &gt; 1) is left out (pymatgen raises in asin).
 */
public final class XrdCalculator {
  /** Reflections whose 2-theta differ by less than this (degrees) are one peak (pymatgen's TWO_THETA_TOL). */
  public static final double TWO_THETA_TOL_DEG = 1e-5;

  /**
   * A peak whose scaled intensity is at or below this (out of {@link #SCALED_MAXIMUM}) is dropped: systematic absences
   * do not cancel to exactly zero in floating point (pymatgen's SCALED_INTENSITY_TOL).
   */
  public static final double SCALED_INTENSITY_TOL = 1e-3;

  /** Intensity of the strongest peak after scaling. */
  public static final double SCALED_MAXIMUM = 100.0;

  /** pymatgen's default range, degrees. */
  public static final double DEFAULT_TWO_THETA_MIN_DEG = 0.0;

  /** pymatgen's default range, degrees. */
  public static final double DEFAULT_TWO_THETA_MAX_DEG = 90.0;

  /**
   * pymatgen's neighbour search takes its radius as a C float and, below this radius (1/angstrom), searches at this
   * radius and keeps the points with |g| &lt;= r; at or above it, it keeps |g|^2 &lt; r^2 + {@link #SPHERE_TOL}.
   */
  private static final float NEIGHBOUR_MIN_RADIUS = 1.0f;

  /** Additive tolerance on |g|^2 (1/angstrom^2) of pymatgen's neighbour search at radii of 1/angstrom and above. */
  private static final double SPHERE_TOL = 1e-8;

  /**
   * Relative widening of the sphere used only to bound the index loops, so that rounding in the bounds can never lose a
   * point; each visited point is then tested with the exact rule.
   */
  private static final double ENUMERATION_SLACK = 1e-9;

  /** Margin in index units on the loop bounds, for the same reason as {@link #ENUMERATION_SLACK}. */
  private static final double INDEX_MARGIN = 1e-6;

  /**
   * Reflections whose |g| agree to this relative precision share one evaluation of the form factors. Symmetry
   * equivalents differ only by rounding (about 1e-16); the form factor changes by less than 1e-12 relative over such
   * a step, far below the intensity tolerance of the reference.
   */
  private static final double SHELL_REL_TOL = 1e-12;

  private final Radiation radiation;
  private final double twoThetaMinDeg;
  private final double twoThetaMaxDeg;
  private final boolean fullSphere;
  private final Map<Element, Double> debyeWallerB;
  private final double rMin;
  private final float rMaxSearch;
  private final ThreadLocal<Workspace> workspace = ThreadLocal.withInitial(Workspace::new);

  private XrdCalculator(Builder b) {
    this.radiation = b.radiation;
    this.fullSphere = b.fullSphere;
    this.twoThetaMinDeg = b.fullSphere ? 0.0 : b.twoThetaMinDeg;
    this.twoThetaMaxDeg = b.fullSphere ? 180.0 : b.twoThetaMaxDeg;
    this.debyeWallerB = Map.copyOf(b.debyeWallerB);
    double lambda = radiation.wavelengthAngstrom();
    if (fullSphere) {
      this.rMin = 0.0;
      this.rMaxSearch = (float) (2 / lambda);
    } else {
      this.rMin = 2 * Math.sin(Math.toRadians(twoThetaMinDeg / 2)) / lambda;
      this.rMaxSearch = (float) (2 * Math.sin(Math.toRadians(twoThetaMaxDeg / 2)) / lambda);
    }
  }

  /** A calculator with pymatgen's defaults: Cu K-alpha, 0-90 degrees, no Debye-Waller factors. */
  public static XrdCalculator pymatgenDefaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Settings of an {@link XrdCalculator}; the defaults are pymatgen's. */
  public static final class Builder {
    private Radiation radiation = Radiation.CU_KA;
    private double twoThetaMinDeg = DEFAULT_TWO_THETA_MIN_DEG;
    private double twoThetaMaxDeg = DEFAULT_TWO_THETA_MAX_DEG;
    private boolean fullSphere;
    private final Map<Element, Double> debyeWallerB = new HashMap<>();

    private Builder() {}

    /** The source; its {@link Radiation#wavelengthAngstrom()} sets all positions. */
    public Builder radiation(Radiation r) {
      this.radiation = r;
      return this;
    }

    /**
     * The 2-theta range in degrees, both ends inclusive; 0 &lt;= min &lt;= max &lt;= 180. A range that holds no
     * reflection gives an empty pattern.
     */
    public Builder twoThetaRangeDeg(double minDeg, double maxDeg) {
      if (!(minDeg >= 0 && maxDeg <= 180 && minDeg <= maxDeg)) {
        throw new IllegalArgumentException(
            "2-theta range must satisfy 0 <= min <= max <= 180 degrees, got " + minDeg + " to " + maxDeg);
      }
      this.twoThetaMinDeg = minDeg;
      this.twoThetaMaxDeg = maxDeg;
      this.fullSphere = false;
      return this;
    }

    /** Every reflection in the limiting sphere |g| &lt;= 2 / lambda (pymatgen's {@code two_theta_range=None}). */
    public Builder fullSphere() {
      this.fullSphere = true;
      return this;
    }

    /** Debye-Waller factor B (angstrom^2) of an element; the amplitude of its atoms is damped by exp(-B s^2). */
    public Builder debyeWaller(Element element, double bAngstrom2) {
      if (!Double.isFinite(bAngstrom2)) {
        throw new IllegalArgumentException("Debye-Waller factor of " + element + " must be finite");
      }
      debyeWallerB.put(element, bAngstrom2);
      return this;
    }

    /** Debye-Waller factors B (angstrom^2) by element; elements not named have B = 0. */
    public Builder debyeWaller(Map<Element, Double> bByElement) {
      bByElement.forEach(this::debyeWaller);
      return this;
    }

    public XrdCalculator build() {
      return new XrdCalculator(this);
    }
  }

  public Radiation radiation() {
    return radiation;
  }

  public double twoThetaMinDeg() {
    return twoThetaMinDeg;
  }

  public double twoThetaMaxDeg() {
    return twoThetaMaxDeg;
  }

  /** Debye-Waller factors B in angstrom^2 by element (elements not present have B = 0). */
  public Map<Element, Double> debyeWallerB() {
    return debyeWallerB;
  }

  /**
   * The Lorentz-polarisation factor (1 + cos^2 2theta) / (sin^2 theta cos theta) of an unpolarised beam without a
   * monochromator (pymatgen's), at Bragg angle theta in radians.
   */
  public static double lorentzPolarization(double thetaRad) {
    return lorentzPolarization(Math.sin(thetaRad), Math.cos(thetaRad));
  }

  /** The same from sin(theta) and cos(theta), with cos(2 theta) = 1 - 2 sin^2(theta). */
  private static double lorentzPolarization(double sinTheta, double cosTheta) {
    double cos2t = 1 - 2 * sinTheta * sinTheta;
    return (1 + cos2t * cos2t) / (sinTheta * sinTheta * cosTheta);
  }

  /**
   * The powder pattern of a structure.
   *
   * @throws IllegalArgumentException when an element has no scattering coefficients (Z &gt; 98)
   */
  public DiffractionPattern calculate(Structure structure) {
    Workspace ws = workspace.get();
    ws.load(structure, debyeWallerB);
    enumerate(structure.lattice(), ws);
    sortReflections(ws);
    int nPeaks = mergePeaks(ws);
    return buildPattern(ws, nPeaks, structure.lattice().isHexagonal());
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Step 1-2: the reciprocal lattice points in the shell rMin <= |g| <= rMax, with per-element partial sums of F.

  private boolean keep(double d2) {
    if (rMaxSearch < NEIGHBOUR_MIN_RADIUS) {
      if (!(Math.sqrt(d2) <= rMaxSearch)) {
        return false;
      }
    } else if (!(d2 < (double) (rMaxSearch * rMaxSearch) + SPHERE_TOL)) {
      return false;
    }
    return rMin == 0 || Math.sqrt(d2) >= rMin;
  }

  private void enumerate(Lattice lattice, Workspace ws) {
    ws.nRefl = 0;
    double rEnum =
        rMaxSearch < NEIGHBOUR_MIN_RADIUS
            ? rMaxSearch
            : Math.sqrt((double) (rMaxSearch * rMaxSearch) + SPHERE_TOL);
    double r2 = rEnum * rEnum * (1 + ENUMERATION_SLACK);
    double[][] bm = lattice.reciprocalMatrix();
    double[][] am = lattice.matrix();
    double[][] m = new double[3][3];
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        m[i][j] = bm[i][0] * bm[j][0] + bm[i][1] * bm[j][1] + bm[i][2] * bm[j][2];
      }
    }
    // max |h| = r |a| (h = g . a); the same for k and l.
    int hMax = (int) Math.floor(Math.sqrt(r2) * norm(am[0]) + INDEX_MARGIN);
    int kMax = (int) Math.floor(Math.sqrt(r2) * norm(am[1]) + INDEX_MARGIN);
    int lMax = (int) Math.floor(Math.sqrt(r2) * norm(am[2]) + INDEX_MARGIN);
    if (Math.max(hMax, Math.max(kMax, lMax)) > MAX_INDEX / 2) {
      throw new IllegalArgumentException(
          "cell too large: Miller indices up to " + Math.max(hMax, Math.max(kMax, lMax)));
    }
    ws.buildPhaseTables(hMax, kMax, lMax);

    double g11 = dot(am[0], am[0]);
    double detKl = m[1][1] * m[2][2] - m[1][2] * m[1][2];
    double kCentrePerH = -(m[2][2] * m[0][1] - m[1][2] * m[0][2]) / detKl;
    double kWidthScale = m[2][2] / detKl;
    int nT = ws.nTerms;
    int nE = ws.nElements;
    int nh = 2 * hMax + 1;
    int nk = 2 * kMax + 1;
    int nl = 2 * lMax + 1;
    ws.ensureRow(nE * nl);
    double[] accRe = ws.rowAccRe;
    double[] accIm = ws.rowAccIm;
    // Friedel's law: with real form factors F(-h -k -l) is the complex conjugate of F(h k l), and -g has exactly the
    // same length in floating point, so only the half space h > 0, or h = 0 and k > 0, or h = k = 0 and l > 0 is
    // computed; each reflection found there brings its mate.
    for (int h = 0; h <= hMax; h++) {
      double restH = r2 - h * (double) h / g11;
      if (restH < 0) {
        continue;
      }
      double kHalf = Math.sqrt(restH * kWidthScale);
      double kc = kCentrePerH * h;
      int kLo = Math.max(h == 0 ? 0 : -kMax, (int) Math.ceil(kc - kHalf - INDEX_MARGIN));
      int kHi = Math.min(kMax, (int) Math.floor(kc + kHalf + INDEX_MARGIN));
      double gxH = h * bm[0][0];
      double gyH = h * bm[0][1];
      double gzH = h * bm[0][2];
      for (int k = kLo; k <= kHi; k++) {
        double lin = m[0][2] * h + m[1][2] * k;
        double qMin = m[0][0] * h * h + 2 * m[0][1] * h * k + m[1][1] * k * (double) k - lin * lin / m[2][2];
        double restHk = r2 - qMin;
        if (restHk < 0) {
          continue;
        }
        double lHalf = Math.sqrt(restHk / m[2][2]);
        double lc = -lin / m[2][2];
        int lLo = Math.max(h == 0 && k == 0 ? 1 : -lMax, (int) Math.ceil(lc - lHalf - INDEX_MARGIN));
        int lHi = Math.min(lMax, (int) Math.floor(lc + lHalf + INDEX_MARGIN));
        if (lLo > lHi) {
          continue;
        }
        // Per-element partial structure factors of the whole row: for each term, the phase of (h, k) times the
        // table of exp(2 pi i l z) along the row. The inner loop has no reduction, so it vectorises.
        int len = lHi - lLo + 1;
        java.util.Arrays.fill(accRe, 0, nE * len, 0.0);
        java.util.Arrays.fill(accIm, 0, nE * len, 0.0);
        for (int t = 0; t < nT; t++) {
          double xr = ws.xRe[t * nh + h + hMax];
          double xi = ws.xIm[t * nh + h + hMax];
          double yr = ws.yRe[t * nk + k + kMax];
          double yi = ws.yIm[t * nk + k + kMax];
          double occ = ws.occupancy[t];
          double pr = occ * (xr * yr - xi * yi);
          double pi = occ * (xr * yi + xi * yr);
          int a = ws.termElement[t] * len;
          int z = t * nl + lLo + lMax;
          double[] zr = ws.zRe;
          double[] zi = ws.zIm;
          for (int j = 0; j < len; j++) {
            accRe[a + j] += pr * zr[z + j] - pi * zi[z + j];
            accIm[a + j] += pr * zi[z + j] + pi * zr[z + j];
          }
        }
        // Same operation order as pymatgen's neighbour search: (h a* + k b*) + l c*, then x^2 + y^2 + z^2.
        double gxHk = gxH + k * bm[1][0];
        double gyHk = gyH + k * bm[1][1];
        double gzHk = gzH + k * bm[1][2];
        for (int l = lLo; l <= lHi; l++) {
          double gx = gxHk + l * bm[2][0];
          double gy = gyHk + l * bm[2][1];
          double gz = gzHk + l * bm[2][2];
          double d2 = gx * gx + gy * gy + gz * gz;
          if (!keep(d2)) {
            continue;
          }
          int n = ws.nRefl;
          ws.ensureReflections(n + 2);
          double g = Math.sqrt(d2);
          ws.h[n] = h;
          ws.k[n] = k;
          ws.l[n] = l;
          ws.g[n] = g;
          ws.h[n + 1] = -h;
          ws.k[n + 1] = -k;
          ws.l[n + 1] = -l;
          ws.g[n + 1] = g;
          int j = l - lLo;
          for (int e = 0; e < nE; e++) {
            double re = accRe[e * len + j];
            double im = accIm[e * len + j];
            ws.partRe[n * nE + e] = re;
            ws.partIm[n * nE + e] = im;
            ws.partRe[(n + 1) * nE + e] = re;
            ws.partIm[(n + 1) * nE + e] = -im;
          }
          ws.nRefl = n + 2;
        }
      }
    }
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Step 3: order (|g|, -h, -k, -l), ascending.

  /**
   * Sorts in linear time: a counting sort into as many buckets as reflections, by |g|^3 (lattice points are uniform in
   * volume, so the buckets fill evenly), then an exact (|g|, -h, -k, -l) insertion sort within each bucket, which holds
   * about one reflection plus its symmetry equivalents and Friedel mate. The bucket index never decreases with |g|, so
   * the result is exactly the order of a comparison sort.
   */
  private static void sortReflections(Workspace ws) {
    int n = ws.nRefl;
    if (n == 0) {
      return;
    }
    double lo = Double.POSITIVE_INFINITY;
    double hi = 0;
    for (int i = 0; i < n; i++) {
      lo = Math.min(lo, ws.g[i]);
      hi = Math.max(hi, ws.g[i]);
    }
    double lo3 = lo * lo * lo;
    double span = hi * hi * hi - lo3;
    double scale = span > 0 ? n / span : 0;
    int[] bucketOf = ws.bucketOf;
    int[] start = ws.bucketStart;
    Arrays.fill(start, 0, n + 1, 0);
    for (int i = 0; i < n; i++) {
      double g = ws.g[i];
      int b = Math.min(n - 1, (int) ((g * g * g - lo3) * scale));
      bucketOf[i] = b;
      start[b + 1]++;
    }
    for (int b = 0; b < n; b++) {
      start[b + 1] += start[b];
    }
    int[] fill = ws.peakOf; // free until mergePeaks
    System.arraycopy(start, 0, fill, 0, n);
    int[] order = ws.order;
    for (int i = 0; i < n; i++) {
      order[fill[bucketOf[i]]++] = i;
    }
    for (int b = 0; b < n; b++) {
      if (start[b + 1] - start[b] > 1) {
        insertionSort(ws, order, start[b], start[b + 1] - 1);
      }
    }
  }

  private static void insertionSort(Workspace ws, int[] a, int lo, int hi) {
    for (int i = lo + 1; i <= hi; i++) {
      int v = a[i];
      int j = i - 1;
      while (j >= lo && less(ws, v, a[j])) {
        a[j + 1] = a[j];
        j--;
      }
      a[j + 1] = v;
    }
  }

  private static boolean less(Workspace ws, int x, int y) {
    double gx = ws.g[x];
    double gy = ws.g[y];
    if (gx != gy) {
      return gx < gy;
    }
    if (ws.h[x] != ws.h[y]) {
      return ws.h[x] > ws.h[y];
    }
    if (ws.k[x] != ws.k[y]) {
      return ws.k[x] > ws.k[y];
    }
    return ws.l[x] > ws.l[y];
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Step 4: intensities, Lorentz-polarisation, merging into peaks.

  private int mergePeaks(Workspace ws) {
    double lambda = radiation.wavelengthAngstrom();
    int nE = ws.nElements;
    double[] w = ws.weight;
    double shellG = Double.NaN;
    double lastG = Double.NaN;
    double lastLp = Double.NaN;
    double lastTwoTheta = Double.NaN;
    int nPeaks = 0;
    for (int pos = 0; pos < ws.nRefl; pos++) {
      int r = ws.order[pos];
      double g = ws.g[r];
      if (!(Math.abs(g - shellG) <= SHELL_REL_TOL * g)) {
        shellG = g;
        double s = g / 2;
        double s2 = s * s;
        for (int e = 0; e < nE; e++) {
          double f = AtomicScatteringFactors.formFactor(ws.atomicNumber[e], ws.coefficients[e], s2);
          double b = ws.debyeWaller[e];
          w[e] = b == 0 ? f : f * Math.exp(-b * s2);
        }
      }
      double re = 0;
      double im = 0;
      int base = r * nE;
      for (int e = 0; e < nE; e++) {
        re += w[e] * ws.partRe[base + e];
        im += w[e] * ws.partIm[base + e];
      }
      if (g != lastG) {
        lastG = g;
        double sinTheta = lambda * g / 2;
        if (!(sinTheta <= 1)) {
          // Inside pymatgen's search tolerance but past the limiting sphere: it cannot diffract (pymatgen fails here).
          lastTwoTheta = Double.NaN;
        } else {
          // cos(theta) goes through theta as in pymatgen, so that a reflection exactly on the limiting sphere gets its
          // finite (huge) LP from cos(asin(1)) = 6e-17, not 1/0.
          double theta = Math.asin(sinTheta);
          lastLp = lorentzPolarization(sinTheta, Math.cos(theta));
          lastTwoTheta = Math.toDegrees(2 * theta);
        }
      }
      double twoTheta = lastTwoTheta;
      if (Double.isNaN(twoTheta)) {
        ws.peakOf[pos] = -1;
        continue;
      }
      double intensity = (re * re + im * im) * lastLp;
      // pymatgen adds to the first-created peak within the tolerance. Peaks are created in ascending 2-theta, so only
      // the last few can be that close; the scan goes back with a margin for rounding in that order.
      int peak = -1;
      for (int p = nPeaks - 1; p >= 0 && ws.peakTwoTheta[p] > twoTheta - 2 * TWO_THETA_TOL_DEG; p--) {
        if (Math.abs(ws.peakTwoTheta[p] - twoTheta) < TWO_THETA_TOL_DEG) {
          peak = p;
        }
      }
      if (peak < 0) {
        peak = nPeaks++;
        ws.ensurePeaks(nPeaks);
        ws.peakTwoTheta[peak] = twoTheta;
        ws.peakIntensity[peak] = intensity;
        ws.peakD[peak] = 1 / g;
        ws.peakMembers[peak] = 1;
      } else {
        ws.peakIntensity[peak] += intensity;
        ws.peakMembers[peak]++;
      }
      ws.peakOf[pos] = peak;
    }
    return nPeaks;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Steps 5-7: threshold, hkl families, scaling.

  private DiffractionPattern buildPattern(Workspace ws, int nPeaks, boolean hexagonal) {
    double lambda = radiation.wavelengthAngstrom();
    if (nPeaks == 0) {
      return new DiffractionPattern(lambda, twoThetaMinDeg, twoThetaMaxDeg, List.of());
    }
    double max = 0;
    for (int p = 0; p < nPeaks; p++) {
      max = Math.max(max, ws.peakIntensity[p]);
    }
    // Members of each peak, in reflection order (counting sort on the peak index).
    int[] start = ws.peakStart;
    start[0] = 0;
    for (int p = 0; p < nPeaks; p++) {
      start[p + 1] = start[p] + ws.peakMembers[p];
    }
    int[] fill = ws.peakFill;
    System.arraycopy(start, 0, fill, 0, nPeaks);
    for (int pos = 0; pos < ws.nRefl; pos++) {
      if (ws.peakOf[pos] >= 0) {
        ws.members[fill[ws.peakOf[pos]]++] = ws.order[pos];
      }
    }
    double scale = max / SCALED_MAXIMUM;
    List<DiffractionPeak> peaks = new ArrayList<>();
    // Peaks were created in ascending 2-theta (reflections are sorted by |g|); sorting keeps pymatgen's output order
    // even where rounding makes two neighbours in |g| swap in 2-theta.
    int[] byAngle = ws.peakOrder;
    for (int p = 0; p < nPeaks; p++) {
      byAngle[p] = p;
    }
    sortByAngle(ws, byAngle, nPeaks);
    for (int i = 0; i < nPeaks; i++) {
      int p = byAngle[i];
      double v = ws.peakIntensity[p];
      if (!(v / max * SCALED_MAXIMUM > SCALED_INTENSITY_TOL)) {
        continue;
      }
      List<HklFamily> families = families(ws, start[p], start[p + 1], hexagonal);
      peaks.add(new DiffractionPeak(ws.peakTwoTheta[p], v / scale, ws.peakD[p], families));
    }
    return new DiffractionPattern(lambda, twoThetaMinDeg, twoThetaMaxDeg, peaks);
  }

  private static void sortByAngle(Workspace ws, int[] a, int n) {
    for (int i = 1; i < n; i++) {
      int v = a[i];
      int j = i - 1;
      while (j >= 0 && ws.peakTwoTheta[a[j]] > ws.peakTwoTheta[v]) {
        a[j + 1] = a[j];
        j--;
      }
      a[j + 1] = v;
    }
  }

  /** Bits per Miller index in the packed family keys; indices must stay within +-{@link #MAX_INDEX}. */
  private static final int INDEX_FIELD_BITS = 16;

  /**
   * Largest |h|, |k|, |l| and |h + k| the packed keys hold. Enumeration refuses index bounds above half of it (8,191,
   * reached by cell edges near 9,000 angstrom at Cu K-alpha, or 400 angstrom for the full sphere at 0.1 angstrom).
   */
  private static final int MAX_INDEX = (1 << (INDEX_FIELD_BITS - 2)) - 1;

  private static final int INDEX_OFFSET = 1 << (INDEX_FIELD_BITS - 1);

  /**
   * pymatgen's {@code get_unique_families}: classes of equal sorted absolute indices, in order of first appearance,
   * each labelled by its lexicographically largest member. Each member is packed into two longs: its sorted absolute
   * values (the class) and its offset indices in order (unsigned comparison of which is lexicographic order).
   */
  private static List<HklFamily> families(Workspace ws, int from, int to, boolean hexagonal) {
    int n = to - from;
    long[] classKey = ws.familyClassKeys(n);
    long[] best = ws.familyBest(n);
    int[] count = ws.familyCount(n);
    int nClasses = 0;
    int[] v = new int[4];
    int width = hexagonal ? 4 : 3;
    for (int i = 0; i < n; i++) {
      int r = ws.members[from + i];
      v[0] = ws.h[r];
      v[1] = ws.k[r];
      if (hexagonal) {
        v[2] = -ws.h[r] - ws.k[r];
        v[3] = ws.l[r];
      } else {
        v[2] = ws.l[r];
      }
      long label = 0;
      for (int j = 0; j < width; j++) {
        label = (label << INDEX_FIELD_BITS) | (v[j] + INDEX_OFFSET);
      }
      long key = sortedAbsKey(v, width);
      int c = 0;
      while (c < nClasses && classKey[c] != key) {
        c++;
      }
      if (c == nClasses) {
        classKey[c] = key;
        best[c] = label;
        count[c] = 0;
        nClasses++;
      } else if (Long.compareUnsigned(label, best[c]) > 0) {
        best[c] = label;
      }
      count[c]++;
    }
    List<HklFamily> out = new ArrayList<>(nClasses);
    for (int c = 0; c < nClasses; c++) {
      int[] hkl = new int[width];
      long label = best[c];
      for (int j = width - 1; j >= 0; j--) {
        hkl[j] = (int) (label & ((1 << INDEX_FIELD_BITS) - 1)) - INDEX_OFFSET;
        label >>>= INDEX_FIELD_BITS;
      }
      out.add(new HklFamily(hkl, count[c]));
    }
    return out;
  }

  /** The absolute values of v[0..width) in ascending order, packed. */
  private static long sortedAbsKey(int[] v, int width) {
    int a = Math.abs(v[0]);
    int b = Math.abs(v[1]);
    int c = Math.abs(v[2]);
    int d = width == 4 ? Math.abs(v[3]) : 0;
    // A sorting network for four values (the fourth is 0 for three indices and then sorts first, harmlessly).
    int t;
    if (a > b) { t = a; a = b; b = t; }
    if (c > d) { t = c; c = d; d = t; }
    if (a > c) { t = a; a = c; c = t; }
    if (b > d) { t = b; b = d; d = t; }
    if (b > c) { t = b; b = c; c = t; }
    return ((long) a << 48) | ((long) b << 32) | ((long) c << 16) | d;
  }

  private static double norm(double[] v) {
    return Math.sqrt(dot(v, v));
  }

  private static double dot(double[] u, double[] v) {
    return u[0] * v[0] + u[1] * v[1] + u[2] * v[2];
  }

  /** Per-thread scratch space, grown on demand and reused, so that a calculation allocates only its result. */
  private static final class Workspace {
    // Scattering terms (one per species on a site), grouped by element.
    int nTerms;
    int nElements;
    double[] fx = new double[16];
    double[] fy = new double[16];
    double[] fz = new double[16];
    double[] occupancy = new double[16];
    int[] atomicNumber = new int[8];
    double[][] coefficients = new double[8][];
    double[] debyeWaller = new double[8];
    double[] weight = new double[8];
    int[] termElement = new int[16];
    double[] rowAccRe = new double[64];
    double[] rowAccIm = new double[64];

    // Phase tables exp(2 pi i n x_t), index (n + nMax) * nTerms + t.
    double[] xRe = new double[0];
    double[] xIm = new double[0];
    double[] yRe = new double[0];
    double[] yIm = new double[0];
    double[] zRe = new double[0];
    double[] zIm = new double[0];

    // Reflections.
    int nRefl;
    int[] h = new int[256];
    int[] k = new int[256];
    int[] l = new int[256];
    double[] g = new double[256];
    double[] partRe = new double[256];
    double[] partIm = new double[256];
    int[] order = new int[256];
    int[] bucketOf = new int[256];
    int[] bucketStart = new int[257];
    int[] peakOf = new int[256];
    int[] members = new int[256];

    // Peaks.
    double[] peakTwoTheta = new double[64];
    double[] peakIntensity = new double[64];
    double[] peakD = new double[64];
    int[] peakMembers = new int[64];
    int[] peakStart = new int[65];
    int[] peakFill = new int[65];
    int[] peakOrder = new int[64];

    // Families of one peak.
    private long[] famClassKey = new long[16];
    private long[] famBest = new long[16];
    private int[] famCount = new int[16];

    void load(Structure structure, Map<Element, Double> dw) {
      List<Element> elements = new ArrayList<>();
      int count = 0;
      for (Site site : structure.sites()) {
        for (SpeciesOccupancy so : site.species()) {
          Element el = so.species().element();
          if (!elements.contains(el)) {
            if (!AtomicScatteringFactors.covers(el)) {
              throw new IllegalArgumentException("no X-ray scattering coefficients for " + el.symbol());
            }
            elements.add(el);
          }
          count++;
        }
      }
      nTerms = count;
      nElements = elements.size();
      if (fx.length < count) {
        fx = new double[count];
        fy = new double[count];
        fz = new double[count];
        occupancy = new double[count];
        termElement = new int[count];
      }
      if (atomicNumber.length < nElements) {
        atomicNumber = new int[nElements];
        coefficients = new double[nElements][];
        debyeWaller = new double[nElements];
        weight = new double[nElements];
      }
      int t = 0;
      for (int e = 0; e < nElements; e++) {
        Element el = elements.get(e);
        atomicNumber[e] = el.atomicNumber();
        coefficients[e] = AtomicScatteringFactors.coefficients(el);
        debyeWaller[e] = dw.getOrDefault(el, 0.0);
        for (Site site : structure.sites()) {
          for (SpeciesOccupancy so : site.species()) {
            if (so.species().element() == el) {
              fx[t] = site.x();
              fy[t] = site.y();
              fz[t] = site.z();
              occupancy[t] = so.occupancy();
              termElement[t] = e;
              t++;
            }
          }
        }
      }
      ensurePartials(h.length * nElements);
    }

    void buildPhaseTables(int hMax, int kMax, int lMax) {
      int nx = (2 * hMax + 1) * nTerms;
      int ny = (2 * kMax + 1) * nTerms;
      int nz = (2 * lMax + 1) * nTerms;
      if (xRe.length < nx) {
        xRe = new double[nx];
        xIm = new double[nx];
      }
      if (yRe.length < ny) {
        yRe = new double[ny];
        yIm = new double[ny];
      }
      if (zRe.length < nz) {
        zRe = new double[nz];
        zIm = new double[nz];
      }
      phaseTable(fx, hMax, xRe, xIm);
      phaseTable(fy, kMax, yRe, yIm);
      phaseTable(fz, lMax, zRe, zIm);
    }

    /**
     * exp(2 pi i n u_t) for n = -nMax..nMax at index t (2 nMax + 1) + n + nMax, computed directly (argument reduced to
     * n u - round(n u)) so that every entry is accurate to an ulp whatever n.
     */
    private void phaseTable(double[] u, int nMax, double[] re, double[] im) {
      int width = 2 * nMax + 1;
      for (int t = 0; t < nTerms; t++) {
        int centre = t * width + nMax;
        re[centre] = 1.0;
        im[centre] = 0.0;
        for (int n = 1; n <= nMax; n++) {
          double nu = n * u[t];
          double angle = 2 * Math.PI * (nu - Math.rint(nu));
          double c = Math.cos(angle);
          double s = Math.sin(angle);
          re[centre + n] = c;
          im[centre + n] = s;
          re[centre - n] = c;
          im[centre - n] = -s;
        }
      }
    }

    void ensureRow(int n) {
      if (rowAccRe.length < n) {
        rowAccRe = new double[n];
        rowAccIm = new double[n];
      }
    }

    void ensureReflections(int n) {
      if (n <= h.length) {
        return;
      }
      int cap = Math.max(n, 2 * h.length);
      h = Arrays.copyOf(h, cap);
      k = Arrays.copyOf(k, cap);
      l = Arrays.copyOf(l, cap);
      g = Arrays.copyOf(g, cap);
      order = new int[cap];
      bucketOf = new int[cap];
      bucketStart = new int[cap + 1];
      peakOf = new int[cap];
      members = new int[cap];
      ensurePartials(cap * nElements);
    }

    private void ensurePartials(int n) {
      if (partRe.length < n) {
        partRe = Arrays.copyOf(partRe, n);
        partIm = Arrays.copyOf(partIm, n);
      }
    }

    void ensurePeaks(int n) {
      if (n <= peakTwoTheta.length) {
        return;
      }
      int cap = Math.max(n, 2 * peakTwoTheta.length);
      peakTwoTheta = Arrays.copyOf(peakTwoTheta, cap);
      peakIntensity = Arrays.copyOf(peakIntensity, cap);
      peakD = Arrays.copyOf(peakD, cap);
      peakMembers = Arrays.copyOf(peakMembers, cap);
      peakStart = new int[cap + 1];
      peakFill = new int[cap + 1];
      peakOrder = new int[cap];
    }

    long[] familyClassKeys(int n) {
      if (famClassKey.length < n) {
        famClassKey = new long[Math.max(n, 2 * famClassKey.length)];
      }
      return famClassKey;
    }

    long[] familyBest(int n) {
      if (famBest.length < n) {
        famBest = new long[Math.max(n, 2 * famBest.length)];
      }
      return famBest;
    }

    int[] familyCount(int n) {
      if (famCount.length < n) {
        famCount = new int[Math.max(n, 2 * famCount.length)];
      }
      return famCount;
    }
  }
}
