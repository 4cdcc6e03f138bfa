package org.xxact.xrd.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.xxact.crystal.InputException;

/**
 * Reads Bruker (Siemens) DIFFRAC binary {@code .raw} files of version 3 (magic {@code RAW1.01}, DIFFRAC plus) and
 * version 4 (magic {@code RAW4.00}, DIFFRAC.SUITE). All numbers are little-endian.
 *
 * <p>The layouts follow xylib's {@code bruker_raw.cpp} (M. Wojdyr, LGPL; version 3 from "DIFFRAC plus XCH V.5.0 Release
 * 2002, User's Manual, Appendix A", version 4 from analysed files), with the per-point record size of version 3 and the
 * metadata length at byte 56 of version 4 as documented in the geddes reader ({@code docs/formats.md}, MIT):
 *
 * <pre>
 * RAW1.01: file header, 712 bytes
 *   12 u32 number of ranges        16 char[10] date   26 char[10] time   36 char[72] user
 *   108 char[218] site             326 char[60] sample id               386 char[160] comment
 *   608 char[4] anode   616 f64 K-alpha average   624 f64 K-alpha1   632 f64 K-alpha2   640 f64 K-beta
 *   648 f64 K-alpha2/K-alpha1 ratio
 * RAW1.01: each range: a header of its own length (304 bytes as written), then a supplementary header, then the points
 *   +0 u32 header length   +4 u32 number of points   +8 f64 theta start   +16 f64 2-theta start
 *   +176 f64 step   +192 f32 time per step   +240 f64 wavelength used   +252 u32 bytes per point (0 = 4)
 *   +256 u32 supplementary header length; each point starts with its f32 intensity
 * RAW4.00: file header, 61 bytes: 12 char[12] date, 24 char[10] time, 56 u32 length of the metadata that follows;
 *   then records (u32 type, u32 length, ...) until a record type of 0 or 160, which starts a range:
 *   type 10 text: +12 char[24] name, +36 value;   type 30 source: +72 f64 K-alpha average, +80 f64 K-alpha1,
 *   +88 f64 K-alpha2, +96 f64 K-beta, +104 f64 ratio, +116 char[4] anode
 * RAW4.00: each range: a 160-byte header, sub-records, then the points
 *   +32 char[24] scan type   +72 f64 start angle   +80 f64 step   +88 u32 number of points   +92 f32 time per step
 *   +112 f64 wavelength used   +136 u32 bytes per point   +140 u32 length of the sub-records that follow
 *   sub-record type 50, a drive: +12 char[24] name ("2Theta", "Theta", ...), +56 f64 its start
 * </pre>
 *
 * The first range that steps 2-theta is read (version 4: scan types {@link #TWO_THETA_SCANS}); a file with more ranges
 * says so in the notes. Versions 1 and 2 ({@code "RAW "}, {@code RAW2}) predate 1997 and are refused with a hint.
 */
final class BrukerRawReader {
  static final int V3_FILE_HEADER_BYTES = 712;
  /** Shortest version-3 range header that holds every field read (the supplementary length ends at byte 260). */
  static final int V3_RANGE_HEADER_MIN_BYTES = 260;

  static final int V4_FILE_HEADER_BYTES = 61;
  static final int V4_RANGE_HEADER_BYTES = 160;
  static final int V4_TEXT_RECORD = 10;
  static final int V4_SOURCE_RECORD = 30;
  static final int V4_DRIVE_RECORD = 50;

  /** Version-4 scan types in which the start angle and step are 2-theta. */
  static final Set<String> TWO_THETA_SCANS = Set.of("Locked Coupled", "Unlocked Coupled", "Detector Scan");

  /**
   * Largest difference, in degrees, between a range's start angle and its 2Theta drive's start for the range to count as
   * stepping 2-theta: both are written from the same double, so any difference means the scan moves another axis.
   */
  static final double DRIVE_AGREEMENT_DEG = 1e-4;

  /** Most points in one range: far above any real scan (0.001 deg steps over 180 deg), below absurd header values. */
  static final long MAX_POINTS = 10_000_000L;

  private BrukerRawReader() {}

  static MeasuredPattern read(byte[] content, String source) {
    String magic = new String(content, 0, Math.min(7, content.length), StandardCharsets.ISO_8859_1);
    if (magic.startsWith("RAW1.01")) {
      return readV3(ByteBuffer.wrap(content).order(ByteOrder.LITTLE_ENDIAN), source);
    }
    if (magic.startsWith("RAW4.00")) {
      return readV4(ByteBuffer.wrap(content).order(ByteOrder.LITTLE_ENDIAN), source);
    }
    if (magic.startsWith("RAW ") || magic.startsWith("RAW2")) {
      throw new InputException(
          source, 0, "a Bruker RAW file of version 1 or 2, which is not read; convert it to RAW4 or .xy in DIFFRAC.EVA");
    }
    throw new InputException(
        source,
        0,
        "not a Bruker RAW file (it starts '"
            + printable(magic)
            + "', not RAW1.01 or RAW4.00); other .raw formats (Rigaku, STOE, Philips) are not read: export .xy");
  }

  private static MeasuredPattern readV3(ByteBuffer b, String source) {
    PatternAssembler out = new PatternAssembler(source);
    out.meta("format", "Bruker RAW version 3 (RAW1.01)");
    need(b, 0, V3_FILE_HEADER_BYTES, source, "its 712-byte file header");
    long ranges = u32(b, 12);
    out.meta("date", ascii(b, 16, 10));
    out.meta("time", ascii(b, 26, 10));
    out.meta("user", ascii(b, 36, 72));
    out.meta("site", ascii(b, 108, 218));
    out.meta("sample", ascii(b, 326, 60));
    out.meta("comment", ascii(b, 386, 160));
    out.meta("anode", ascii(b, 608, 4));
    double ka1 = b.getDouble(624);
    double ka2 = b.getDouble(632);
    double ratio = b.getDouble(648);
    if (ranges < 1) {
      throw new InputException(source, 0, "states " + ranges + " ranges: no scan to read");
    }
    int pos = V3_FILE_HEADER_BYTES;
    need(b, pos, V3_RANGE_HEADER_MIN_BYTES, source, "the header of range 1");
    long headerBytes = u32(b, pos);
    long points = u32(b, pos + 4);
    double start = b.getDouble(pos + 16);
    double step = b.getDouble(pos + 176);
    double usedLambda = b.getDouble(pos + 240);
    long pointBytes = u32(b, pos + 252);
    long supplementary = u32(b, pos + 256);
    if (headerBytes < V3_RANGE_HEADER_MIN_BYTES) {
      throw new InputException(source, 0, "range 1 states a header of " + headerBytes + " bytes, too short");
    }
    if (pointBytes == 0) {
      pointBytes = Float.BYTES;
    }
    out.meta("timePerStepS", Float.toString(b.getFloat(pos + 192)));
    long dataStart = pos + headerBytes + supplementary;
    double[] y = intensities(b, source, 1, dataStart, points, pointBytes);
    if (ranges > 1) {
      out.note("the file holds " + ranges + " ranges; the first is read");
    }
    statedWavelength(out, ka1, ka2, ratio, usedLambda);
    return out.build(steps(source, 1, start, step, y.length), y, null, null);
  }

  private static MeasuredPattern readV4(ByteBuffer b, String source) {
    PatternAssembler out = new PatternAssembler(source);
    out.meta("format", "Bruker RAW version 4 (RAW4.00)");
    need(b, 0, V4_FILE_HEADER_BYTES, source, "its 61-byte file header");
    out.meta("date", ascii(b, 12, 12));
    out.meta("time", ascii(b, 24, 10));
    double ka1 = Double.NaN;
    double ka2 = Double.NaN;
    double ratio = Double.NaN;
    int pos = V4_FILE_HEADER_BYTES;
    while (true) {
      need(b, pos, 4, source, "its metadata, before any range");
      long type = u32(b, pos);
      if (type == 0 || type == 160) {
        break;
      }
      need(b, pos, 8, source, "a metadata record");
      long length = u32(b, pos + 4);
      if (length < 8 || pos + length > b.capacity()) {
        throw new InputException(
            source, 0, "the metadata record at byte " + pos + " states " + length + " bytes: the file is truncated or damaged");
      }
      if (type == V4_TEXT_RECORD && length >= 36) {
        String key = ascii(b, pos + 12, 24);
        String value = ascii(b, pos + 36, (int) length - 36);
        switch (key) {
          case "SAMPLEID" -> out.meta("sample", value);
          case "USER" -> out.meta("user", value);
          case "SITE" -> out.meta("site", value);
          case "COMMENT" -> out.meta("comment", value);
          default -> {}
        }
      } else if (type == V4_SOURCE_RECORD && length >= 120) {
        ka1 = b.getDouble(pos + 80);
        ka2 = b.getDouble(pos + 88);
        ratio = b.getDouble(pos + 104);
        out.meta("anode", ascii(b, pos + 116, 4));
      }
      pos += (int) length;
    }
    List<String> scanTypes = new ArrayList<>();
    double[] x = null;
    double[] y = null;
    double usedLambda = Double.NaN;
    int range = 0;
    while (pos < b.capacity()) {
      range++;
      need(b, pos, V4_RANGE_HEADER_BYTES, source, "the header of range " + range);
      long type = u32(b, pos);
      if (type != 0 && type != 160) {
        throw new InputException(
            source, 0, "range " + range + " at byte " + pos + " has record type " + type + ": the file is damaged");
      }
      String scanType = ascii(b, pos + 32, 24);
      double start = b.getDouble(pos + 72);
      double step = b.getDouble(pos + 80);
      long points = u32(b, pos + 88);
      long pointBytes = u32(b, pos + 136);
      long subRecords = u32(b, pos + 140);
      long dataStart = pos + V4_RANGE_HEADER_BYTES + subRecords;
      need(b, pos, (int) Math.min(Integer.MAX_VALUE, V4_RANGE_HEADER_BYTES + subRecords), source, "range " + range);
      scanTypes.add(scanType);
      if (x == null && TWO_THETA_SCANS.contains(scanType)) {
        double driveStart = twoThetaDriveStart(b, pos + V4_RANGE_HEADER_BYTES, (int) dataStart);
        if (!Double.isNaN(driveStart) && Math.abs(driveStart - start) > DRIVE_AGREEMENT_DEG) {
          throw new InputException(
              source,
              0,
              String.format(
                  Locale.ROOT,
                  "range %d starts at %.4f deg but its 2Theta drive at %.4f deg: it does not step 2-theta",
                  range,
                  start,
                  driveStart));
        }
        y = intensities(b, source, range, dataStart, points, pointBytes);
        x = steps(source, range, start, step, y.length);
        usedLambda = b.getDouble(pos + 112);
        out.meta("scanType", scanType);
        out.meta("timePerStepS", Float.toString(b.getFloat(pos + 92)));
      } else {
        need(b, dataStart, 0, source, "range " + range);
      }
      long end = dataStart + points * Math.max(pointBytes, 1);
      if (end > b.capacity()) {
        throw new InputException(source, 0, "range " + range + " runs past the end of the file: it is truncated");
      }
      pos = (int) end;
    }
    if (x == null) {
      throw new InputException(
          source,
          0,
          "no range steps 2-theta (scan types " + scanTypes + "; read are " + TWO_THETA_SCANS + ")");
    }
    if (range > 1) {
      out.note("the file holds " + range + " ranges " + scanTypes + "; the first 2-theta scan is read");
    }
    statedWavelength(out, ka1, ka2, ratio, usedLambda);
    return out.build(x, y, null, null);
  }

  private static void statedWavelength(PatternAssembler out, double ka1, double ka2, double ratio, double usedLambda) {
    if (ka1 > 0) {
      out.statedWavelength(0, ka1, ka2, ratio);
    } else if (usedLambda > 0) {
      out.statedWavelength(0, usedLambda, Double.NaN, Double.NaN);
    }
  }

  private static double twoThetaDriveStart(ByteBuffer b, int from, int to) {
    int pos = from;
    while (pos + 8 <= to) {
      long type = u32(b, pos);
      long length = u32(b, pos + 4);
      if (length < 8 || pos + length > to) {
        break;
      }
      if (type == V4_DRIVE_RECORD && length >= 64 && ascii(b, pos + 12, 24).equals("2Theta")) {
        return b.getDouble(pos + 56);
      }
      pos += (int) length;
    }
    return Double.NaN;
  }

  private static double[] intensities(
      ByteBuffer b, String source, int range, long dataStart, long points, long pointBytes) {
    if (points < 1 || points > MAX_POINTS) {
      throw new InputException(source, 0, "range " + range + " states " + points + " points: the header is damaged");
    }
    if (pointBytes < Float.BYTES) {
      throw new InputException(source, 0, "range " + range + " states " + pointBytes + " bytes a point, fewer than 4");
    }
    long end = dataStart + points * pointBytes;
    if (end > b.capacity()) {
      long have = Math.max(0, (b.capacity() - dataStart) / pointBytes);
      throw new InputException(
          source,
          0,
          "range " + range + " states " + points + " points but the file ends after " + have + ": it is truncated");
    }
    double[] y = new double[(int) points];
    for (int i = 0; i < y.length; i++) {
      y[i] = b.getFloat((int) (dataStart + i * pointBytes));
    }
    return y;
  }

  private static double[] steps(String source, int range, double start, double step, int n) {
    if (!Double.isFinite(start) || !(step > 0) || !Double.isFinite(step)) {
      throw new InputException(
          source, 0, "range " + range + " states start " + start + " and step " + step + ": not a 2-theta scan");
    }
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = start + i * step;
    }
    return x;
  }

  private static void need(ByteBuffer b, long offset, int bytes, String source, String what) {
    if (offset + bytes > b.capacity()) {
      throw new InputException(source, 0, "the file ends inside " + what + " (" + b.capacity() + " bytes): it is truncated");
    }
  }

  private static long u32(ByteBuffer b, int offset) {
    return Integer.toUnsignedLong(b.getInt(offset));
  }

  private static String ascii(ByteBuffer b, int offset, int length) {
    byte[] bytes = new byte[length];
    b.get(offset, bytes);
    return ascii(bytes, 0, length);
  }

  private static String ascii(byte[] bytes, int offset, int length) {
    int end = offset;
    while (end < offset + length && bytes[end] != 0) {
      end++;
    }
    return new String(bytes, offset, end - offset, StandardCharsets.ISO_8859_1).strip();
  }

  private static String printable(String s) {
    return s.replaceAll("[^\\x20-\\x7e]", "?");
  }
}
