package org.xxact.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import org.xxact.crystal.InputException;

/**
 * A read-only view of one shard file ({@link ShardFormat}), memory-mapped, so that opening a dataset of millions of
 * samples costs no heap and the operating system pages in only what is read. Reads use absolute positions only and
 * are safe from many threads at once.
 */
public final class Shard {
  private final Path path;
  private final ByteBuffer buffer;
  private final int size;
  private final int numTargets;

  private Shard(Path path, ByteBuffer buffer) {
    this.path = path;
    this.buffer = buffer;
    byte[] magic = new byte[ShardFormat.MAGIC.length];
    if (buffer.capacity() < ShardFormat.HEADER_BYTES) {
      throw damaged("shorter than a shard header");
    }
    buffer.get(0, magic);
    if (!Arrays.equals(magic, ShardFormat.MAGIC)) {
      throw damaged("not an xxact shard (bad magic)");
    }
    int version = buffer.getInt(8);
    if (version != ShardFormat.VERSION) {
      throw damaged("shard format version " + version + ", this xxact reads version " + ShardFormat.VERSION);
    }
    this.size = buffer.getInt(12);
    this.numTargets = buffer.getInt(16);
    long tableEnd = ShardFormat.HEADER_BYTES + 4L * (size + 1);
    if (size < 0 || numTargets < 0 || tableEnd > buffer.capacity() || offset(size) != buffer.capacity()) {
      throw damaged("truncated or damaged (record table does not match the file length)");
    }
  }

  /**
   * Maps a shard file.
   *
   * @throws InputException when the file is not a complete shard of this format version
   * @throws IOException when it cannot be read
   */
  public static Shard open(Path path) throws IOException {
    try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
      ByteBuffer b = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size()).order(ByteOrder.LITTLE_ENDIAN);
      return new Shard(path, b);
    }
  }

  private InputException damaged(String why) {
    return new InputException(path.toString(), 0, why);
  }

  public Path path() {
    return path;
  }

  /** Number of records. */
  public int size() {
    return size;
  }

  /** Targets per record. */
  public int numTargets() {
    return numTargets;
  }

  private int offset(int i) {
    return buffer.getInt(ShardFormat.HEADER_BYTES + 4 * i);
  }

  /** Split of record i. */
  public Split split(int i) {
    return Split.ofCode(buffer.get(offset(i)));
  }

  /** Number of elements of record i. */
  public int numElements(int i) {
    return buffer.get(offset(i) + 1) & 0xff;
  }

  /** Id of record i. */
  public String id(int i) {
    int p = offset(i) + 2;
    return string(p);
  }

  /** Reduced formula of record i. */
  public String reducedFormula(int i) {
    int p = offset(i) + 2;
    p += 2 + (buffer.getShort(p) & 0xffff);
    return string(p);
  }

  private String string(int p) {
    int n = buffer.getShort(p) & 0xffff;
    byte[] bytes = new byte[n];
    buffer.get(p + 2, bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }

  /** Byte position of the element block of record i. */
  private int elementsStart(int i) {
    int p = offset(i) + 2;
    p += 2 + (buffer.getShort(p) & 0xffff);
    p += 2 + (buffer.getShort(p) & 0xffff);
    return p;
  }

  /** Byte position of the target block of record i. */
  private int targetsStart(int i) {
    return elementsStart(i) + 5 * numElements(i);
  }

  /** Copies the targets of record i into {@code out[from..from+numTargets)}. */
  public void targets(int i, float[] out, int from) {
    int p = targetsStart(i);
    for (int t = 0; t < numTargets; t++) {
      out[from + t] = buffer.getFloat(p + 4 * t);
    }
  }

  /** Target t of record i (NaN when missing). */
  public float target(int i, int t) {
    return buffer.getFloat(targetsStart(i) + 4 * t);
  }

  /**
   * Copies the composition of record i into the arrays from position {@code from}; returns the number of elements.
   * The arrays must have room for {@link #numElements(int)} entries.
   */
  public int composition(int i, int[] atomicNumbers, float[] amounts, int from) {
    int n = numElements(i);
    int p = elementsStart(i);
    for (int e = 0; e < n; e++) {
      atomicNumbers[from + e] = buffer.get(p + e) & 0xff;
      amounts[from + e] = buffer.getFloat(p + n + 4 * e);
    }
    return n;
  }

  /** Number of peaks of record i. */
  public int numPeaks(int i) {
    return buffer.getInt(targetsStart(i) + 4 * numTargets);
  }

  /**
   * Copies the peaks of record i into the arrays (which need room for {@link #numPeaks(int)} entries); returns the
   * number of peaks.
   */
  public int peaks(int i, float[] dSpacingAngstrom, float[] intensities) {
    int p = targetsStart(i) + 4 * numTargets;
    int n = buffer.getInt(p);
    int d = p + 4;
    int in = d + 4 * n;
    for (int k = 0; k < n; k++) {
      dSpacingAngstrom[k] = buffer.getFloat(d + 4 * k);
      intensities[k] = buffer.getFloat(in + 4 * k);
    }
    return n;
  }

  /** Record i decoded in full. */
  public Sample sample(int i) {
    int ne = numElements(i);
    int[] z = new int[ne];
    float[] amounts = new float[ne];
    composition(i, z, amounts, 0);
    float[] targets = new float[numTargets];
    targets(i, targets, 0);
    int np = numPeaks(i);
    float[] d = new float[np];
    float[] intensity = new float[np];
    peaks(i, d, intensity);
    return new Sample(id(i), reducedFormula(i), split(i), z, amounts, d, intensity, targets);
  }
}
