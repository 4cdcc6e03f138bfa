package org.xxact.data;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The binary layout of a dataset shard, little-endian, designed to be memory-mapped and read at random:
 *
 * <pre>
 * header   8 bytes magic "XXACTSHD", int32 format version, int32 record count n, int32 targets t, int32 zero
 * offsets  int32[n + 1]: byte offset of each record from the file start; the last one is the file length
 * record   uint8 split code, uint8 element count e, uint16 id length, UTF-8 id, uint16 formula length, UTF-8 formula,
 *          uint8[e] atomic numbers, float32[e] amounts per cell, float32[t] targets (NaN = missing),
 *          int32 peak count p, float32[p] d-spacings in angstrom, float32[p] intensities (strongest = 100)
 * </pre>
 *
 * A record is about 40 bytes plus 8 bytes per peak. The layout holds nothing that depends on time, threads or
 * machine, so the same records give the same bytes.
 */
public final class ShardFormat {
  /** File magic, the first 8 bytes of every shard. */
  static final byte[] MAGIC = "XXACTSHD".getBytes(StandardCharsets.US_ASCII);
  /** Version of this layout; readers refuse others. */
  public static final int VERSION = 1;
  /** Bytes before the offset table. */
  static final int HEADER_BYTES = 24;
  /**
   * Largest shard file. Shards are memory-mapped whole and one mapping is limited to 2 GiB; staying well below keeps
   * shards easy to copy and to map many at once.
   */
  public static final long MAX_SHARD_BYTES = 1L << 30;
  /** Longest id or formula in UTF-8 bytes (a uint16 length). */
  static final int MAX_STRING_BYTES = 0xffff;
  /** Most elements per sample (a uint8 count). */
  static final int MAX_ELEMENTS = 0xff;

  private ShardFormat() {}

  /**
   * Encodes samples into the bytes of one shard.
   *
   * @throws IllegalArgumentException when the shard would exceed {@link #MAX_SHARD_BYTES} or a sample does not fit
   *     the layout (checked earlier by {@link #checkFits})
   */
  public static ByteBuffer encode(List<Sample> samples, int numTargets) {
    long size = HEADER_BYTES + 4L * (samples.size() + 1);
    for (Sample s : samples) {
      size += recordBytes(s, numTargets);
    }
    if (size > MAX_SHARD_BYTES) {
      throw new IllegalArgumentException(
          "shard of " + samples.size() + " records would take " + size + " bytes, more than the limit of "
              + MAX_SHARD_BYTES + "; use a smaller --shard-size");
    }
    ByteBuffer b = ByteBuffer.allocate((int) size).order(ByteOrder.LITTLE_ENDIAN);
    b.put(MAGIC).putInt(VERSION).putInt(samples.size()).putInt(numTargets).putInt(0);
    int offset = HEADER_BYTES + 4 * (samples.size() + 1);
    for (Sample s : samples) {
      b.putInt(offset);
      offset += recordBytes(s, numTargets);
    }
    b.putInt(offset);
    for (Sample s : samples) {
      if (s.targets().length != numTargets) {
        throw new IllegalArgumentException("sample " + s.id() + " has " + s.targets().length + " targets");
      }
      byte[] id = s.id().getBytes(StandardCharsets.UTF_8);
      byte[] formula = s.reducedFormula().getBytes(StandardCharsets.UTF_8);
      b.put((byte) s.split().code()).put((byte) s.numElements());
      b.putShort((short) id.length).put(id).putShort((short) formula.length).put(formula);
      for (int z : s.atomicNumbers()) {
        b.put((byte) z);
      }
      for (float a : s.amounts()) {
        b.putFloat(a);
      }
      for (float t : s.targets()) {
        b.putFloat(t);
      }
      b.putInt(s.numPeaks());
      for (float d : s.dSpacingAngstrom()) {
        b.putFloat(d);
      }
      for (float i : s.intensities()) {
        b.putFloat(i);
      }
    }
    return b.flip();
  }

  /**
   * Why a sample cannot be stored, or null when it can: the layout limits the id and formula to 65535 UTF-8 bytes, the
   * element count to 255 and atomic numbers to 1..255.
   */
  public static String checkFits(Sample s) {
    if (s.id().getBytes(StandardCharsets.UTF_8).length > MAX_STRING_BYTES) {
      return "id is longer than " + MAX_STRING_BYTES + " bytes";
    }
    if (s.reducedFormula().getBytes(StandardCharsets.UTF_8).length > MAX_STRING_BYTES) {
      return "formula is longer than " + MAX_STRING_BYTES + " bytes";
    }
    if (s.numElements() > MAX_ELEMENTS) {
      return "more than " + MAX_ELEMENTS + " elements";
    }
    return null;
  }

  private static long recordBytes(Sample s, int numTargets) {
    return 2L
        + 2 + s.id().getBytes(StandardCharsets.UTF_8).length
        + 2 + s.reducedFormula().getBytes(StandardCharsets.UTF_8).length
        + 5L * s.numElements()
        + 4L * numTargets
        + 4 + 8L * s.numPeaks();
  }
}
