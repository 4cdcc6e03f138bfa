package org.xxact.data;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

/**
 * The files of a dataset directory:
 *
 * <pre>
 * manifest.json         written last; its presence means the build finished
 * splits.csv            id,split for every sample, in sample order
 * rejects.jsonl         {"source","id","line","reason"} for every input record that could not be used
 * shards/shard-NNNNN.bin   samples of input records [N*shardSize, (N+1)*shardSize), see {@link ShardFormat}
 * build-params.json     the parameters of a build in progress (removed when it finishes)
 * shards/shard-NNNNN.rejects.jsonl   rejects of one shard while the build is in progress
 * </pre>
 */
public final class DatasetLayout {
  /** Version of the directory layout and shard format together. */
  public static final int FORMAT_VERSION = ShardFormat.VERSION;

  public static final String MANIFEST = "manifest.json";
  public static final String SPLITS = "splits.csv";
  public static final String REJECTS = "rejects.jsonl";
  public static final String SHARDS = "shards";
  public static final String BUILD_PARAMS = "build-params.json";

  /** Top-level names a dataset directory may hold; anything else means the directory is not (only) a dataset. */
  static final Set<String> OWNED = Set.of(MANIFEST, SPLITS, REJECTS, SHARDS, BUILD_PARAMS);

  private DatasetLayout() {}

  /** Shard file of chunk {@code n}, relative to the dataset directory. */
  public static String shardFile(int n) {
    return SHARDS + "/" + String.format(Locale.ROOT, "shard-%05d.bin", n);
  }

  /** Reject list of chunk {@code n} while a build is in progress, relative to the dataset directory. */
  static String shardRejectsFile(int n) {
    return SHARDS + "/" + String.format(Locale.ROOT, "shard-%05d.rejects.jsonl", n);
  }

  static Path shard(Path dir, int n) {
    return dir.resolve(shardFile(n));
  }

  static Path shardRejects(Path dir, int n) {
    return dir.resolve(shardRejectsFile(n));
  }
}
