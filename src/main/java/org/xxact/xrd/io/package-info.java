/**
 * Measured powder XRD patterns: readers for what diffractometers write (two- and three-column text, PANalytical
 * {@code .xrdml}, Bruker {@code .raw}, Rigaku {@code .ras}, powder CIF), their validation, and the preprocessing that puts
 * a measured pattern on the model's grid (conversion to the grid's wavelength through d-spacing, Lorentz-polarization
 * correction, resampling, background removal, normalisation).
 *
 * <p>Entry points: {@link org.xxact.xrd.io.MeasuredPatternReader} reads a file into a {@link
 * org.xxact.xrd.io.MeasuredPattern}; {@link org.xxact.xrd.io.PatternPreprocessor} turns it into a {@link
 * org.xxact.xrd.io.PreprocessedPattern}. Bad files end in an {@link org.xxact.crystal.InputException} that names the file
 * and, where there is one, the line.
 */
package org.xxact.xrd.io;
