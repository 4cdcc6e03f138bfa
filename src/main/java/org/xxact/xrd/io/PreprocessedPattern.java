package org.xxact.xrd.io;

import java.util.List;
import org.xxact.xrd.Radiation;

/**
 * A measured pattern on the model's grid, ready for the XRD encoder.
 *
 * @param source the file the pattern came from
 * @param grid the grid the intensities are on
 * @param intensity one value per grid point, at least zero, largest value 1; zero where nothing was measured
 * @param measuredRadiation the wavelength the pattern was measured with
 * @param wavelengthOrigin whether that wavelength came from the file or from the user
 * @param coverageFraction the fraction of grid points that lie in the measured range (gaps excluded)
 * @param warnings facts that make the result less trustworthy (little coverage, a wavelength conflict, gaps)
 */
public record PreprocessedPattern(
    String source,
    GridSpec grid,
    double[] intensity,
    Radiation measuredRadiation,
    WavelengthOrigin wavelengthOrigin,
    double coverageFraction,
    List<String> warnings) {

  /** Where the wavelength used for the conversion came from. */
  public enum WavelengthOrigin {
    /** The file states it. */
    FILE,
    /** The user gave it, as the file states none. */
    USER
  }

  public PreprocessedPattern {
    warnings = List.copyOf(warnings);
  }
}
