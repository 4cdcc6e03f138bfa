package org.xxact.xrd.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Writes Bruker RAW files for the tests, byte for byte in the layout {@link BrukerRawReader} documents (xylib's {@code
 * bruker_raw.cpp}; DIFFRAC plus XCH V.5.0 manual, appendix A, for version 3). Fields the reader does not use are written
 * as a diffractometer would (status, theta start, drive records for Theta and 2Theta), so that the reader is shown to
 * find its fields among them rather than in an otherwise empty file.
 */
final class BrukerRawTestWriter {
  private BrukerRawTestWriter() {}

  /** One range of a scan. */
  record Range(String scanType, double startDeg, double stepDeg, float[] counts, double twoThetaDriveStartDeg) {
    Range(String scanType, double startDeg, double stepDeg, float[] counts) {
      this(scanType, startDeg, stepDeg, counts, startDeg);
    }
  }

  /** A version-3 ({@code RAW1.01}) file: 712-byte header, then each range with a 304-byte header. */
  static byte[] v3(String sample, double ka1, double ka2, double ratio, Range... ranges) {
    int size = 712;
    for (Range r : ranges) {
      size += 304 + 4 * r.counts().length;
    }
    ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    put(b, 0, "RAW1.01", 8);
    b.putInt(8, 1); // file status: done
    b.putInt(12, ranges.length);
    put(b, 16, "11/21/17", 10);
    put(b, 26, "08:32:31", 10);
    put(b, 36, "operator", 72);
    put(b, 108, "Test Lab", 218);
    put(b, 326, sample, 60);
    put(b, 386, "written by the xxact tests", 160);
    b.putFloat(564, 250.0f); // goniometer radius, mm
    put(b, 608, "Cu", 4);
    b.putDouble(616, (ka1 + ratio * ka2) / (1 + ratio));
    b.putDouble(624, ka1);
    b.putDouble(632, ka2);
    b.putDouble(640, 1.39222);
    b.putDouble(648, ratio);
    b.putFloat(664, 600.0f); // measurement time, s
    int pos = 712;
    for (Range r : ranges) {
      b.putInt(pos, 304);
      b.putInt(pos + 4, r.counts().length);
      b.putDouble(pos + 8, r.startDeg() / 2); // theta start
      b.putDouble(pos + 16, r.startDeg());
      b.putFloat(pos + 100, 1.0f); // detector high voltage
      b.putDouble(pos + 176, r.stepDeg());
      b.putFloat(pos + 192, 0.5f); // time per step
      b.putInt(pos + 224, 40); // generator kV
      b.putInt(pos + 228, 40); // generator mA
      b.putDouble(pos + 240, ka1);
      b.putInt(pos + 252, 4); // bytes per point
      b.putInt(pos + 256, 0); // no supplementary header
      pos += 304;
      for (float c : r.counts()) {
        b.putFloat(pos, c);
        pos += 4;
      }
    }
    return b.array();
  }

  /**
   * A version-4 ({@code RAW4.00}) file: 61-byte header, a text record (SAMPLEID), a source record with the wavelengths,
   * then each range: 160-byte header, Theta and 2Theta drive records, float32 counts.
   */
  static byte[] v4(String sample, double ka1, double ka2, double ratio, Range... ranges) {
    int textLen = 36 + 64;
    int sourceLen = 120 + 8;
    int size = 61 + textLen + sourceLen;
    for (Range r : ranges) {
      size += 160 + 2 * 64 + 4 * r.counts().length;
    }
    ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    put(b, 0, "RAW4.00", 7);
    b.putInt(8, 1);
    put(b, 12, "11/21/2017", 12);
    put(b, 24, "08:32:31", 10);
    b.putInt(56, textLen + sourceLen); // length of the metadata records
    int pos = 61;
    b.putInt(pos, 10);
    b.putInt(pos + 4, textLen);
    put(b, pos + 12, "SAMPLEID", 24);
    put(b, pos + 36, sample, textLen - 36);
    pos += textLen;
    b.putInt(pos, 30);
    b.putInt(pos + 4, sourceLen);
    b.putDouble(pos + 72, (ka1 + ratio * ka2) / (1 + ratio));
    b.putDouble(pos + 80, ka1);
    b.putDouble(pos + 88, ka2);
    b.putDouble(pos + 96, 1.39222);
    b.putDouble(pos + 104, ratio);
    put(b, pos + 116, "Cu", 4);
    pos += sourceLen;
    for (Range r : ranges) {
      b.putInt(pos, 0);
      b.putInt(pos + 4, 160);
      put(b, pos + 32, r.scanType(), 24);
      b.putDouble(pos + 72, r.startDeg());
      b.putDouble(pos + 80, r.stepDeg());
      b.putInt(pos + 88, r.counts().length);
      b.putFloat(pos + 92, 0.5f);
      b.putFloat(pos + 100, 40f);
      b.putFloat(pos + 104, 40f);
      b.putDouble(pos + 112, ka1);
      b.putInt(pos + 136, 4);
      b.putInt(pos + 140, 2 * 64);
      pos += 160;
      drive(b, pos, "Theta", r.twoThetaDriveStartDeg() / 2);
      drive(b, pos + 64, "2Theta", r.twoThetaDriveStartDeg());
      pos += 128;
      for (float c : r.counts()) {
        b.putFloat(pos, c);
        pos += 4;
      }
    }
    return b.array();
  }

  private static void drive(ByteBuffer b, int pos, String name, double start) {
    b.putInt(pos, 50);
    b.putInt(pos + 4, 64);
    b.putInt(pos + 8, 1); // aligned
    put(b, pos + 12, name, 24);
    b.putDouble(pos + 56, start);
  }

  private static void put(ByteBuffer b, int offset, String text, int length) {
    byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
    for (int i = 0; i < Math.min(bytes.length, length); i++) {
      b.put(offset + i, bytes[i]);
    }
  }
}
