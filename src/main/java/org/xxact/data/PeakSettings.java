package org.xxact.data;

import org.xxact.xrd.BraggGeometry;
import org.xxact.xrd.Radiation;
import org.xxact.xrd.XrdCalculator;

/**
 * The range over which a build computes diffraction peaks. Peaks are stored as d-spacings, so a pattern can later be
 * rendered for any wavelength and any 2-theta grid whose smallest d-spacing is covered. The default, Cu K-alpha
 * (1.54184 angstrom) from 0 to 120 degrees, keeps every reflection with d &gt;= 0.890 angstrom: the model grid (Cu
 * K-alpha, 5-90 degrees, d &gt;= 1.090 angstrom) with room for lattice-strain and zero-shift augmentation, and the
 * usual range of laboratory Cu scans (up to 2-theta 120 degrees). The calculation time grows with the cube of
 * 1/d_min (the number of reciprocal-lattice points in the limiting sphere), so 0-120 degrees costs about 1.8 times
 * 0-90 degrees.
 *
 * @param radiation the wavelength the range refers to
 * @param twoThetaMinDeg lower end of the range
 * @param twoThetaMaxDeg upper end of the range
 */
public record PeakSettings(Radiation radiation, double twoThetaMinDeg, double twoThetaMaxDeg) {
  /** Cu K-alpha, 0-120 degrees. */
  public static final PeakSettings DEFAULT = new PeakSettings(Radiation.CU_KA, 0, 120);

  /** Smallest d-spacing in the range, in angstrom. */
  public double minDSpacingAngstrom() {
    return BraggGeometry.dSpacingAngstrom(twoThetaMaxDeg, radiation.wavelengthAngstrom());
  }

  /** The calculator of these settings: the one a dataset build uses for every structure. */
  public XrdCalculator calculator() {
    return XrdCalculator.builder().radiation(radiation).twoThetaRangeDeg(twoThetaMinDeg, twoThetaMaxDeg).build();
  }

  /** The settings as recorded in the manifest. */
  public Manifest.XrdSettings describe() {
    return new Manifest.XrdSettings(
        radiation.name(),
        radiation.wavelengthAngstrom(),
        twoThetaMinDeg,
        twoThetaMaxDeg,
        minDSpacingAngstrom(),
        "integrated intensity, strongest peak = 100",
        "xxact XrdCalculator (pymatgen XRDCalculator conventions: kinematic |F|^2 with Lorentz-polarisation factor,"
            + " no Debye-Waller factor, peaks merged within 1e-5 deg, peaks below 1e-3 of 100 dropped)");
  }
}
