package org.xxact.xrd.io;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.xxact.crystal.InputException;

/**
 * Reads Rigaku {@code .ras} files, the text that SmartLab, MiniFlex and Ultima diffractometers (Rigaku Guidance /
 * SmartLab Studio) write:
 *
 * <pre>
 * *RAS_DATA_START
 * *RAS_HEADER_START
 * *HW_XG_TARGET_NAME "Cu"
 * *HW_XG_WAVE_LENGTH_ALPHA1 "1.540593"
 * *HW_XG_WAVE_LENGTH_ALPHA2 "1.544414"
 * *MEAS_COND_XG_WAVE_TYPE "Ka"
 * *MEAS_SCAN_AXIS_X "TwoThetaTheta"
 * *MEAS_DATA_COUNT "3501"
 * *RAS_HEADER_END
 * *RAS_INT_START
 * 25.0000 118.0000 1.0000
 * ...
 * *RAS_INT_END
 * *RAS_DATA_END
 * </pre>
 *
 * <p>Each data line is 2-theta, the counts and the attenuator factor; the intensity is counts times factor, because an
 * attenuator inserted in the beam for strong peaks lets only 1/factor of it through (without the factor a strong peak
 * shows a step where the attenuator switched). A missing third column means a factor of 1.
 *
 * <p>The wavelength: {@code *HW_XG_WAVE_LENGTH_ALPHA1} and {@code _ALPHA2}; RAS states no K-alpha2/K-alpha1 ratio, so
 * when {@code *MEAS_COND_XG_WAVE_TYPE} is "Ka" (both lines) the conventional ratio {@value #CONVENTIONAL_KA2_RATIO} is
 * used (see {@link StatedWavelength}); "Ka1" means K-alpha1 alone and "Kb" the K-beta line ({@code _BETA}).
 *
 * <p>Only the first {@code *RAS_DATA_START} block is read; more are noted. A scan whose axis ({@code
 * *MEAS_SCAN_AXIS_X}) does not move 2-theta (an omega rocking curve) is rejected.
 */
final class RigakuRasReader {
  /**
   * K-alpha2/K-alpha1 intensity ratio assumed for "Ka" radiation, as RAS files do not state one: the value for Cu,
   * Co and Mo tubes in the International Tables (vol. C, table 4.2.2.1) and the default of Rigaku's and PANalytical's
   * software. It moves the weighted mean by less than 0.0002 angstrom from the true ratio of any common anode.
   */
  static final double CONVENTIONAL_KA2_RATIO = 0.5;

  private static final Pattern WHITESPACE = Pattern.compile("\\s+");

  private RigakuRasReader() {}

  static MeasuredPattern read(byte[] content, String source) {
    PatternAssembler out = new PatternAssembler(source);
    out.meta("format", "Rigaku RAS");
    String[] lines = PatternFormat.decodeText(content).split("\r\n|\r|\n", -1);
    int i = 0;
    while (i < lines.length && lines[i].isBlank()) {
      i++;
    }
    if (i == lines.length || !lines[i].strip().startsWith("*RAS_DATA_START")) {
      throw new InputException(
          source, i == lines.length ? 0 : i + 1, "not a Rigaku RAS file: it does not start with *RAS_DATA_START");
    }
    Map<String, String> header = new HashMap<>();
    Map<String, Long> headerLine = new HashMap<>();
    List<double[]> rows = new ArrayList<>();
    List<Long> rowLines = new ArrayList<>();
    int blocks = 0;
    boolean inData = false;
    boolean dataDone = false;
    long lastLine = 0;
    for (; i < lines.length; i++) {
      long lineNo = i + 1;
      String line = lines[i].strip();
      if (line.isEmpty()) {
        continue;
      }
      lastLine = lineNo;
      if (line.startsWith("*RAS_DATA_START")) {
        blocks++;
        continue;
      }
      if (blocks > 1) {
        continue;
      }
      if (line.startsWith("*RAS_INT_START")) {
        inData = true;
      } else if (line.startsWith("*RAS_INT_END")) {
        inData = false;
        dataDone = true;
      } else if (inData) {
        rows.add(dataLine(source, lineNo, line));
        rowLines.add(lineNo);
      } else if (line.startsWith("*") && !dataDone) {
        int space = line.indexOf(' ');
        String key = space < 0 ? line.substring(1) : line.substring(1, space);
        String value = space < 0 ? "" : unquote(line.substring(space + 1).strip());
        header.putIfAbsent(key, value);
        headerLine.putIfAbsent(key, lineNo);
      }
    }
    if (inData) {
      throw new InputException(
          source, lastLine, "the file ends inside the data block (no *RAS_INT_END): it is truncated");
    }
    if (!dataDone) {
      throw new InputException(source, 0, "holds no *RAS_INT_START data block");
    }
    if (blocks > 1) {
      out.note("the file holds " + blocks + " scans; the first is read");
    }
    checkScanAxis(source, header, headerLine);
    String count = header.get("MEAS_DATA_COUNT");
    if (count != null && !count.isEmpty()) {
      long stated = (long) number(source, headerLine.get("MEAS_DATA_COUNT"), count);
      if (stated != rows.size()) {
        throw new InputException(
            source,
            headerLine.get("MEAS_DATA_COUNT"),
            "*MEAS_DATA_COUNT states " + stated + " points but the data block has " + rows.size()
                + ": the file is truncated or damaged");
      }
    }
    out.meta("sample", header.get("FILE_SAMPLE"));
    out.meta("comment", header.get("FILE_COMMENT"));
    out.meta("operator", header.get("FILE_OPERATOR"));
    out.meta("anode", header.get("HW_XG_TARGET_NAME"));
    out.meta("instrument", header.get("HW_GONIOMETER_NAME"));
    out.meta("scanAxis", header.get("MEAS_SCAN_AXIS_X"));
    out.meta("startTime", header.get("MEAS_SCAN_START_TIME"));
    out.meta("intensityUnit", header.get("MEAS_SCAN_UNIT_Y"));
    statedWavelength(out, source, header, headerLine);
    int n = rows.size();
    double[] x = new double[n];
    double[] y = new double[n];
    long[] lineOf = new long[n];
    for (int k = 0; k < n; k++) {
      x[k] = rows.get(k)[0];
      y[k] = rows.get(k)[1];
      lineOf[k] = rowLines.get(k);
    }
    return out.build(x, y, null, lineOf);
  }

  private static void checkScanAxis(String source, Map<String, String> header, Map<String, Long> headerLine) {
    String axis = header.get("MEAS_SCAN_AXIS_X");
    if (axis == null || axis.isEmpty()) {
      return;
    }
    String a = axis.toLowerCase(Locale.ROOT);
    if (!(a.contains("twotheta") || a.contains("2-theta") || a.contains("2theta"))) {
      throw new InputException(
          source,
          headerLine.get("MEAS_SCAN_AXIS_X"),
          "the scan axis is '" + axis + "', which does not move 2-theta: not a powder 2-theta scan");
    }
  }

  private static void statedWavelength(
      PatternAssembler out, String source, Map<String, String> header, Map<String, Long> headerLine) {
    double ka1 = optional(source, header, headerLine, "HW_XG_WAVE_LENGTH_ALPHA1");
    double ka2 = optional(source, header, headerLine, "HW_XG_WAVE_LENGTH_ALPHA2");
    String type = header.getOrDefault("MEAS_COND_XG_WAVE_TYPE", "").strip();
    out.meta("waveType", type);
    long line = headerLine.getOrDefault("HW_XG_WAVE_LENGTH_ALPHA1", 0L);
    if (type.equalsIgnoreCase("Kb")) {
      double kb = optional(source, header, headerLine, "HW_XG_WAVE_LENGTH_BETA");
      out.statedWavelength(headerLine.getOrDefault("HW_XG_WAVE_LENGTH_BETA", 0L), kb, Double.NaN, Double.NaN);
    } else if (type.equalsIgnoreCase("Ka1")) {
      out.statedWavelength(line, ka1, Double.NaN, Double.NaN);
    } else {
      out.statedWavelength(line, ka1, ka2, ka2 > 0 ? CONVENTIONAL_KA2_RATIO : Double.NaN);
    }
  }

  private static double optional(String source, Map<String, String> header, Map<String, Long> lines, String key) {
    String v = header.get(key);
    return v == null || v.isBlank() ? Double.NaN : number(source, lines.get(key), v);
  }

  private static double[] dataLine(String source, long lineNo, String line) {
    String[] f = WHITESPACE.split(line);
    if (f.length < 2 || f.length > 3) {
      throw new InputException(
          source,
          lineNo,
          f.length + " values; a RAS data line holds 2-theta, counts and the attenuator factor ('"
              + TextColumnsReader.abbreviate(line) + "')");
    }
    double x = number(source, lineNo, f[0]);
    double counts = number(source, lineNo, f[1]);
    double factor = f.length == 3 ? number(source, lineNo, f[2]) : 1.0;
    if (!(factor > 0)) {
      throw new InputException(source, lineNo, "attenuator factor " + f[2] + " is not positive");
    }
    return new double[] {x, counts * factor};
  }

  private static double number(String source, long lineNo, String s) {
    double v = StrictNumber.parseOrNaN(s.strip());
    if (!Double.isNaN(v)) {
      return v;
    }
    throw new InputException(source, lineNo, "'" + TextColumnsReader.abbreviate(s) + "' is not a number");
  }

  private static String unquote(String v) {
    if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
      return v.substring(1, v.length() - 1);
    }
    return v;
  }
}
