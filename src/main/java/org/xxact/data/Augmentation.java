package org.xxact.data;

import java.util.SplittableRandom;

/**
 * Random changes applied to a pattern each time it is rendered, so that a model trained on simulated peaks learns to
 * ignore what differs between a simulation and a measurement (Schuetzke et al., npj Comput. Mater. 9, 100, 2023;
 * Szymanski et al., Chem. Mater. 33, 4204, 2021). Every augmentation is off (null) unless given a range; a value is
 * drawn uniformly from its range per sample (log-uniformly for the count level). {@link #NONE} is the default;
 * {@link #DEFAULTS} turns every augmentation on with ranges typical of laboratory Cu data.
 *
 * @param peakFwhmDeg peak full width at half maximum in degrees 2-theta (instrument and crystallite size)
 * @param pseudoVoigtEta Lorentzian fraction of the pseudo-Voigt peak shape, 0 (Gaussian) to 1 (Lorentzian)
 * @param zeroShiftDeg offset added to every peak position in degrees (zero error, sample displacement)
 * @param latticeStrain relative change of every d-spacing (thermal expansion; DFT-relaxed cells differ from
 *     measured ones by about 1-2%)
 * @param intensityJitter standard deviation of a log-normal factor on each peak intensity (preferred orientation,
 *     texture, absorption; the stored peaks carry no hkl, so a March-Dollase model cannot be applied)
 * @param kAlpha2Ratio intensity of the K-alpha2 line relative to K-alpha1 (0 for a monochromated source, 0.5 for an
 *     unfiltered tube); when on, peaks are placed with the K-alpha1 and K-alpha2 wavelengths of the grid's source
 * @param backgroundFraction height of a smooth polynomial background relative to the strongest peak
 * @param countsAtMax counts at the strongest point, which set the counting (Poisson) noise, log-uniform
 * @param microstrain root-mean-square lattice strain epsilon of the crystallites (dislocations, substitutional
 *     disorder, grinding), which broadens every peak by 4 epsilon tan(theta) radians (Stokes and Wilson, Proc. Phys.
 *     Soc. 56, 174, 1944), added in quadrature to {@code peakFwhmDeg}. Measured patterns need it: a constant width
 *     cannot reproduce peaks that widen from about 0.25 degree at 30 degrees 2-theta to 0.7 degree at 84 degrees,
 *     as in a rock-salt RRUFF pattern (epsilon about 0.0035), whose simulated twin the model calls cubic and whose
 *     measurement it did not.
 * @param secondPhaseFraction height of the strongest line of a second phase relative to the strongest line of the
 *     sample itself. Measured powders often hold an impurity, a precursor that did not react or a polymorph, whose
 *     lines a model trained on single phases reads as reflections of the main phase (extra lines look like a lower
 *     symmetry). The second phase is the peak list of another training sample of the same shard, drawn per sample;
 *     it gets the same peak shape, shift and strain.
 */
public record Augmentation(
    Range peakFwhmDeg,
    Range pseudoVoigtEta,
    Range zeroShiftDeg,
    Range latticeStrain,
    Range intensityJitter,
    Range kAlpha2Ratio,
    Range backgroundFraction,
    Range countsAtMax,
    Range microstrain,
    Range secondPhaseFraction) {

  /** Nothing changes: every pattern is rendered with the grid's fixed peak shape. */
  public static final Augmentation NONE =
      new Augmentation(null, null, null, null, null, null, null, null, null, null);

  /**
   * Every augmentation on but the second phase, which describes multi-phase samples and is set on its own ({@code
   * data.augmentation.secondPhaseFraction}). Widths 0.05-0.30 deg span laboratory instruments to nanocrystalline
   * samples; shapes from Gaussian to mostly Lorentzian; zero errors of up to 0.1 deg; d-spacings 2% smaller to 1%
   * larger (PBE cells are mostly too large: Haas, Tran, Blaha, Phys. Rev. B 79, 085104, 2009); intensity factors of
   * about +-30%; K-alpha2 from absent to an unfiltered tube; background up to 20% of the strongest peak; 300 to 100,000
   * counts at the top (a quick scan to a long one); microstrain up to 0.3 % (0.35 degree of extra width at 60 degrees
   * 2-theta).
   */
  public static final Augmentation DEFAULTS =
      new Augmentation(
          new Range(0.05, 0.30),
          new Range(0.0, 0.7),
          new Range(-0.10, 0.10),
          new Range(-0.02, 0.01),
          new Range(0.0, 0.3),
          new Range(0.0, 0.5),
          new Range(0.0, 0.2),
          new Range(300, 100_000),
          new Range(0.0, 0.003),
          null);

  /**
   * A closed interval to draw from.
   *
   * @param min lower end
   * @param max upper end, at least {@code min}
   */
  public record Range(double min, double max) {
    public Range {
      if (!Double.isFinite(min) || !Double.isFinite(max) || max < min) {
        throw new IllegalArgumentException("range needs finite min <= max, got [" + min + ", " + max + "]");
      }
    }

    /** A uniform draw. */
    public double draw(SplittableRandom rng) {
      return max == min ? min : min + (max - min) * rng.nextDouble();
    }

    /** A log-uniform draw (both ends must be positive). */
    public double drawLog(SplittableRandom rng) {
      if (!(min > 0)) {
        throw new IllegalArgumentException("a log-uniform range needs positive ends, got [" + min + ", " + max + "]");
      }
      return max == min ? min : Math.exp(Math.log(min) + (Math.log(max) - Math.log(min)) * rng.nextDouble());
    }
  }
}
