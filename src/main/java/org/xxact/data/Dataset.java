package org.xxact.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.xxact.crystal.InputException;

/**
 * A built dataset opened for reading: its manifest and its shards, memory-mapped, with samples numbered 0..size-1
 * through the shards in manifest order (which is input order). Random access by index costs no heap beyond the
 * sample that is read; the per-split index lists are built once at open time.
 */
public final class Dataset {
  private final Path dir;
  private final Manifest manifest;
  private final Shard[] shards;
  private final int[] shardStart;
  private final int size;
  private final Map<Split, int[]> splitIndices = new EnumMap<>(Split.class);

  private Dataset(Path dir, Manifest manifest, Shard[] shards) {
    this.dir = dir;
    this.manifest = manifest;
    this.shards = shards;
    this.shardStart = new int[shards.length + 1];
    long total = 0;
    for (int s = 0; s < shards.length; s++) {
      shardStart[s] = (int) total;
      total += shards[s].size();
    }
    if (total > Integer.MAX_VALUE - 1) {
      throw new InputException(dir.toString(), 0, "more than " + (Integer.MAX_VALUE - 1) + " samples");
    }
    this.size = (int) total;
    shardStart[shards.length] = size;
    int[] counts = new int[Split.values().length];
    byte[] codes = new byte[size];
    int i = 0;
    for (Shard shard : shards) {
      for (int k = 0; k < shard.size(); k++, i++) {
        Split sp = shard.split(k);
        codes[i] = (byte) sp.code();
        counts[sp.code()]++;
      }
    }
    for (Split sp : Split.values()) {
      int[] idx = new int[counts[sp.code()]];
      int n = 0;
      for (int j = 0; j < size; j++) {
        if (codes[j] == sp.code()) {
          idx[n++] = j;
        }
      }
      splitIndices.put(sp, idx);
    }
  }

  /**
   * Opens a finished dataset directory.
   *
   * @throws InputException when it is not a finished dataset of this format, or a shard is missing or damaged
   */
  public static Dataset open(Path dir) throws IOException {
    Manifest m = ManifestIo.readManifest(dir);
    Shard[] shards = new Shard[m.shards().size()];
    for (int s = 0; s < shards.length; s++) {
      Manifest.ShardInfo info = m.shards().get(s);
      Path p = dir.resolve(info.file());
      if (!Files.isRegularFile(p)) {
        throw new InputException(dir.toString(), 0, "shard " + info.file() + " named in the manifest is missing");
      }
      shards[s] = Shard.open(p);
      if (shards[s].size() != info.records() || shards[s].numTargets() != m.targets().size()) {
        throw new InputException(p.toString(), 0, "shard does not match the manifest (records or targets differ)");
      }
    }
    return new Dataset(dir, m, shards);
  }

  public Path dir() {
    return dir;
  }

  public Manifest manifest() {
    return manifest;
  }

  /** Number of samples. */
  public int size() {
    return size;
  }

  /** Target specs in stored column order. */
  public List<TargetSpec> targetSpecs() {
    return manifest.targetSpecs();
  }

  /** Target names in stored column order. */
  public List<String> targetNames() {
    List<String> names = new ArrayList<>();
    for (Manifest.TargetInfo t : manifest.targets()) {
      names.add(t.name());
    }
    return names;
  }

  /** Indices of the samples of one split, ascending (a copy). */
  public int[] indices(Split split) {
    return splitIndices.get(split).clone();
  }

  /** Number of samples in one split. */
  public int size(Split split) {
    return splitIndices.get(split).length;
  }

  /** The shard that holds sample {@code index}. */
  Shard shardOf(int index) {
    return shards[shardNumber(index)];
  }

  /** Position of sample {@code index} within its shard. */
  int localIndex(int index) {
    return index - shardStart[shardNumber(index)];
  }

  private int shardNumber(int index) {
    if (index < 0 || index >= size) {
      throw new IndexOutOfBoundsException("sample " + index + " of " + size);
    }
    int s = Arrays.binarySearch(shardStart, index);
    if (s >= 0) {
      while (shards[s].size() == 0) {
        s++;
      }
      return s;
    }
    return -s - 2;
  }

  /**
   * The key of a reduced formula in {@link Batch#formulaKeys()}: equal formulas have equal keys (a stable 64-bit
   * hash; two different formulas share a key with probability about 1e-19 per pair).
   */
  public static long formulaKey(String reducedFormula) {
    return StableHash.hash(0, reducedFormula);
  }

  /** Sample {@code index}, decoded. */
  public Sample sample(int index) {
    return shardOf(index).sample(localIndex(index));
  }

  /** Id of sample {@code index}. */
  public String id(int index) {
    return shardOf(index).id(localIndex(index));
  }

  /** Reduced formula of sample {@code index}. */
  public String reducedFormula(int index) {
    return shardOf(index).reducedFormula(localIndex(index));
  }

  /** Split of sample {@code index}. */
  public Split split(int index) {
    return shardOf(index).split(localIndex(index));
  }
}
